using System;
using System.IO;
using System.Text;

namespace PyDis.Cli
{
    /// <summary>
    /// UTF-8 text into one stream after another, with the same buffers for all of them: a StreamWriter per output
    /// file allocated 80 KB of buffers (its chars, then its bytes), a fifth of all that a whole-stdlib batch allocated
    /// (docs/performance.md). One per thread; the bytes are StreamWriter's (UTF-8 without BOM, lone surrogates
    /// replaced), so the files are the same. A file's bytes are gathered (up to 1 MB) and
    /// written with one call: the stdlib's median output is 110 KB, which a 16 K-char buffer wrote in about ten
    /// calls, each a costly system call on a virtual machine. Standard output gets a small one (<see cref="ForStream"/>):
    /// there the bytes go out as they come, and every page of buffer a lone file's run touches is fresh memory (on the
    /// host measured in docs/performance.md, ~12 us a page; StreamWriter's 64 K-char buffers were 80 of them).
    /// </summary>
    internal sealed class ReusableUtf8Writer : TextWriter
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
        private readonly int _bufferChars;
        // Blocks of at least this many chars are encoded where they are instead of copied into the buffer first.
        private const int DirectBlock = 1024;
        private readonly int _maxBytesPerChunk;
        private readonly char[] _chars;
        private readonly byte[] _bytes;
        private int _pending;
        private readonly Encoder _encoder = Utf8.GetEncoder();
        private Stream? _stream;
        private int _length;

        /// <summary>A writer for one output file after another: up to 1 MB of a file's bytes written with one call.</summary>
        public ReusableUtf8Writer() : this(16384, 1 << 20) { }

        private ReusableUtf8Writer(int bufferChars, int maxPendingBytes) : base(System.Globalization.CultureInfo.InvariantCulture)
        {
            NewLine = "\n";
            _bufferChars = bufferChars;
            _maxBytesPerChunk = Utf8.GetMaxByteCount(bufferChars);
            // Not zeroed: a page of them is only touched when text reaches it (a short run's output uses a few).
            _chars = GC.AllocateUninitializedArray<char>(bufferChars);
            // The bytes gathered before they are written, kept for every file after. Whole at once: grown by doubling
            // it was four arrays on the large object heap per thread (196 KB to 1 MB), enough to start a full collection
            // early in a batch; pages of it no output reaches are never touched.
            _bytes = GC.AllocateUninitializedArray<byte>(Math.Max(maxPendingBytes, _maxBytesPerChunk));
        }

        /// <summary>
        /// A writer started on <paramref name="stream"/> (standard output) with small buffers: 4 K chars, and the bytes
        /// written in blocks of 36-48 KB (what a pipe takes in one go), about as many calls as a 64 K-char StreamWriter made.
        /// </summary>
        public static ReusableUtf8Writer ForStream(Stream stream)
        {
            var writer = new ReusableUtf8Writer(4096, 4 * Utf8.GetMaxByteCount(4096));
            writer.Start(stream);
            return writer;
        }

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
            if (count < DirectBlock && count <= _chars.Length - _length)
            {
                Array.Copy(buffer, index, _chars, _length, count);
                _length += count;
                return;
            }
            // A large block (the formatter's 8 K chars): encoded from where it is, without copying it here first.
            Drain();
            while (count > 0)
            {
                int n = Math.Min(count, _bufferChars);
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

        // Encodes into the pending bytes (count <= _bufferChars), writing them out first when they could not hold the result.
        private void Encode(char[] chars, int index, int count, bool flush)
        {
            if (_stream is null) throw new InvalidOperationException("no stream to write into");
            if (_bytes.Length - _pending < _maxBytesPerChunk) WritePending();
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
