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

        private readonly string?[] _slots = new string?[Slots];

        /// <summary>Bytes [start, start + count) as Latin-1 text (each byte one char), from the cache when there.</summary>
        public string Latin1(byte[] data, int start, int count)
        {
            if (count > MaxLength || count == 0) return ByteReader.Latin1(data, start, count);
            // FNV-1a over the bytes.
            uint h = 2166136261;
            int end = start + count;
            for (int i = start; i < end; i++) h = (h ^ data[i]) * 16777619;
            int slot = (int)((h ^ (h >> 15)) & (Slots - 1));
            string? s = _slots[slot];
            if (s != null && s.Length == count && Same(s, data, start)) return s;
            return _slots[slot] = ByteReader.Latin1(data, start, count);
        }

        private static bool Same(string s, byte[] data, int start)
        {
            for (int i = 0; i < s.Length; i++)
                if (s[i] != data[start + i]) return false;
            return true;
        }
    }
}
