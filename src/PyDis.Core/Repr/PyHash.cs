using System;
using System.Numerics;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Repr
{
    /// <summary>
    /// hash() of marshallable constants as one CPython build computes it with PYTHONHASHSEED=0 (zero hash secret).
    /// Only what decides set order is modelled; values whose hash is a memory address report failure.
    /// Hashes are Py_hash_t values sign-extended to 64 bits.
    /// </summary>
    internal sealed class PyHash
    {
        private enum StrAlgo { Multiplicative, SipHash24, SipHash13, Fnv }

        private readonly StrAlgo _str;
        private readonly bool _utf16;        // 3.0-3.2 narrow builds: str hash over UTF-16 units
        private readonly bool _oldNumbers;   // 2.7-3.1: int and float hashes before the modular scheme of 3.2
        private readonly bool _shuffledSets; // 3.6+: frozenset_hash shuffles
        private readonly bool _xxTuple;      // 3.8+: xxHash-based tuple hash
        private readonly bool _nanIsZero;    // before 3.10 hash(nan) == 0; later it is the object's address
        private readonly bool _noneConstant; // 3.12+: hash(None) is a constant

        /// <summary>Py_hash_t width in bits: 64, or 32 on wasm32.</summary>
        public int Bits { get; }

        private readonly ulong _mask;      // all ones in Bits
        private readonly ulong _modulus;   // 2^61-1 or 2^31-1
        private readonly int _modBits;

        private PyHash(int bits, StrAlgo str, SetOrderRules rules)
        {
            Bits = bits;
            _mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            _modBits = bits == 64 ? 61 : 31;
            _modulus = (1UL << _modBits) - 1;
            _str = str;
            _utf16 = rules.StrUnitsAreUtf16;
            _oldNumbers = !rules.NumberHashIsModular;
            _shuffledSets = rules.FrozenSetHashIsShuffled;
            _xxTuple = rules.TupleHashIsXxHash;
            _nanIsZero = rules.NanHashIsZero;
            _noneConstant = rules.NoneHashIsConstant;
        }

        /// <summary>The hash model of a release's set-order rules on a build.</summary>
        public static PyHash For(SetOrderRules rules, PyHashBuild build)
        {
            // Pyodide (wasm32): 32-bit Py_hash_t and the FNV str hash, whatever the 64-bit build uses.
            bool pyodide = build == PyHashBuild.Pyodide && rules.StrHash != StrHashFunction.Multiplicative;
            var str = pyodide ? StrAlgo.Fnv
                : rules.StrHash == StrHashFunction.SipHash13 ? StrAlgo.SipHash13
                : rules.StrHash == StrHashFunction.SipHash24 ? StrAlgo.SipHash24 : StrAlgo.Multiplicative;
            return new PyHash(pyodide ? 32 : 64, str, rules);
        }

        private long Signed(ulong x) => Bits == 64 ? (long)x : (int)(uint)x;

        private long NotMinusOne(ulong x)
        {
            long h = Signed(x & _mask);
            return h == -1 ? -2 : h;
        }

        public bool TryHash(PyObject o, out long hash)
        {
            hash = 0;
            switch (o)
            {
                case PySingleton s:
                    if (s.Kind == PyKind.True) { hash = 1; return true; }
                    if (s.Kind == PyKind.False) { hash = 0; return true; }
                    if (s.Kind == PyKind.None && _noneConstant) { hash = Signed(0xFCA86420UL); return true; }
                    return false;
                case PyInt i: hash = HashInt(i.Value); return true;
                case PyFloat f: return TryHashFloat(f.Value, out hash);
                case PyComplex c:
                    if (!TryHashFloat(c.Real, out long hr) || !TryHashFloat(c.Imag, out long hi)) return false;
                    hash = NotMinusOne((ulong)hr + 1000003UL * (ulong)hi);
                    return true;
                case PyBytes b: hash = HashBytes(b.Value, 0, b.Value.Length); return true;
                case PyStr s: hash = HashStr(s); return true;
                case PySequence seq when seq.Kind == PyKind.Tuple: return TryHashTuple(seq.Items, out hash);
                case PySequence seq when seq.Kind == PyKind.FrozenSet: return TryHashFrozenSet(seq.Items, out hash);
                default: return false;
            }
        }

        private long HashInt(BigInteger v)
        {
            if (_oldNumbers)
            {
                // 2.x int and 2.x-3.1 long_hash: the value itself; larger ones sum their digits modulo ULONG_MAX.
                if (v >= long.MinValue && v <= long.MaxValue) return (long)v == -1 ? -2 : (long)v;
                ulong r = (ulong)(BigInteger.Abs(v) % ulong.MaxValue);
                return NotMinusOne(v.Sign < 0 ? 0 - r : r);
            }
            ulong m = (ulong)(BigInteger.Abs(v) % _modulus);
            return NotMinusOne(v.Sign < 0 ? 0 - m : m);
        }

        private bool TryHashFloat(double v, out long hash)
        {
            hash = 0;
            if (double.IsNaN(v))
                return _nanIsZero;
            if (double.IsInfinity(v))
            {
                hash = v > 0 ? 314159 : _oldNumbers ? -271828 : -314159;
                return true;
            }
            if (_oldNumbers) { hash = HashFloat27(v); return true; }
            long bits = BitConverter.DoubleToInt64Bits(v);
            int biased = (int)((bits >> 52) & 0x7FF);
            ulong mant = (ulong)(bits & 0xFFFFFFFFFFFFFL);
            int exp;
            if (biased == 0) exp = -1074;
            else { mant |= 1UL << 52; exp = biased - 1075; }
            // |v| = mant * 2^exp; 2^modBits = 1 modulo the modulus, so 2^exp acts as a rotation.
            int e = ((exp % _modBits) + _modBits) % _modBits;
            var x = (ulong)((new BigInteger(mant % _modulus) << e) % _modulus);
            hash = NotMinusOne(v < 0 ? 0 - x : x);
            return true;
        }

        private long HashFloat27(double v)
        {
            double intpart = Math.Truncate(v);
            if (v - intpart == 0.0)
            {
                if (intpart > long.MaxValue / 2 || -intpart > long.MaxValue / 2)
                    return HashInt(new BigInteger(intpart));
                long l = (long)intpart;
                return l == -1 ? -2 : l;
            }
            double m = Frexp(v, out int expo);
            m *= 2147483648.0;
            long hipart = (long)m;
            m = (m - hipart) * 2147483648.0;
            long x = hipart + (long)m + ((long)expo << 15);
            return x == -1 ? -2 : x;
        }

        private static double Frexp(double v, out int e)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            int biased = (int)((bits >> 52) & 0x7FF);
            if (biased == 0)
            {
                double scaled = Frexp(v * 18014398509481984.0, out e); // 2^54
                e -= 54;
                return scaled;
            }
            e = biased - 1022;
            return BitConverter.Int64BitsToDouble((bits & ~(0x7FFL << 52)) | (1022L << 52));
        }

        private long HashStr(PyStr s)
        {
            if (_str == StrAlgo.Multiplicative)
            {
                // unicode_hash before 3.4: the per-unit loop over Py_UNICODE units (UTF-16 on a narrow build) or,
                // on 2.7's UCS4 build and 3.3's PEP 393 strings, code points.
                if (_utf16)
                {
                    string v = s.Value;
                    var units = new int[v.Length];
                    for (int i = 0; i < units.Length; i++) units[i] = v[i];
                    return Py2Fnv(units, units.Length);
                }
                int[] points = s.CodePoints;
                return Py2Fnv(points, points.Length);
            }
            int[] cps = s.CodePoints;
            int max = 0;
            foreach (int c in cps) if (c > max) max = c;
            int kind = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
            var data = new byte[cps.Length * kind];
            for (int i = 0; i < cps.Length; i++)
                for (int k = 0; k < kind; k++) data[i * kind + k] = (byte)(cps[i] >> (8 * k));
            return HashBytes(data, 0, data.Length);
        }

        private long HashBytes(byte[] data, int start, int length)
        {
            if (length == 0) return 0;
            switch (_str)
            {
                case StrAlgo.Multiplicative:
                {
                    var units = new int[length];
                    for (int i = 0; i < length; i++) units[i] = data[start + i];
                    return Py2Fnv(units, length);
                }
                case StrAlgo.SipHash24: return NotMinusOne(SipHash(data, start, length, 2, 4));
                case StrAlgo.SipHash13: return NotMinusOne(SipHash(data, start, length, 1, 3));
                default: return NotMinusOne(Fnv(data, start, length));
            }
        }

        /// <summary>The 2.x-3.3 string hash with zero prefix and suffix (randomization off).</summary>
        private long Py2Fnv(int[] units, int length)
        {
            if (length == 0) return 0;
            ulong x = (ulong)(long)units[0] << 7;
            for (int i = 0; i < length; i++) x = (1000003UL * x) ^ (ulong)(uint)units[i];
            x ^= (ulong)length;
            return NotMinusOne(x);
        }

        /// <summary>pyhash.c fnv: word-sized blocks, the last (or only) block byte by byte; zero prefix/suffix.</summary>
        private ulong Fnv(byte[] data, int start, int length)
        {
            int word = Bits / 8;
            int remainder = length % word;
            if (remainder == 0) remainder = word;
            int blocks = (length - remainder) / word;
            int p = start;
            ulong x = ((ulong)data[p] << 7) & _mask;
            for (int b = 0; b < blocks; b++)
            {
                ulong block = 0;
                for (int k = 0; k < word; k++) block |= (ulong)data[p + k] << (8 * k);
                x = ((1000003UL * x) ^ block) & _mask;
                p += word;
            }
            for (; remainder > 0; remainder--) x = ((1000003UL * x) ^ data[p++]) & _mask;
            x ^= (ulong)length;
            return x & _mask;
        }

        private static ulong Rotl(ulong x, int b) => (x << b) | (x >> (64 - b));

        private static void SipRound(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1; v2 += v3; v1 = Rotl(v1, 13) ^ v0; v3 = Rotl(v3, 16) ^ v2; v0 = Rotl(v0, 32);
            v2 += v1; v0 += v3; v1 = Rotl(v1, 17) ^ v2; v3 = Rotl(v3, 21) ^ v0; v2 = Rotl(v2, 32);
        }

        /// <summary>SipHash-c-d with a zero key.</summary>
        private static ulong SipHash(byte[] data, int start, int length, int c, int d)
        {
            ulong v0 = 0x736f6d6570736575UL, v1 = 0x646f72616e646f6dUL, v2 = 0x6c7967656e657261UL, v3 = 0x7465646279746573UL;
            int p = start, end = start + length;
            while (end - p >= 8)
            {
                ulong m = 0;
                for (int k = 0; k < 8; k++) m |= (ulong)data[p + k] << (8 * k);
                p += 8;
                v3 ^= m;
                for (int r = 0; r < c; r++) SipRound(ref v0, ref v1, ref v2, ref v3);
                v0 ^= m;
            }
            ulong t = (ulong)length << 56;
            for (int k = 0; p + k < end; k++) t |= (ulong)data[p + k] << (8 * k);
            v3 ^= t;
            for (int r = 0; r < c; r++) SipRound(ref v0, ref v1, ref v2, ref v3);
            v0 ^= t;
            v2 ^= 0xff;
            for (int r = 0; r < d; r++) SipRound(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private bool TryHashTuple(PyObject[] items, out long hash)
        {
            hash = 0;
            if (_xxTuple)
            {
                bool wide = Bits == 64;
                ulong p1 = wide ? 11400714785074694791UL : 2654435761UL;
                ulong p2 = wide ? 14029467366897019727UL : 2246822519UL;
                ulong p5 = wide ? 2870177450012600261UL : 374761393UL;
                ulong acc = p5;
                foreach (var item in items)
                {
                    if (!TryHash(item, out long lane)) return false;
                    acc = (acc + ((ulong)lane & _mask) * p2) & _mask;
                    acc = wide ? Rotl(acc, 31) : ((acc << 13) | (acc >> 19)) & _mask;
                    acc = (acc * p1) & _mask;
                }
                acc = (acc + ((ulong)items.Length ^ (p5 ^ 3527539UL))) & _mask;
                hash = acc == _mask ? 1546275796 : Signed(acc);
                return true;
            }
            ulong x = 0x345678UL, mult = 1000003UL;
            int len = items.Length;
            foreach (var item in items)
            {
                if (!TryHash(item, out long y)) return false;
                len--;
                x = ((x ^ (ulong)y) * mult) & _mask;
                mult = (mult + (ulong)(82520L + len + len)) & _mask;
            }
            x = (x + 97531UL) & _mask;
            hash = NotMinusOne(x);
            return true;
        }

        private static ulong Shuffle(ulong h) => ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;

        private bool TryHashFrozenSet(PyObject[] items, out long hash)
        {
            hash = 0;
            ulong h = 0;
            if (!_shuffledSets)
            {
                h = 1927868237UL * (ulong)(items.Length + 1);
                foreach (var item in items)
                {
                    if (!TryHash(item, out long eh)) return false;
                    h ^= Shuffle((ulong)eh);
                }
            }
            else
            {
                // XOR is order-independent, so the table order does not matter here.
                foreach (var item in items)
                {
                    if (!TryHash(item, out long eh)) return false;
                    h ^= Shuffle((ulong)eh & _mask) & _mask;
                }
                h ^= ((ulong)items.Length + 1) * 1927868237UL;
                h &= _mask;
                h ^= (h >> 11) ^ (h >> 25);
            }
            h = (h * 69069UL + 907133923UL) & _mask;
            hash = h == _mask ? 590923713 : Signed(h);
            return true;
        }
    }
}
