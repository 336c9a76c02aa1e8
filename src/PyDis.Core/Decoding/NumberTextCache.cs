using System;
using System.Threading;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// Texts made once per small number (an int's decimal, "to 12", "L3", "2 positional, 1 keyword pair"), shared by
    /// every thread. It starts small and doubles up to <c>limit</c> as larger numbers come: the 8,192-entry tables it
    /// replaced were 64 KB of fresh memory each at every start, most of it never used by a small file. Two threads may
    /// make the same text at once or lose one while the table grows; either way each gets a correct text.
    /// </summary>
    internal sealed class NumberTextCache
    {
        private readonly int _limit;
        private string?[] _texts = new string?[64];

        public NumberTextCache(int limit) => _limit = limit;

        /// <summary>The text kept for <paramref name="n"/>, or null.</summary>
        public string? Find(long n)
        {
            var texts = Volatile.Read(ref _texts);
            return n >= 0 && n < texts.Length ? texts[n] : null;
        }

        /// <summary>Keeps <paramref name="text"/> for <paramref name="n"/> (when below the limit) and returns it.</summary>
        public string Keep(long n, string text)
        {
            if (n < 0 || n >= _limit) return text;
            var texts = Volatile.Read(ref _texts);
            if (n >= texts.Length)
            {
                int size = texts.Length;
                while (size <= n) size *= 2;
                var bigger = new string?[Math.Min(size, _limit)];
                Array.Copy(texts, bigger, texts.Length);
                Volatile.Write(ref _texts, bigger);
                texts = bigger;
            }
            texts[n] = text;
            return text;
        }
    }
}
