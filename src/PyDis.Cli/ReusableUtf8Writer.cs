using System;
using System.IO;
using System.Text;

namespace PyDis.Cli
{
    /// <summary>
    /// UTF-8 text into one stream after another, with the same buffers for all of them: a StreamWriter per output
    /// file allocated 80 KB of buffers (its chars, then its bytes), a fifth of all that a whole-stdlib batch allocated
    /// (docs/performance.md). One per thread; the bytes are StreamWriter's (UTF-8 without BOM, lone surrogates
    /// replaced), so the files are the same. A file's bytes are gathered (up to <see cref="MaxPendingBytes"/>) and
    /// written with one call: the stdlib's median output is 110 KB, which a 16 K-char buffer wrote in about ten
    /// calls, each a costly system call on a virtual machine.
    /// </summary>
    internal sealed class ReusableUtf8Writer : TextWriter
    {
        private const int BufferChars = 16384;
        // Bytes gathered before they are written; the buffer grows to this once and is kept for every file after.
        private const int MaxPendingBytes = 1 << 20;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
        private static readonly int MaxBytesPerChunk = Utf8.GetMaxByteCount(BufferChars);
        private readonly char[] _chars = new char[BufferChars];
        private byte[] _bytes = new byte[4 * MaxBytesPerChunk];
        private int _pending;
        private readonly Encoder _encoder = Utf8.GetEncoder();
        private Stream? _stream;
        private int _length;

        public ReusableUtf8Writer() : base(System.Globalization.CultureInfo.InvariantCulture) => NewLine = "\n";

        public override Encoding Encoding => Utf8;

        /// <summary>Starts writing into <paramref name="stream"/> (the previous one must have been finished).</summary>
        public void Start(Stream stream)
        {
            if (_stream != null) throw new InvalidOperationException("the previous stream was not finished");
            _stream = stream;
            _length = 0;
            _pending = 0;
            _encoder.Reset();
        }

        /// <summary>Writes out what is buffered (and a pending lone surrogate) and lets go of the stream.</summary>
        public void Finish()
        {
            try
            {
                Encode(_chars, 0, _length, flush: true);
                WritePending();
            }
            finally
            {
                _length = 0;
                _pending = 0;
                _stream = null;
            }
        }

        public override void Write(char value)
        {
            if (_length == _chars.Length) Drain();
            _chars[_length++] = value;
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            int done = 0;
            while (done < value.Length)
            {
                if (_length == _chars.Length) Drain();
                int n = Math.Min(value.Length - done, _chars.Length - _length);
                value.CopyTo(done, _chars, _length, n);
                _length += n;
                done += n;
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (buffer is null) throw new ArgumentNullException(nameof(buffer));
            if (count <= _chars.Length - _length)
            {
                Array.Copy(buffer, index, _chars, _length, count);
                _length += count;
                return;
            }
            // A large block (the formatter's): encoded from where it is, without copying it here first.
            Drain();
            while (count > 0)
            {
                int n = Math.Min(count, BufferChars);
                Encode(buffer, index, n, flush: false);
                index += n;
                count -= n;
            }
        }

        public override void Flush()
        {
            Drain();
            WritePending();
        }

        private void Drain()
        {
            Encode(_chars, 0, _length, flush: false);
            _length = 0;
        }

        // Encodes into the pending bytes (count <= BufferChars), writing them out first when they could not hold the result.
        private void Encode(char[] chars, int index, int count, bool flush)
        {
            if (_stream is null) throw new InvalidOperationException("no stream to write into");
            if (_bytes.Length - _pending < MaxBytesPerChunk)
            {
                if (_bytes.Length < MaxPendingBytes) Array.Resize(ref _bytes, Math.Min(_bytes.Length * 2, MaxPendingBytes));
                else WritePending();
            }
            _pending += _encoder.GetBytes(chars, index, count, _bytes, _pending, flush);
        }

        private void WritePending()
        {
            if (_pending == 0) return;
            var stream = _stream ?? throw new InvalidOperationException("no stream to write into");
            stream.Write(_bytes, 0, _pending);
            _pending = 0;
        }
    }
}
