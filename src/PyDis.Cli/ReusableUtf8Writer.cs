using System;
using System.IO;
using System.Text;

namespace PyDis.Cli
{
    /// <summary>
    /// UTF-8 text into one stream after another, with the same buffers for all of them: a StreamWriter per output
    /// file allocated 80 KB of buffers (its chars, then its bytes), a fifth of all that a whole-stdlib batch allocated
    /// (docs/performance.md). One per thread; the bytes are StreamWriter's (UTF-8 without BOM, lone surrogates
    /// replaced), so the files are the same.
    /// </summary>
    internal sealed class ReusableUtf8Writer : TextWriter
    {
        // Small enough that both buffers stay off the large object heap, large enough to halve the write calls of 8 K.
        private const int BufferChars = 16384;
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);
        private readonly char[] _chars = new char[BufferChars];
        private readonly byte[] _bytes = new byte[Utf8.GetMaxByteCount(BufferChars)];
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
            _encoder.Reset();
        }

        /// <summary>Writes out what is buffered (and a pending lone surrogate) and lets go of the stream.</summary>
        public void Finish()
        {
            try
            {
                Encode(_chars, 0, _length, flush: true);
            }
            finally
            {
                _length = 0;
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

        public override void Flush() => Drain();

        private void Drain()
        {
            Encode(_chars, 0, _length, flush: false);
            _length = 0;
        }

        private void Encode(char[] chars, int index, int count, bool flush)
        {
            var stream = _stream ?? throw new InvalidOperationException("no stream to write into");
            int n = _encoder.GetBytes(chars, index, count, _bytes, 0, flush);
            if (n > 0) stream.Write(_bytes, 0, n);
        }
    }
}
