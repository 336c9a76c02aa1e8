using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace PyDis.Core
{
    /// <summary>
    /// The bounds-checked reader of the container and marshal data. Every read checks the remaining length
    /// first and throws <see cref="PycFormatException"/> naming the offset and what was expected; nothing here
    /// allocates more than the bytes it has been shown to have. The code tables (CodeTables) and the decoder's
    /// walk read their own arrays on their hot paths, with an explicit check before every index and the same
    /// exception for bad data.
    /// </summary>
    public sealed class ByteReader
    {
        private readonly byte[] _data;
        private readonly int _end;

        public ByteReader(byte[] data) : this(data, 0, data?.Length ?? 0) { }

        public ByteReader(byte[] data, int start, int length)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            if (start < 0 || length < 0 || start > data.Length - length) throw new ArgumentOutOfRangeException(nameof(start));
            Position = start;
            Start = start;
            _end = start + length;
        }

        /// <summary>Offset reported in errors is <c>Position - Start + BaseOffset</c>.</summary>
        public long BaseOffset { get; set; }

        public int Start { get; }
        public int Position { get; set; }
        public int End => _end;
        public int Remaining => _end - Position;
        public bool AtEnd => Position >= _end;
        public byte[] Data => _data;

        /// <summary>Offset of the next byte as the user sees it (from the start of the file or table).</summary>
        public long Offset => Position - Start + BaseOffset;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Require(int count, string context)
        {
            if (count < 0 || count > _end - Position) ThrowTruncated(count, context);
        }

        public byte ReadByte(string context)
        {
            if (Position >= _end) ThrowTruncated(1, context);
            return _data[Position++];
        }

        public ushort ReadUInt16(string context)
        {
            Require(2, context);
            int p = Position;
            Position += 2;
            return (ushort)(_data[p] | _data[p + 1] << 8);
        }

        public int ReadInt32(string context)
        {
            Require(4, context);
            int p = Position;
            Position += 4;
            return _data[p] | _data[p + 1] << 8 | _data[p + 2] << 16 | _data[p + 3] << 24;
        }

        public uint ReadUInt32(string context) => unchecked((uint)ReadInt32(context));

        public long ReadInt64(string context)
        {
            Require(8, context);
            long lo = (uint)ReadInt32(context);
            long hi = ReadInt32(context);
            return lo | hi << 32;
        }

        public double ReadDouble(string context) => BitConverter.Int64BitsToDouble(ReadInt64(context));

        /// <summary>Reads a length that a format stores as a signed 32-bit count, refusing negatives and lengths past the end.</summary>
        public int ReadLength(string context, int unitSize = 1)
        {
            long at = Offset;
            int n = ReadInt32(context);
            if (n < 0) throw new PycFormatException(at, context, $"negative length {n}");
            if ((long)n * unitSize > Remaining)
                throw new PycFormatException(at, context, $"length {n} needs {(long)n * unitSize} bytes but only {Remaining} remain");
            return n;
        }

        public byte[] ReadBytes(int count, string context)
        {
            Require(count, context);
            var result = new byte[count];
            Buffer.BlockCopy(_data, Position, result, 0, count);
            Position += count;
            return result;
        }

        public string ReadLatin1(int count, string context)
        {
            Require(count, context);
            string s = Latin1(_data, Position, count);
            Position += count;
            return s;
        }

        /// <summary>
        /// <paramref name="count"/> bytes as Latin-1 text (each byte one char), built in place in the one string
        /// allocated: no char[] (netstandard2.0 has no string.Create).
        /// </summary>
        internal static unsafe string Latin1(byte[] data, int start, int count)
        {
            if (start < 0 || count < 0 || start > data.Length - count) throw new ArgumentOutOfRangeException(nameof(start));
            if (count == 0) return "";
            // A fresh string (count > 0, so never the shared empty one) that nothing else has seen yet.
            string s = new string('\0', count);
            fixed (char* dst = s)
            fixed (byte* src = &data[start])
            {
                for (int i = 0; i < count; i++) dst[i] = (char)src[i];
            }
            return s;
        }

        public void Skip(int count, string context)
        {
            Require(count, context);
            Position += count;
        }

        public PycFormatException Error(string context, string problem) => new PycFormatException(Offset, context, problem);

        public PycFormatException ErrorAt(long offset, string context, string problem) => new PycFormatException(offset, context, problem);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowTruncated(int count, string context) =>
            throw new PycFormatException(Offset, context, $"expected {count} more byte(s) but the data ends after {Math.Max(0, Remaining)}");
    }
}
