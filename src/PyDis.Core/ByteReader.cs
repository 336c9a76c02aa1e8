using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace PyDis.Core
{
    /// <summary>
    /// The bounds-checked reader of the container and marshal data. Every read checks the remaining length
    /// first and throws <see cref="PycFormatException"/> naming the offset and what was expected; nothing here
    /// allocates more than the bytes it has been shown to have. The code tables (CodeTables) and the decoder's
    /// walk read their own arrays on their hot paths, with an explicit check before every index and the same
    /// exception for bad data.
    /// <para>
    /// The bytes come from an array, or from a stream of known length read through a window (<see cref="Data"/>)
    /// that a thread reuses from file to file: a file is never copied whole into fresh memory, which this kind of
    /// host pays for page by page (docs/performance.md). An array is a window that holds everything, so both
    /// take the same checks, errors and offsets.
    /// </para>
    /// </summary>
    public sealed class ByteReader : IDisposable
    {
        /// <summary>The window a stream is read through; an item longer than this gets a window of its own size.</summary>
        internal const int DefaultWindowSize = 32 * 1024;

        // The window the last stream reader on this thread gave back, for the next one.
        [ThreadStatic] private static byte[]? t_window;

        private readonly Stream? _stream;
        private readonly bool _ownsStream;
        private readonly bool _windowRented;
        private bool _disposed;
        // The window refills go to (a stream reader's; the array itself for an array reader).
        private byte[] _baseWindow;
        // The array holding the bytes at Position: _window[_index] is the byte at Position, _window[.._filled] are read.
        private byte[] _window;
        private int _windowStart;
        private int _index;
        private int _filled;
        private readonly int _end;

        public ByteReader(byte[] data) : this(data, 0, data?.Length ?? 0) { }

        public ByteReader(byte[] data, int start, int length)
        {
            _window = _baseWindow = data ?? throw new ArgumentNullException(nameof(data));
            if (start < 0 || length < 0 || start > data.Length - length) throw new ArgumentOutOfRangeException(nameof(start));
            _index = start;
            Start = start;
            _end = _filled = start + length;
        }

        /// <summary>
        /// A reader of <paramref name="stream"/> from its position to its length as it is now (offsets count from
        /// that position). A stream that ends early while read is an error at the offset it ended; bytes past that
        /// length are never read.
        /// </summary>
        public ByteReader(Stream stream) : this(stream, ownsStream: false, windowSize: 0) { }

        /// <param name="windowSize">0: the thread's reused window of <see cref="DefaultWindowSize"/>; else a window of
        /// that many bytes (tests use tiny ones, so that refills meet every item boundary).</param>
        internal ByteReader(Stream stream, bool ownsStream, int windowSize)
        {
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("a ByteReader needs a readable stream of known length", nameof(stream));
            if (windowSize < 0) throw new ArgumentOutOfRangeException(nameof(windowSize));
            long length = stream.Length - stream.Position;
            if (length < 0 || length > int.MaxValue) throw new ArgumentException($"a ByteReader reads up to {int.MaxValue} bytes, not {length}", nameof(stream));
            _stream = stream;
            _ownsStream = ownsStream;
            _end = (int)length;
            if (windowSize == 0)
            {
                // A small file gets a window of its size (as fresh as the array it replaces); others the thread's.
                int wanted = Math.Max(1, Math.Min(DefaultWindowSize, _end));
                var window = t_window;
                if (window != null && window.Length >= wanted) t_window = null;
                else window = new byte[wanted];
                _baseWindow = window;
                _windowRented = true;
            }
            else _baseWindow = new byte[windowSize];
            _window = _baseWindow;
        }

        /// <summary>
        /// A reader of the file at <paramref name="path"/> (owning its stream; dispose it). A file without a
        /// length to go by (a pipe, a /proc file) is read whole first, as <see cref="File.ReadAllBytes"/> reads it.
        /// </summary>
        /// <exception cref="IOException">And the rest of <see cref="FileStream"/>'s: the file cannot be opened.</exception>
        public static ByteReader OpenFile(string path) => OpenFile(path, 0);

        /// <summary>
        /// The most read from a file that has no length to go by (a pipe, a device, a /proc file): a .pyc is far smaller,
        /// and an endless source (/dev/zero, /dev/urandom) is refused after this much instead of read until memory runs out.
        /// </summary>
        internal const int MaxUnsizedBytes = 64 << 20;

        internal static ByteReader OpenFile(string path, int windowSize) => OpenFile(path, windowSize, MaxUnsizedBytes);

        internal static ByteReader OpenFile(string path, int windowSize, int maxUnsizedBytes)
        {
            // No FileStream buffer: the window is the only copy of the bytes.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            try
            {
                long length = stream.CanSeek ? stream.Length : 0;
                if (length > int.MaxValue)
                    throw new IOException($"the file is {length} bytes long; PyDis reads files of up to {int.MaxValue} bytes");
                if (length > 0) return new ByteReader(stream, ownsStream: true, windowSize);
                var all = new MemoryStream();
                var buffer = new byte[Math.Min(81920, maxUnsizedBytes + 1)];
                int got;
                while ((got = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (all.Length + got > maxUnsizedBytes)
                        throw new IOException($"it has no length to go by (a pipe or a device) and gave more than {maxUnsizedBytes} bytes; PyDis reads at most that much from such a source");
                    all.Write(buffer, 0, got);
                }
                stream.Dispose();
                return new ByteReader(all.ToArray());
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Gives the window back to the thread and closes a stream the reader opened.</summary>
        public void Dispose()
        {
            if (_stream is null || _disposed) return;
            _disposed = true;
            if (_windowRented) t_window = _baseWindow;
            _window = _baseWindow = Array.Empty<byte>();
            _windowStart += _index;
            _index = _filled = 0;
            if (_ownsStream) _stream.Dispose();
        }

        /// <summary>Offset reported in errors is <c>Position - Start + BaseOffset</c>.</summary>
        public long BaseOffset { get; set; }

        public int Start { get; }

        /// <summary>Index of the next byte in the array or stream (a stream counts from where the reader started).</summary>
        public int Position
        {
            get => _windowStart + _index;
            set
            {
                long i = (long)value - _windowStart;
                if (_stream is null || (i >= 0 && i <= _filled))
                {
                    _index = (int)i;
                    return;
                }
                if (value < 0 || value > _end) throw new ArgumentOutOfRangeException(nameof(value));
                // Outside the window: an empty one starts there.
                _stream.Seek(value - (_windowStart + _filled), SeekOrigin.Current);
                _windowStart = value;
                _index = _filled = 0;
            }
        }

        public int End => _end;
        public int Remaining => _end - Position;
        public bool AtEnd => Position >= _end;

        /// <summary>
        /// The array holding the next bytes, from <see cref="DataIndex"/> on: after <see cref="Require"/>(n) they are
        /// Data[DataIndex .. DataIndex + n). For an array reader, the array itself (DataIndex is Position); for a
        /// stream, a window valid until the next read.
        /// </summary>
        public byte[] Data => _window;

        /// <summary>Index in <see cref="Data"/> of the byte at <see cref="Position"/>.</summary>
        public int DataIndex => _index;

        /// <summary>Offset of the next byte as the user sees it (from the start of the file or table).</summary>
        public long Offset => Position - Start + BaseOffset;

        /// <summary>Checks that <paramref name="count"/> more bytes exist and brings them into <see cref="Data"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Require(int count, string context)
        {
            if (count < 0 || count > _filled - _index) Refill(count, context);
        }

        public byte ReadByte(string context)
        {
            if (_index >= _filled) Refill(1, context);
            return _window[_index++];
        }

        public ushort ReadUInt16(string context)
        {
            Require(2, context);
            int p = _index;
            _index += 2;
            return (ushort)(_window[p] | _window[p + 1] << 8);
        }

        public int ReadInt32(string context)
        {
            Require(4, context);
            int p = _index;
            _index += 4;
            var w = _window;
            return w[p] | w[p + 1] << 8 | w[p + 2] << 16 | w[p + 3] << 24;
        }

        public uint ReadUInt32(string context) => unchecked((uint)ReadInt32(context));

        public long ReadInt64(string context)
        {
            Require(8, context);
            long lo = (uint)ReadInt32(context);
            long hi = ReadInt32(context);
            return lo | hi << 32;
        }

        public double ReadDouble(string context) => BitConverter.Int64BitsToDouble(ReadInt64(context));

        /// <summary>Reads a length that a format stores as a signed 32-bit count, refusing negatives and lengths past the end.</summary>
        public int ReadLength(string context, int unitSize = 1)
        {
            long at = Offset;
            int n = ReadInt32(context);
            if (n < 0) throw new PycFormatException(at, context, $"negative length {n}");
            if ((long)n * unitSize > Remaining)
                throw new PycFormatException(at, context, $"length {n} needs {(long)n * unitSize} bytes but only {Remaining} remain");
            return n;
        }

        public byte[] ReadBytes(int count, string context)
        {
            if (count < 0 || count > _filled - _index)
            {
                if (count < 0 || count > Remaining) ThrowTruncated(count, context);
                // Longer than the window: straight from the stream into the result, not through a window of its size.
                if (count > _baseWindow.Length) return ReadPastWindow(count, context);
                Refill(count, context);
            }
            var result = new byte[count];
            Buffer.BlockCopy(_window, _index, result, 0, count);
            _index += count;
            return result;
        }

        public string ReadLatin1(int count, string context)
        {
            Require(count, context);
            string s = Latin1(_window, _index, count);
            _index += count;
            return s;
        }

        // ISO-8859-1 maps each byte to the char of the same value, as Latin-1 text is read here; the runtime's decoder
        // widens many bytes per step (a byte at a time was 4 instructions a char of every long string, docstrings).
        private static readonly Encoding Latin1Text = Encoding.GetEncoding(28591);

        /// <summary><paramref name="count"/> bytes as Latin-1 text (each byte one char).</summary>
        internal static string Latin1(byte[] data, int start, int count)
        {
            if (start < 0 || count < 0 || start > data.Length - count) throw new ArgumentOutOfRangeException(nameof(start));
            return count == 0 ? "" : Latin1Text.GetString(data, start, count);
        }

        public void Skip(int count, string context)
        {
            Require(count, context);
            _index += count;
        }

        public PycFormatException Error(string context, string problem) => new PycFormatException(Offset, context, problem);

        public PycFormatException ErrorAt(long offset, string context, string problem) => new PycFormatException(offset, context, problem);

        /// <summary>Require's slow path: refuses a count past the end, else reads the stream until the window holds it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Refill(int count, string context)
        {
            if (count < 0 || count > Remaining || _stream is null) ThrowTruncated(count, context);
            int kept = _filled - _index;
            // An item longer than the usual window gets one of its own size (no longer than the length checked above).
            var target = count <= _baseWindow.Length ? _baseWindow : new byte[count];
            if (kept > 0) Buffer.BlockCopy(_window, _index, target, 0, kept);
            _windowStart += _index;
            _index = 0;
            _filled = kept;
            _window = target;
            int room = (int)Math.Min(target.Length, (long)_end - _windowStart);
            while (_filled < count) _filled += ReadSome(target, _filled, room - _filled, count, context);
        }

        // ReadBytes of more than the window holds: what the window has, then the rest straight into the result.
        private byte[] ReadPastWindow(int count, string context)
        {
            var result = new byte[count];
            int n = _filled - _index;
            Buffer.BlockCopy(_window, _index, result, 0, n);
            while (n < count) n += ReadSome(result, n, count - n, count, context);
            _windowStart += _index + count;
            _index = _filled = 0;
            _window = _baseWindow;
            return result;
        }

        // One read of up to `room` bytes into `into` at `at`, where the `count` bytes needed at Position have `at` of
        // theirs already (the window and a ReadPastWindow result both start at Position). A stream that ends before the
        // length it had when the reader started is bad data (the file changed while being read), never a reason to wait.
        private int ReadSome(byte[] into, int at, int room, int count, string context)
        {
            int got = _stream!.Read(into, at, room);
            if (got > 0) return got;
            throw new PycFormatException(Offset, context,
                $"expected {count} more byte(s) but the data ends after {at}: the file was {_end} bytes long when opened and changed while being read");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowTruncated(int count, string context) =>
            throw new PycFormatException(Offset, context, $"expected {count} more byte(s) but the data ends after {Math.Max(0, Remaining)}");
    }
}
