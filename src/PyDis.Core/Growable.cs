using System;

namespace PyDis.Core
{
    /// <summary>
    /// A minimal append buffer: one array that doubles, trimmed once at the end (no List, no LINQ). It copies
    /// with the non-generic Array.Copy: ReadyToRun cannot precompile Array.Resize/Array.Empty over PyDis
    /// structs, and JIT-compiling them cost start-up.
    /// </summary>
    internal struct Growable<T>
    {
        private static readonly T[] Empty = new T[0];

        private T[] _items;
        private int _count;

        public Growable(int capacity) { _items = capacity > 0 ? new T[capacity] : Empty; _count = 0; }

        /// <summary>A buffer over <paramref name="reuse"/>, kept (and grown) across fills: a caller that decodes one
        /// code object after another hands back <see cref="Items"/> and allocates only when a table outgrows it.</summary>
        public Growable(T[] reuse) { _items = reuse ?? Empty; _count = 0; }

        public int Count => _count;

        /// <summary>Empties the buffer, keeping its array.</summary>
        public void Clear() => _count = 0;

        /// <summary>The backing array: its first <see cref="Count"/> items are the buffer's.</summary>
        public T[] Items => _items;

        public void Add(T item)
        {
            if (_count == _items.Length) _items = Copy(_items, _count, Math.Max(4, _items.Length * 2));
            _items[_count++] = item;
        }

        public T[] ToArray()
        {
            if (_count == 0) return Empty;
            if (_count != _items.Length) _items = Copy(_items, _count, _count);
            return _items;
        }

        /// <summary>Empties the buffer and lets go of the items it held (references), keeping its array.</summary>
        public void ClearItems()
        {
            if (_count > 0) Array.Clear(_items, 0, _count);
            _count = 0;
        }

        /// <summary>The items in an array of their own; the buffer is emptied (<see cref="ClearItems"/>) for reuse.</summary>
        public T[] ToArrayAndClear()
        {
            if (_count == 0) return Empty;
            var result = Copy(_items, _count, _count);
            ClearItems();
            return result;
        }

        /// <summary>The first <paramref name="count"/> items in a new array of <paramref name="length"/>.</summary>
        public static T[] Copy(T[] items, int count, int length)
        {
            var result = new T[length];
            Array.Copy(items, result, count);
            return result;
        }
    }
}
