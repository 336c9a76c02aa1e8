using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Threading;

namespace PyDis.Core.Repr
{
    /// <summary>
    /// Decimal digits of a double, computed exactly with integers so the result does not depend on the
    /// runtime's own formatting (.NET Framework's "R" and "E16" are not correctly rounded).
    /// </summary>
    internal static class FloatFormat
    {
        // 10^0 .. 10^(Pow10Cached - 1), grown as far as asked for: all 400 were ~45 KB of fresh memory at the first
        // float repr, while a float near 1 needs a few. Shared by every thread; two may grow it at once (either
        // table is right).
        private const int Pow10Cached = 400;
        private static BigInteger[] s_pow10 = { BigInteger.One };

        /// <summary>
        /// Whether this runtime's "R" format gives the shortest round-trip digits (.NET Core 3.0 and later);
        /// .NET Framework's does not (it prints 15 digits, or 17 when 15 do not round-trip).
        /// </summary>
        internal static readonly bool RuntimeIsShortest =
            double.Epsilon.ToString("R", CultureInfo.InvariantCulture) == "5E-324"
            && 0.3.ToString("R", CultureInfo.InvariantCulture) == "0.3"
            && 2.0E-3.ToString("R", CultureInfo.InvariantCulture) == "0.002";

        /// <summary>
        /// Digits and decimal point position from the runtime's shortest "R" text. Declines powers of two
        /// (the asymmetric-interval case, where .NET 10 prints digits that do not read back, e.g. 2^-25) and
        /// any text that does not read back as v.
        /// </summary>
        internal static bool TryRuntimeShortest(double v, out string digits, out int decpt)
        {
            digits = "";
            decpt = 0;
            if ((BitConverter.DoubleToInt64Bits(v) & 0xFFFFFFFFFFFFFL) == 0) return false;
            string r = v.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture) != v) return false;
            int e = r.IndexOf('E');
            int exp10 = 0;
            if (e >= 0 && !int.TryParse(r.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp10))
                return false;
            int end = e >= 0 ? e : r.Length;
            var sb = new StringBuilder(20);
            int intDigits = 0;
            bool seenDot = false;
            for (int i = 0; i < end; i++)
            {
                char c = r[i];
                if (c == '.') { seenDot = true; continue; }
                if (c < '0' || c > '9') return false;
                if (!seenDot) intDigits++;
                sb.Append(c);
            }
            int lead = 0;
            while (lead < sb.Length - 1 && sb[lead] == '0') lead++;
            int last = sb.Length;
            while (last > lead + 1 && sb[last - 1] == '0') last--;
            if (sb[lead] == '0') return false;
            digits = sb.ToString(lead, last - lead);
            decpt = intDigits - lead + exp10;
            return true;
        }

        private static BigInteger Pow10(int n)
        {
            if (n >= Pow10Cached) return BigInteger.Pow(10, n);
            var p = Volatile.Read(ref s_pow10);
            if (n >= p.Length)
            {
                var grown = new BigInteger[Math.Min(Pow10Cached, Math.Max(n + 1, 2 * p.Length))];
                Array.Copy(p, grown, p.Length);
                for (int i = p.Length; i < grown.Length; i++) grown[i] = grown[i - 1] * 10;
                Volatile.Write(ref s_pow10, grown);
                p = grown;
            }
            return p[n];
        }

        /// <summary>
        /// Python's float repr (format code 'r', as PyOS_double_to_string): shortest round-trip digits,
        /// exponent form when the decimal point position is &lt;= -4 or &gt; 16.
        /// </summary>
        /// <param name="addDot0">Append ".0" to integral fixed-point output (float repr; not complex parts).</param>
        /// <param name="sign">Write '+' for non-negative values (imaginary part of a complex).</param>
        public static void AppendRepr(StringBuilder sb, double v, bool addDot0, bool sign)
        {
            if (double.IsNaN(v))
            {
                if (sign) sb.Append('+');
                sb.Append("nan");
                return;
            }
            bool negative = v < 0 || (v == 0 && BitConverter.DoubleToInt64Bits(v) < 0);
            if (negative) sb.Append('-');
            else if (sign) sb.Append('+');
            if (double.IsInfinity(v))
            {
                sb.Append("inf");
                return;
            }
            if (v == 0)
            {
                sb.Append(addDot0 ? "0.0" : "0");
                return;
            }
            string digits;
            int decpt;
            if (!RuntimeIsShortest || !TryRuntimeShortest(Math.Abs(v), out digits, out decpt))
                Shortest(Math.Abs(v), out digits, out decpt);
            if (decpt <= -4 || decpt > 16) AppendExponent(sb, digits, decpt, 2);
            else AppendFixed(sb, digits, decpt, addDot0);
        }

        /// <summary>C's "%.17g" as glibc prints it, with Python 3.0's ".0" for integral results.</summary>
        public static void AppendG17(StringBuilder sb, double v, bool addDot0, bool sign)
        {
            // format_double replaces whatever %g made of a NaN ("-nan" for a negative one) with "nan".
            if (double.IsNaN(v)) { sb.Append("nan"); return; }
            bool negative = BitConverter.DoubleToInt64Bits(v) < 0;
            if (negative) sb.Append('-');
            else if (sign) sb.Append('+');
            if (double.IsNaN(v)) { sb.Append("nan"); return; }
            if (double.IsInfinity(v)) { sb.Append("inf"); return; }
            if (v == 0) { sb.Append(addDot0 ? "0.0" : "0"); return; }
            Rounded(Math.Abs(v), 17, out string digits, out int decpt);
            int x = decpt - 1;
            if (x < -4 || x >= 17)
            {
                AppendExponent(sb, digits, decpt, 2);
                return;
            }
            AppendFixed(sb, digits, decpt, addDot0);
        }

        private static void AppendFixed(StringBuilder sb, string digits, int decpt, bool addDot0)
        {
            int n = digits.Length;
            if (decpt <= 0)
            {
                sb.Append("0.").Append('0', -decpt).Append(digits);
            }
            else if (decpt >= n)
            {
                sb.Append(digits).Append('0', decpt - n);
                if (addDot0) sb.Append(".0");
            }
            else
            {
                sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, n - decpt);
            }
        }

        private static void AppendExponent(StringBuilder sb, string digits, int decpt, int minExpDigits)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            int exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            string e = Math.Abs(exp).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (e.Length < minExpDigits) sb.Append('0', minExpDigits - e.Length);
            sb.Append(e);
        }

        /// <summary>
        /// Shortest digits that read back as <paramref name="v"/> (positive, finite); among several of that
        /// length, the nearest to v, ties to an even last digit (David Gay's dtoa mode 0). v = 0.digits * 10^decpt.
        /// </summary>
        public static void Shortest(double v, out string digits, out int decpt)
        {
            Decompose(v, out long mant, out int exp, out bool lowerGapHalf);
            // In units of 2^(exp-2): v = 4m, the round-trip interval is (4m - lowGap, 4m + 2).
            var center = new BigInteger(mant) * 4;
            var low = center - (lowerGapHalf ? 1 : 2);
            var high = center + 2;
            bool inclusive = (mant & 1) == 0;
            int s = exp - 2;
            int k = DecimalExponent(v, mant, exp);
            // Constants in code are mostly short ("0.5", "1e-06"), so try lengths upwards.
            for (int p = 1; p <= 17; p++)
                if (TryDigits(center, low, high, s, inclusive, k, p, out digits, out decpt)) return;
            Rounded(v, 17, out digits, out decpt);
        }

        /// <summary>The p-digit decimal inside the round-trip interval nearest to v, if there is one.</summary>
        private static bool TryDigits(BigInteger center, BigInteger low, BigInteger high, int s, bool inclusive, int k, int p,
            out string digits, out int decpt)
        {
            int q = k - p + 1; // candidate = d * 10^q
            ToRational(center, s, q, out var num, out var den);
            var d = BigInteger.DivRem(num, den, out var rem);
            var dUp = d + 1;
            bool downOk = !d.IsZero && Inside(d, q, low, high, s, inclusive);
            bool upOk = Inside(dUp, q, low, high, s, inclusive);
            digits = "";
            decpt = 0;
            if (!downOk && !upOk) return false;
            BigInteger pick;
            if (downOk && upOk)
            {
                int c = (rem * 2).CompareTo(den);
                pick = c < 0 ? d : c > 0 ? dUp : (d.IsEven ? d : dUp);
            }
            else pick = downOk ? d : dUp;
            Digits(pick, q, out digits, out decpt);
            return true;
        }

        /// <summary>v (positive, finite) correctly rounded to <paramref name="precision"/> significant digits, half to even.</summary>
        public static void Rounded(double v, int precision, out string digits, out int decpt)
        {
            Decompose(v, out long mant, out int exp, out _);
            int k = DecimalExponent(v, mant, exp);
            int q = k - precision + 1;
            ToRational(new BigInteger(mant), exp, q, out var num, out var den);
            var d = BigInteger.DivRem(num, den, out var rem);
            int c = (rem * 2).CompareTo(den);
            if (c > 0 || (c == 0 && !d.IsEven)) d += 1;
            Digits(d, q, out digits, out decpt);
        }

        private static void Digits(BigInteger d, int q, out string digits, out int decpt)
        {
            string s = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            int end = s.Length;
            while (end > 1 && s[end - 1] == '0') end--;
            digits = end == s.Length ? s : s.Substring(0, end);
            decpt = s.Length + q;
        }

        /// <summary>v = mant * 2^exp exactly; lowerGapHalf when the next double below is nearer than the one above.</summary>
        private static void Decompose(double v, out long mant, out int exp, out bool lowerGapHalf)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            int biased = (int)((bits >> 52) & 0x7FF);
            long fraction = bits & 0xFFFFFFFFFFFFFL;
            if (biased == 0)
            {
                mant = fraction;
                exp = -1074;
                lowerGapHalf = false;
            }
            else
            {
                mant = fraction | (1L << 52);
                exp = biased - 1075;
                lowerGapHalf = fraction == 0 && biased > 1;
            }
        }

        /// <summary>floor(log10(v)), exact.</summary>
        private static int DecimalExponent(double v, long mant, int exp)
        {
            int k = (int)Math.Floor(Math.Log10(v));
            // Fix the estimate: 10^k <= v < 10^(k+1).
            while (Compare(new BigInteger(mant), exp, BigInteger.One, k) < 0) k--;
            while (Compare(new BigInteger(mant), exp, BigInteger.One, k + 1) >= 0) k++;
            return k;
        }

        /// <summary>Compares a * 2^s with b * 10^q.</summary>
        private static int Compare(BigInteger a, int s, BigInteger b, int q)
        {
            if (s >= 0) a <<= s; else b <<= -s;
            if (q >= 0) b *= Pow10(q); else a *= Pow10(-q);
            return a.CompareTo(b);
        }

        /// <summary>(a * 2^s) / 10^q as num / den.</summary>
        private static void ToRational(BigInteger a, int s, int q, out BigInteger num, out BigInteger den)
        {
            num = a;
            den = BigInteger.One;
            if (s >= 0) num <<= s; else den <<= -s;
            if (q >= 0) den *= Pow10(q); else num *= Pow10(-q);
        }

        private static bool Inside(BigInteger d, int q, BigInteger low, BigInteger high, int s, bool inclusive)
        {
            int lo = CompareDec(d, q, low, s);
            int hi = CompareDec(d, q, high, s);
            return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
        }

        /// <summary>Compares d * 10^q with a * 2^s.</summary>
        private static int CompareDec(BigInteger d, int q, BigInteger a, int s) => -Compare(a, s, d, q);
    }
}
