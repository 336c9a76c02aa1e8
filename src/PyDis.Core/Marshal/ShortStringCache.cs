using System;

namespace PyDis.Core.Marshal
{
    /// <summary>
    /// The text of short marshalled strings, shared across the files a thread reads: names such as "self" or
    /// "__init__" recur in every file (marshal's refs share them only within one). Direct-mapped and fixed in
    /// size, so it holds at most <see cref="Slots"/> strings of up to <see cref="MaxLength"/> chars; a miss
    /// replaces the slot's string. Strings are immutable, so sharing one changes nothing a caller can see.
    /// </summary>
    internal sealed class ShortStringCache
    {
        public const int MaxLength = 40;
        private const int Slots = 8192;

        // Each slot keeps its string's hash beside it: a different string in the slot is told from the hash alone,
        // without reading the string (a cache miss on the heap, most of this method's time when it was not kept).
        private readonly Slot[] _slots = new Slot[Slots];

        private struct Slot
        {
            public string? Text;
            public uint Hash;
        }

        /// <summary>Bytes [start, start + count) as Latin-1 text (each byte one char), from the cache when there.</summary>
        public unsafe string Latin1(byte[] data, int start, int count)
        {
            if (count > MaxLength || count == 0) return ByteReader.Latin1(data, start, count);
            if (start < 0 || start > data.Length - count) throw new ArgumentOutOfRangeException(nameof(start));
            uint h;
            fixed (byte* bytes = &data[start]) h = Hash(bytes, count);
            ref Slot slot = ref _slots[(int)(h & (Slots - 1))];
            string? s = slot.Text;
            if (s != null && slot.Hash == h && s.Length == count && Same(s, data, start)) return s;
            s = ByteReader.Latin1(data, start, count);
            slot.Text = s;
            slot.Hash = h;
            return s;
        }

        // Eight bytes at a time (a byte at a time was most of this cache's cost): the words, the last one overlapping
        // the one before when the length is not a multiple of 8, then the length, mixed by multiplication.
        private static unsafe uint Hash(byte* p, int count)
        {
            const ulong K = 0x9E3779B97F4A7C15UL;
            ulong h = (ulong)count * K;
            if (count >= 8)
            {
                int i = 0;
                for (; i + 8 <= count; i += 8) h = (h ^ *(ulong*)(p + i)) * K;
                if (i < count) h = (h ^ *(ulong*)(p + count - 8)) * K;
            }
            else
            {
                ulong w = 0;
                for (int i = 0; i < count; i++) w |= (ulong)p[i] << (8 * i);
                h = (h ^ w) * K;
            }
            h ^= h >> 29;
            return (uint)(h ^ (h >> 32));
        }

        private static bool Same(string s, byte[] data, int start)
        {
            for (int i = 0; i < s.Length; i++)
                if (s[i] != data[start + i]) return false;
            return true;
        }
    }
}
