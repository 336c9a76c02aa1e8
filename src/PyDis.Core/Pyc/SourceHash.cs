using System;

namespace PyDis.Core.Pyc
{
    /// <summary>
    /// <c>importlib.util.source_hash(source)</c>: the 8 bytes a hash-based pyc (PEP 552) records, a keyed
    /// SipHash of the source with the release's magic number (and "\r\n") as the key
    /// (Python/pyhash.c _Py_KeyedHash: SipHash-2-4 up to 3.10, SipHash-1-3 from 3.11, as
    /// <see cref="Releases.PycRules.SourceHashRounds"/> says).
    /// </summary>
    public static class SourceHash
    {
        public static byte[] Of(byte[] source, PyVersion version)
        {
            if (source is null) throw new ArgumentNullException(nameof(source));
            var rules = Releases.Release.Of(version).Pyc;
            ulong key = rules.ReleaseMagic | (ulong)MagicNumbers.CrLf << 16;
            var (c, d) = rules.SourceHashRounds;
            ulong h = SipHash(key, 0, source, c, d);
            var bytes = new byte[8];
            for (int i = 0; i < 8; i++) bytes[i] = (byte)(h >> (8 * i));
            return bytes;
        }

        private static ulong Rotl(ulong x, int b) => (x << b) | (x >> (64 - b));

        private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1; v1 = Rotl(v1, 13); v1 ^= v0; v0 = Rotl(v0, 32);
            v2 += v3; v3 = Rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Rotl(v1, 17); v1 ^= v2; v2 = Rotl(v2, 32);
        }

        /// <summary>SipHash-c-d of <paramref name="data"/> with key (k0, k1).</summary>
        internal static ulong SipHash(ulong k0, ulong k1, byte[] data, int c, int d)
        {
            ulong v0 = k0 ^ 0x736f6d6570736575UL, v1 = k1 ^ 0x646f72616e646f6dUL;
            ulong v2 = k0 ^ 0x6c7967656e657261UL, v3 = k1 ^ 0x7465646279746573UL;
            int n = data.Length, i = 0;
            for (; i + 8 <= n; i += 8)
            {
                ulong m = BitConverter.ToUInt64(data, i);
                if (!BitConverter.IsLittleEndian) m = Swap(m);
                v3 ^= m;
                for (int r = 0; r < c; r++) Round(ref v0, ref v1, ref v2, ref v3);
                v0 ^= m;
            }
            ulong b = (ulong)n << 56;
            for (int j = 0; i + j < n; j++) b |= (ulong)data[i + j] << (8 * j);
            v3 ^= b;
            for (int r = 0; r < c; r++) Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= b;
            v2 ^= 0xff;
            for (int r = 0; r < d; r++) Round(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private static ulong Swap(ulong x)
        {
            ulong r = 0;
            for (int i = 0; i < 8; i++) r = r << 8 | ((x >> (8 * i)) & 0xFF);
            return r;
        }
    }
}
