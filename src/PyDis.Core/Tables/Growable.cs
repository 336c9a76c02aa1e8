using System;

namespace PyDis.Core.Tables
{
    /// <summary>A minimal append buffer: one array that doubles, trimmed once at the end (no List, no LINQ).</summary>
    internal struct Growable<T>
    {
        private T[] _items;
        private int _count;

        public Growable(int capacity) { _items = capacity > 0 ? new T[capacity] : Array.Empty<T>(); _count = 0; }

        public int Count => _count;

        public T Last => _items[_count - 1];

        public void Add(T item)
        {
            if (_count == _items.Length) Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
            _items[_count++] = item;
        }

        public void ReplaceLast(T item) => _items[_count - 1] = item;

        public T[] ToArray()
        {
            if (_count == 0) return Array.Empty<T>();
            if (_count != _items.Length) Array.Resize(ref _items, _count);
            return _items;
        }
    }
}
