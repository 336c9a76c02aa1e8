using System;

namespace PyDis.Core
{
    /// <summary>
    /// The append-only counterpart of <see cref="ByteReader"/>: one growing array, little-endian integers as
    /// marshal and the pyc header store them.
    /// </summary>
    public sealed class ByteWriter
    {
        private byte[] _data;
        private int _length;

        public ByteWriter(int capacity = 256) { _data = new byte[Math.Max(16, capacity)]; }

        /// <summary>Bytes written so far.</summary>
        public int Length => _length;

        public void WriteByte(int b)
        {
            if (_length == _data.Length) Grow(1);
            _data[_length++] = (byte)b;
        }

        public void WriteUInt16(int v)
        {
            Ensure(2);
            _data[_length++] = (byte)v;
            _data[_length++] = (byte)(v >> 8);
        }

        public void WriteInt32(int v) => WriteUInt32(unchecked((uint)v));

        public void WriteUInt32(uint v)
        {
            Ensure(4);
            _data[_length++] = (byte)v;
            _data[_length++] = (byte)(v >> 8);
            _data[_length++] = (byte)(v >> 16);
            _data[_length++] = (byte)(v >> 24);
        }

        public void WriteInt64(long v)
        {
            WriteUInt32(unchecked((uint)v));
            WriteUInt32(unchecked((uint)(v >> 32)));
        }

        public void WriteBytes(byte[] bytes) => WriteBytes(bytes, 0, bytes.Length);

        public void WriteBytes(byte[] bytes, int start, int count)
        {
            Ensure(count);
            Buffer.BlockCopy(bytes, start, _data, _length, count);
            _length += count;
        }

        /// <summary>The bytes written, in a new array of exactly <see cref="Length"/>.</summary>
        public byte[] ToArray()
        {
            var result = new byte[_length];
            Buffer.BlockCopy(_data, 0, result, 0, _length);
            return result;
        }

        private void Ensure(int count)
        {
            if (_data.Length - _length < count) Grow(count);
        }

        private void Grow(int count)
        {
            long wanted = Math.Max((long)_data.Length * 2, (long)_length + count);
            if (wanted > int.MaxValue - 64) throw new InvalidOperationException("output larger than 2 GB");
            var bigger = new byte[wanted];
            Buffer.BlockCopy(_data, 0, bigger, 0, _length);
            _data = bigger;
        }
    }
}
