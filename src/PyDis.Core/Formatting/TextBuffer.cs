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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Append(char c)
        {
            var chars = _chars;
            int n = _length;
            if ((uint)n < (uint)chars.Length)
            {
                chars[n] = c;
                _length = n + 1;
            }
            else AppendGrowing(c);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private void AppendGrowing(char c)
        {
            Grow(1);
            _chars[_length++] = c;
        }

        public unsafe void Append(string s)
        {
            int n = s.Length;
            if (_length + n > _chars.Length) Grow(n);
            fixed (char* buf = _chars)
            fixed (char* src = s)
                Copy(buf + _length, src, n);
            _length += n;
        }

        // Most pieces of a line are a few characters long: four at a time costs less than a memmove call.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static unsafe void Copy(char* d, char* f, int n)
        {
            for (; n >= 4; n -= 4, d += 4, f += 4) *(ulong*)d = *(ulong*)f;
            if (n >= 2) { *(uint*)d = *(uint*)f; d += 2; f += 2; n -= 2; }
            if (n > 0) *d = *f;
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

        // Padding is written 16 chars at a time into the buffer's slack past the text, which is never read, so a pad
        // of up to 16 (nearly all of them) costs four stores and no loop.
        private const int SpaceStore = 16;

        public unsafe void Spaces(int count)
        {
            if (count <= 0) return;
            if (_length + count + SpaceStore > _chars.Length) Grow(count + SpaceStore);
            fixed (char* buf = _chars)
            {
                ulong* p = (ulong*)(buf + _length), end = (ulong*)(buf + _length + count);
                do
                {
                    p[0] = FourSpaces; p[1] = FourSpaces; p[2] = FourSpaces; p[3] = FourSpaces;
                    p += 4;
                }
                while (p < end);
            }
            _length += count;
        }

        /// <summary><c>s.ljust(width)</c>.</summary>
        public void PadRight(string s, int width) => PadRight(s, width, 0);

        /// <summary><c>s.ljust(width) + ' ' * extraSpaces</c>, in one step: spaces over the whole width first, then s.</summary>
        public unsafe void PadRight(string s, int width, int extraSpaces)
        {
            int n = s.Length;
            int total = (width > n ? width : n) + extraSpaces;
            if (_length + total + SpaceStore > _chars.Length) Grow(total + SpaceStore);
            fixed (char* buf = _chars)
            fixed (char* src = s)
            {
                char* d = buf + _length;
                for (ulong* p = (ulong*)d, end = (ulong*)(d + total); p < end; p += 4)
                {
                    p[0] = FourSpaces; p[1] = FourSpaces; p[2] = FourSpaces; p[3] = FourSpaces;
                }
                Copy(d, src, n);
            }
            _length += total;
        }

        /// <summary><c>s.rjust(width)</c>.</summary>
        public void PadLeft(string s, int width)
        {
            Spaces(width - s.Length);
            Append(s);
        }

        /// <summary><c>repr(n).rjust(width)</c> for an int.</summary>
        public void PadLeft(long n, int width) => PadLeft(n, width, 0);

        /// <summary><c>' ' * extraSpaces + repr(n).rjust(width)</c> for an int.</summary>
        public unsafe void PadLeft(long n, int width, int extraSpaces)
        {
            // The common case, an offset, line or oparg below 10,000 in a column of at most 16: one capacity check,
            // four stores of spaces and the digits in pairs (this was a tenth of the formatter's instructions).
            if ((ulong)n < 10000 && width >= 0 && extraSpaces >= 0 && width + extraSpaces <= SpaceStore)
            {
                uint v = (uint)n;
                int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
                int total = (width > digits ? width : digits) + extraSpaces;
                if (_length + total + SpaceStore > _chars.Length) Grow(total + SpaceStore);
                fixed (char* buf = _chars)
                {
                    char* p = buf + _length;
                    ulong* w = (ulong*)p;
                    w[0] = FourSpaces; w[1] = FourSpaces; w[2] = FourSpaces; w[3] = FourSpaces;
                    SmallDigits(p + total, v);
                }
                _length += total;
                return;
            }
            int count = Digits(n);
            Spaces(extraSpaces);
            Spaces(width - count);
            AppendInt(n, count);
        }

        public unsafe void AppendInt(long n)
        {
            if ((ulong)n < 10000)
            {
                uint v = (uint)n;
                int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
                if (_length + digits > _chars.Length) Grow(digits);
                fixed (char* buf = _chars) SmallDigits(buf + _length + digits, v);
                _length += digits;
                return;
            }
            AppendInt(n, Digits(n));
        }

        // "00" .. "99": two digits are one 32-bit store (a literal: no static constructor to check on each use).
        private const string DigitPairs =
            "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849" +
            "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

        // The digits of v (below 10,000) written backwards from end.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static unsafe void SmallDigits(char* end, uint v)
        {
            fixed (char* pairs = DigitPairs)
            {
                if (v >= 100)
                {
                    uint hi = v / 100;
                    end -= 2;
                    *(uint*)end = *(uint*)(pairs + 2 * (v - hi * 100));
                    v = hi;
                }
                if (v >= 10) *(uint*)(end - 2) = *(uint*)(pairs + 2 * v);
                else end[-1] = (char)('0' + v);
            }
        }

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
