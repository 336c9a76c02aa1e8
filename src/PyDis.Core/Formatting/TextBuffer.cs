using System;
using System.IO;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// A reusable char buffer the formatter writes whole lines into, so padding and numbers cost no
    /// allocation; flushed to the TextWriter in large blocks.
    /// </summary>
    internal sealed class TextBuffer
    {
        // Small: every page of the buffer is fresh memory for a lone file's run (docs/performance.md), and the writer
        // behind gathers the bytes for its own, fewer, writes.
        private const int FlushAt = 8 * 1024;
        private char[] _chars = new char[FlushAt + 4096];
        private int _length;

        public int Length => _length;

        public void Clear() => _length = 0;

        public void Append(char c)
        {
            if (_length == _chars.Length) Grow(1);
            _chars[_length++] = c;
        }

        public unsafe void Append(string s)
        {
            int n = s.Length;
            if (_length + n > _chars.Length) Grow(n);
            fixed (char* buf = _chars)
            fixed (char* src = s)
            {
                // Most pieces of a line are a few characters long: four at a time costs less than a memmove call.
                char* d = buf + _length, f = src;
                int left = n;
                for (; left >= 4; left -= 4, d += 4, f += 4) *(ulong*)d = *(ulong*)f;
                if (left >= 2) { *(uint*)d = *(uint*)f; d += 2; f += 2; left -= 2; }
                if (left > 0) *d = *f;
            }
            _length += n;
        }

        /// <summary>The builder's text (a repr made elsewhere), without a string in between.</summary>
        public void Append(System.Text.StringBuilder sb)
        {
            int n = sb.Length;
            if (_length + n > _chars.Length) Grow(n);
            sb.CopyTo(0, _chars, _length, n);
            _length += n;
        }

        private const ulong FourSpaces = 0x0020_0020_0020_0020UL;

        public unsafe void Spaces(int count)
        {
            if (count <= 0) return;
            if (_length + count > _chars.Length) Grow(count);
            fixed (char* buf = _chars)
            {
                char* p = buf + _length, end = p + count;
                for (; p + 4 <= end; p += 4) *(ulong*)p = FourSpaces;
                for (; p < end; p++) *p = ' ';
            }
            _length += count;
        }

        /// <summary><c>s.ljust(width)</c>.</summary>
        public void PadRight(string s, int width)
        {
            Append(s);
            Spaces(width - s.Length);
        }

        /// <summary><c>s.rjust(width)</c>.</summary>
        public void PadLeft(string s, int width)
        {
            Spaces(width - s.Length);
            Append(s);
        }

        /// <summary><c>repr(n).rjust(width)</c> for an int.</summary>
        public void PadLeft(long n, int width)
        {
            int digits = Digits(n);
            Spaces(width - digits);
            AppendInt(n, digits);
        }

        public void AppendInt(long n) => AppendInt(n, Digits(n));

        private unsafe void AppendInt(long n, int digits)
        {
            if (_length + digits > _chars.Length) Grow(digits);
            fixed (char* buf = _chars)
            {
                ulong u;
                if (n < 0) { buf[_length] = '-'; u = (ulong)(-(n + 1)) + 1; }
                else u = (ulong)n;
                char* p = buf + _length + digits;
                if (u <= uint.MaxValue)
                {
                    uint v = (uint)u;  // 32-bit division: the common case, and cheaper
                    while (v >= 10) { uint q = v / 10; *--p = (char)('0' + (v - q * 10)); v = q; }
                    *--p = (char)('0' + v);
                }
                else
                {
                    do { ulong q = u / 10; *--p = (char)('0' + (int)(u - q * 10)); u = q; } while (u != 0);
                }
            }
            _length += digits;
        }

        /// <summary>Python's <c>str.rstrip()</c> of the text written since <paramref name="lineStart"/>.</summary>
        public void TrimEnd(int lineStart)
        {
            while (_length > lineStart)
            {
                char c = _chars[_length - 1];
                if (c > ' ' && c < 127) return;  // the common case: a line ends in a visible ASCII character
                if (!IsPySpace(c)) return;
                _length--;
            }
        }

        /// <summary>Ends a line with '\n' (what print writes on every platform) and flushes when full (never without a writer).</summary>
        public void EndLine(TextWriter? writer)
        {
            Append('\n');
            if (_length >= FlushAt && writer != null) Flush(writer);
        }

        public void Flush(TextWriter writer)
        {
            if (_length == 0) return;
            writer.Write(_chars, 0, _length);
            _length = 0;
        }

        public override string ToString() => new string(_chars, 0, _length);

        public static int Digits(long n)
        {
            if (n >= 0 && n < 10000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
            int d = n < 0 ? 2 : 1;
            ulong u = n < 0 ? (ulong)(-(n + 1)) + 1 : (ulong)n;
            while (u >= 10) { u /= 10; d++; }
            return d;
        }

        private static bool IsPySpace(char c) =>
            c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f') || (c > 127 && char.IsWhiteSpace(c));

        private void Grow(int extra)
        {
            var bigger = new char[Math.Max(_chars.Length * 2, _length + extra)];
            Array.Copy(_chars, bigger, _length);
            _chars = bigger;
        }
    }
}
