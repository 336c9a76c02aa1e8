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
        public string Latin1(byte[] data, int start, int count)
        {
            if (count > MaxLength || count == 0) return ByteReader.Latin1(data, start, count);
            // FNV-1a over the bytes and the length.
            uint h = 2166136261;
            int end = start + count;
            for (int i = start; i < end; i++) h = (h ^ data[i]) * 16777619;
            h = (h ^ (uint)count) * 16777619;
            ref Slot slot = ref _slots[(int)((h ^ (h >> 15)) & (Slots - 1))];
            string? s = slot.Text;
            if (s != null && slot.Hash == h && s.Length == count && Same(s, data, start)) return s;
            s = ByteReader.Latin1(data, start, count);
            slot.Text = s;
            slot.Hash = h;
            return s;
        }

        private static bool Same(string s, byte[] data, int start)
        {
            for (int i = 0; i < s.Length; i++)
                if (s[i] != data[start + i]) return false;
            return true;
        }
    }
}
