using System;
using System.Collections.Generic;
using System.Numerics;

namespace PyDis.Core.Model
{
    /// <summary>Kind of a marshalled Python value, independent of the type code that carried it.</summary>
    public enum PyKind
    {
        Null, None, False, True, StopIteration, Ellipsis,
        Int, Float, Complex, Bytes, Str, Tuple, List, Dict, Set, FrozenSet, Code, Slice, FrozenDict,
    }

    /// <summary>
    /// A value read from marshal data. Besides the value it keeps what a byte-identical writer needs:
    /// the type code as read (without FLAG_REF), whether FLAG_REF was set, and the ref index it got.
    /// Objects reached through a ref ('r') are the same instance as the first occurrence.
    /// </summary>
    public abstract class PyObject
    {
        // A file holds hundreds of thousands of these: the facts are packed into 16 bytes (kind, type code and
        // flag bits in three, then three ints), the subclasses' flags among the bits.
        private readonly byte _kind;
        private byte _bits;
        private int _sourceOffset = -1;

        internal const byte RefFlagBit = 1, InternedBit = 2, Py2UnicodeBit = 4, Py2LongBit = 8;

        protected PyObject(PyKind kind) { _kind = (byte)kind; }

        public PyKind Kind => (PyKind)_kind;

        /// <summary>Marshal type code as read, FLAG_REF (0x80) removed; 0 for objects not read from marshal.</summary>
        public byte TypeCode { get; internal set; }

        /// <summary>Whether FLAG_REF was set on this object (marshal v3+).</summary>
        public bool HasRefFlag
        {
            get => GetBit(RefFlagBit);
            internal set => SetBit(RefFlagBit, value);
        }

        /// <summary>Index in the reader's ref table when FLAG_REF was set, else -1.</summary>
        public int RefIndex { get; internal set; } = -1;

        /// <summary>Byte offset of the type code in the marshal data (an offset in a byte array: it fits an int).</summary>
        public long SourceOffset
        {
            get => _sourceOffset;
            internal set => _sourceOffset = checked((int)value);
        }

        /// <summary>Bytes the object took in the marshal data (type code to last payload byte); 0 when not read.</summary>
        public int SourceLength { get; internal set; }

        internal bool GetBit(byte bit) => (_bits & bit) != 0;

        internal void SetBit(byte bit, bool value) => _bits = value ? (byte)(_bits | bit) : (byte)(_bits & ~bit);
    }

    /// <summary>None, True, False, StopIteration, Ellipsis and NULL: no payload.</summary>
    public sealed class PySingleton : PyObject
    {
        public PySingleton(PyKind kind) : base(kind)
        {
            if (kind > PyKind.Ellipsis) throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    public sealed class PyInt : PyObject
    {
        public PyInt(BigInteger value) : base(PyKind.Int) { Value = value; }
        public BigInteger Value { get; }
        /// <summary>2.x 'long' objects (type code 'l') print with an L suffix; 2.x 'I' loads as an int on 64-bit builds.</summary>
        public bool IsPy2Long
        {
            get => GetBit(Py2LongBit);
            internal set => SetBit(Py2LongBit, value);
        }
    }

    public sealed class PyFloat : PyObject
    {
        public PyFloat(double value) : base(PyKind.Float) { Value = value; }
        public double Value { get; }
        /// <summary>The digits of a text float ('f', marshal v0/v1) as read, so a writer can give them back unchanged.</summary>
        public string? Text { get; internal set; }
    }

    public sealed class PyComplex : PyObject
    {
        public PyComplex(double real, double imag) : base(PyKind.Complex) { Real = real; Imag = imag; }
        public double Real { get; }
        public double Imag { get; }
        /// <summary>The digits of a text complex ('x', marshal v0/v1) as read.</summary>
        public string? RealText { get; internal set; }
        public string? ImagText { get; internal set; }
    }

    /// <summary>bytes (3.x) or str (2.x, type 's'/'t'/'R').</summary>
    public sealed class PyBytes : PyObject
    {
        public PyBytes(byte[] value) : base(PyKind.Bytes) { Value = value; }
        public byte[] Value { get; }
        /// <summary>2.x interned string ('t').</summary>
        public bool IsInterned
        {
            get => GetBit(InternedBit);
            internal set => SetBit(InternedBit, value);
        }
        /// <summary>Latin-1 view, convenient for 2.x names.</summary>
        public string AsLatin1() => ByteReader.Latin1(Value, 0, Value.Length);
    }

    /// <summary>
    /// A text string (3.x str, 2.x unicode). <see cref="Value"/> is UTF-16 with lone surrogates kept;
    /// <see cref="CodePoints"/> is the exact sequence Python holds (two adjacent lone surrogates read from
    /// 'surrogatepass' data stay two code points, which a UTF-16 string cannot tell apart from a pair).
    /// </summary>
    public sealed class PyStr : PyObject
    {
        private readonly int[]? _codePoints;

        public PyStr(string value, int[]? codePoints = null) : base(PyKind.Str)
        {
            Value = value;
            _codePoints = codePoints;
        }

        public string Value { get; }

        /// <summary>Whether the str was interned (type codes 'A', 'Z', 't' and interned unicode).</summary>
        public bool IsInterned
        {
            get => GetBit(InternedBit);
            internal set => SetBit(InternedBit, value);
        }

        /// <summary>Whether the str was 2.x 'u' unicode (repr u'…').</summary>
        public bool IsPy2Unicode
        {
            get => GetBit(Py2UnicodeBit);
            internal set => SetBit(Py2UnicodeBit, value);
        }

        /// <summary>Python's code points; only materialised for strings whose UTF-16 form is ambiguous.</summary>
        public int[] CodePoints => _codePoints ?? ToCodePoints(Value);

        public bool HasExplicitCodePoints => _codePoints != null;

        public static int[] ToCodePoints(string s)
        {
            var list = new List<int>(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    list.Add(char.ConvertToUtf32(c, s[i + 1]));
                    i++;
                }
                else list.Add(c);
            }
            return list.ToArray();
        }

        public override string ToString() => Value;
    }

    /// <summary>Tuple, list, set and frozenset: items in marshal order.</summary>
    public sealed class PySequence : PyObject
    {
        public PySequence(PyKind kind, PyObject[] items) : base(kind)
        {
            if (kind != PyKind.Tuple && kind != PyKind.List && kind != PyKind.Set && kind != PyKind.FrozenSet)
                throw new ArgumentOutOfRangeException(nameof(kind));
            Items = items;
        }

        public PyObject[] Items { get; internal set; }
    }

    /// <summary>dict and (3.15) frozendict: key/value pairs in marshal order.</summary>
    public sealed class PyDict : PyObject
    {
        public PyDict(PyKind kind, KeyValuePair<PyObject, PyObject>[] items) : base(kind)
        {
            if (kind != PyKind.Dict && kind != PyKind.FrozenDict) throw new ArgumentOutOfRangeException(nameof(kind));
            Items = items;
        }

        public KeyValuePair<PyObject, PyObject>[] Items { get; internal set; }
    }

    /// <summary>slice(start, stop, step), a constant from 3.14 (marshal v5).</summary>
    public sealed class PySlice : PyObject
    {
        public PySlice(PyObject start, PyObject stop, PyObject step) : base(PyKind.Slice)
        {
            Start = start; Stop = stop; Step = step;
        }

        public PyObject Start { get; internal set; }
        public PyObject Stop { get; internal set; }
        public PyObject Step { get; internal set; }
    }

    /// <summary>A nested code object constant.</summary>
    public sealed class PyCodeRef : PyObject
    {
        public PyCodeRef(CodeObject code) : base(PyKind.Code) { Code = code; }
        public CodeObject Code { get; }
    }
}
