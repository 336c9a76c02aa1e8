using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Marshal
{
    /// <summary>
    /// Reads marshal data as one CPython release line's <c>marshal.loads</c> would (Python/marshal.c r_object),
    /// keeping the facts a byte-identical writer needs on each object. Every length is checked against the
    /// bytes left before anything is allocated; nesting is limited to CPython's MAX_MARSHAL_STACK_DEPTH.
    /// Containers are read with an explicit stack, so hostile nesting cannot overflow the caller's stack.
    /// Bad data raises <see cref="PycFormatException"/> with the byte offset; nothing else escapes.
    /// </summary>
    public sealed class MarshalReader
    {
        /// <summary>CPython's MAX_MARSHAL_STACK_DEPTH (Linux and macOS builds): deeper nesting is refused.</summary>
        public const int MaxDepth = 2000;

        private const byte FlagRef = 0x80;

        private readonly ByteReader _r;
        private readonly Release _release;
        private readonly MarshalRules _f;
        // FLAG_REF table (3.4+); a null slot is an object still being read.
        private readonly List<PyObject?> _refs;
        // 2.x interned strings ('t'), the targets of 'R'.
        private readonly List<PyBytes> _strings;
        // Containers and code objects being read, innermost at _depth - 1. Frames are reused by depth: a file
        // opens hundreds of thousands of containers but nests only a few deep.
        private Frame[] _frames;
        private int _depth;

        // The tables and frames of a finished ReadObject, kept for the next one on the thread: a file's ref table
        // grows to hundreds of thousands of slots, and growing it anew for every file was a tenth of loading's bytes.
        [ThreadStatic] private static Scratch? t_scratch;

        private sealed class Scratch
        {
            // A table grown past this (a hostile or giant file) is not kept.
            private const int KeepCapacity = 1 << 20;

            public readonly List<PyObject?> Refs = new List<PyObject?>();
            public readonly List<PyBytes> Strings = new List<PyBytes>();
            public Frame[] Frames = new Frame[8];

            /// <summary>Lets go of the objects the last read held; false when the tables are too big to keep.</summary>
            public bool Reset()
            {
                Refs.Clear();
                Strings.Clear();
                foreach (var f in Frames)
                {
                    if (f is null) break;
                    f.Clear();
                }
                return Refs.Capacity <= KeepCapacity && Strings.Capacity <= KeepCapacity && Frames.Length <= 64;
            }
        }

        /// <summary>A reader positioned at <paramref name="offset"/>; error offsets are offsets in <paramref name="data"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">PyDis does not read <paramref name="version"/>.</exception>
        public MarshalReader(byte[] data, int offset, PyVersion version) : this(data, offset, ReleaseRegistry.Supported.Get(version)) { }

        /// <summary>A reader of <paramref name="release"/>'s marshal format.</summary>
        public MarshalReader(byte[] data, int offset, Release release) : this(ReaderAt(data, offset), release, new Scratch()) { }

        private MarshalReader(ByteReader reader, Release release, Scratch scratch)
        {
            _release = release ?? throw new ArgumentNullException(nameof(release));
            _f = release.Marshal;
            _r = reader;
            _refs = scratch.Refs;
            // The 3.12 stdlib registers one object per ~110-160 bytes of marshal data: a table sized for that at the
            // start is not copied at every doubling as it grows (half the bytes it took for a large file).
            int expectedRefs = reader.Remaining / 128;
            if (_f.Refs && _refs.Capacity < expectedRefs) _refs.Capacity = expectedRefs;
            _strings = scratch.Strings;
            _frames = scratch.Frames;
        }

        public PyVersion Version => _release.Version;

        /// <summary>Offset of the next unread byte.</summary>
        public int Position => _r.Position;

        /// <summary>Objects registered with FLAG_REF so far, by index.</summary>
        public int RefCount => _refs.Count;

        /// <summary>Reads one object at <paramref name="offset"/> (a pyc body, or bare marshal data).</summary>
        public static PyObject ReadObject(byte[] data, int offset, PyVersion version) =>
            ReadObject(data, offset, ReleaseRegistry.Supported.Get(version));

        private static ByteReader ReaderAt(byte[] data, int offset)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            if (offset < 0 || offset > data.Length) throw new ArgumentOutOfRangeException(nameof(offset));
            return new ByteReader(data) { Position = offset };
        }

        /// <summary>Reads one object of <paramref name="release"/>'s marshal format at <paramref name="offset"/>.</summary>
        public static PyObject ReadObject(byte[] data, int offset, Release release) => ReadObject(ReaderAt(data, offset), release);

        /// <summary>Reads one object at <paramref name="input"/>'s position (an array or a file read through a window).</summary>
        internal static PyObject ReadObject(ByteReader input, Release release)
        {
            // Taken off the thread while in use, so a read started meanwhile (none is today) gets its own.
            var scratch = t_scratch ?? new Scratch();
            t_scratch = null;
            var reader = new MarshalReader(input, release, scratch);
            try
            {
                return reader.Read();
            }
            finally
            {
                scratch.Frames = reader._frames;
                if (scratch.Reset()) t_scratch = scratch;
            }
        }

        /// <summary>Reads the next object. NULL ('0') is refused here as CPython's marshal.loads refuses it.</summary>
        public PyObject Read()
        {
            _depth = 0;
            var done = Start(false, "marshal object");
            while (true)
            {
                if (done != null)
                {
                    if (_depth == 0) return done;
                    Deliver(_frames[_depth - 1], done);
                }
                done = Step(_frames[_depth - 1]);
            }
        }

        /// <summary>A container or code object whose children are still being read.</summary>
        private sealed class Frame
        {
            public byte Type;
            public long At;
            public bool Flag;
            public int RefIndex = -1;
            public PyKind Kind;
            public string ItemContext = "";
            public PyObject[] Items = Array.Empty<PyObject>();
            public int Next;
            // A dict's pairs so far (kept across uses of the frame; copied out when the dict ends).
            public Growable<KeyValuePair<PyObject, PyObject>> Pairs = new Growable<KeyValuePair<PyObject, PyObject>>(0);
            public PyObject? Key;
            public bool Ended;
            public CodeObject? Code;

            // For a frame an error left open: Pop already lets go of what a closed one held.
            public void Clear()
            {
                Items = Array.Empty<PyObject>();
                Pairs.ClearItems();
                Key = null;
                Code = null;
            }
        }

        /// <summary>The frame for a new innermost container, reset.</summary>
        private Frame Push(PyKind kind, byte type, long at, bool flag, int refIndex)
        {
            if (_depth == _frames.Length)
            {
                var grown = new Frame[_frames.Length * 2];
                Array.Copy(_frames, grown, _depth);
                _frames = grown;
            }
            var f = _frames[_depth] ??= new Frame();
            _depth++;
            f.Kind = kind;
            f.Type = type;
            f.At = at;
            f.Flag = flag;
            f.RefIndex = refIndex;
            f.ItemContext = "";
            f.Items = Array.Empty<PyObject>();
            f.Next = 0;
            f.Key = null;
            f.Ended = false;
            f.Code = null;
            return f;
        }

        /// <summary>Closes the innermost frame, letting go of what it held.</summary>
        private void Pop(Frame f)
        {
            _depth--;
            f.Items = Array.Empty<PyObject>();
            f.Key = null;
            f.Code = null;
        }

        /// <summary>
        /// Reads a type code. A leaf object is returned whole; a container or code object gets a frame on the
        /// stack and null is returned, its children following through <see cref="Step"/>.
        /// </summary>
        private PyObject? Start(bool allowNull, string context)
        {
            long at = _r.Offset;
            byte code = _r.ReadByte(context);
            // Depth as r_object counts it: this object sits below every open container.
            if (_depth + 1 > MaxDepth)
                throw new PycFormatException(at, context, $"objects nested deeper than {MaxDepth} (CPython's MAX_MARSHAL_STACK_DEPTH)");

            byte type = code;
            bool flag = false;
            if (_f.Refs && (code & FlagRef) != 0)
            {
                type = (byte)(code & ~FlagRef);
                flag = true;
            }

            int index = -1;
            if (flag && Registers(type))
            {
                // Reserved before the payload, as CPython does for containers and code: indices follow pre-order.
                index = _refs.Count;
                _refs.Add(null);
            }

            switch ((char)type)
            {
                case '0':
                    if (!allowNull) throw new PycFormatException(at, context, "NULL object ('0') where a value is required");
                    return Done(new PySingleton(PyKind.Null), type, at, flag, index);
                case 'N': return Done(new PySingleton(PyKind.None), type, at, flag, index);
                case 'F': return Done(new PySingleton(PyKind.False), type, at, flag, index);
                case 'T': return Done(new PySingleton(PyKind.True), type, at, flag, index);
                case 'S': return Done(new PySingleton(PyKind.StopIteration), type, at, flag, index);
                case '.': return Done(new PySingleton(PyKind.Ellipsis), type, at, flag, index);
                case 'i': return Done(new PyInt(_r.ReadInt32("marshal int")), type, at, flag, index);
                case 'I':
                    if (_f.ReadsInt64) return Done(new PyInt(_r.ReadInt64("marshal int64")), type, at, flag, index);
                    break;
                case 'l': return Done(ReadLong(), type, at, flag, index);
                case 'f':
                {
                    double v = ReadFloatText("marshal float", out string text);
                    return Done(new PyFloat(v) { Text = text }, type, at, flag, index);
                }
                case 'g': return Done(new PyFloat(_r.ReadDouble("marshal binary float")), type, at, flag, index);
                case 'x':
                {
                    double re = ReadFloatText("marshal complex (real)", out string reText);
                    double im = ReadFloatText("marshal complex (imag)", out string imText);
                    return Done(new PyComplex(re, im) { RealText = reText, ImagText = imText }, type, at, flag, index);
                }
                case 'y':
                {
                    double re = _r.ReadDouble("marshal binary complex");
                    return Done(new PyComplex(re, _r.ReadDouble("marshal binary complex")), type, at, flag, index);
                }
                case 's': return Done(new PyBytes(_r.ReadBytes(_r.ReadLength("marshal string length"), "marshal string")), type, at, flag, index);
                case 't': return Done(_f.Py2 ? ReadInternedBytes() : ReadUtf8(true), type, at, flag, index);
                case 'u': return Done(ReadUtf8(false), type, at, flag, index);
                case 'R':
                    if (_f.Py2) return ReadStringRef(at);
                    break;
                case 'a':
                case 'A':
                    if (_f.AsciiForms) return Done(ReadAscii(_r.ReadLength("marshal ascii length"), type == 'A'), type, at, flag, index);
                    break;
                case 'z':
                case 'Z':
                    if (_f.AsciiForms) return Done(ReadAscii(ReadShortLength("marshal short ascii length"), type == 'Z'), type, at, flag, index);
                    break;
                case 'r':
                    if (_f.Refs) return ReadRef(at);
                    break;
                case '(': return Open(PyKind.Tuple, type, at, flag, index, _r.ReadLength("marshal tuple length"), "tuple item");
                case ')':
                    if (_f.AsciiForms) return Open(PyKind.Tuple, type, at, flag, index, ReadShortLength("marshal small tuple length"), "tuple item");
                    break;
                case '[': return Open(PyKind.List, type, at, flag, index, _r.ReadLength("marshal list length"), "list item");
                case '<': return Open(PyKind.Set, type, at, flag, index, _r.ReadLength("marshal set length"), "set item");
                case '>': return Open(PyKind.FrozenSet, type, at, flag, index, _r.ReadLength("marshal frozenset length"), "frozenset item");
                case ':':
                    if (_f.Slice) return Open(PyKind.Slice, type, at, flag, index, 3, "slice item");
                    break;
                case '{': return OpenDict(PyKind.Dict, type, at, flag, index);
                case '}':
                    if (_f.FrozenDict) return OpenDict(PyKind.FrozenDict, type, at, flag, index);
                    break;
                case 'c':
                    Push(PyKind.Code, type, at, flag, index).Code = new CodeObject(_release) { SourceOffset = at };
                    return null;
            }
            string shown = code >= 0x20 && code < 0x7F ? $" ('{(char)code}')" : "";
            throw new PycFormatException(at, context, $"unknown type code 0x{code:x2}{shown} for Python {_release.Version} marshal data");
        }

        private PyObject? Open(PyKind kind, byte type, long at, bool flag, int refIndex, int n, string itemContext)
        {
            // n <= bytes left (ReadLength / ReadShortLength): each item takes at least one byte.
            var frame = Push(kind, type, at, flag, refIndex);
            frame.Items = n == 0 ? Array.Empty<PyObject>() : new PyObject[n];
            frame.ItemContext = itemContext;
            return null;
        }

        private PyObject? OpenDict(PyKind kind, byte type, long at, bool flag, int refIndex)
        {
            Push(kind, type, at, flag, refIndex).Pairs.ClearItems();
            return null;
        }

        /// <summary>Starts the next child of <paramref name="top"/>, or closes it and returns the finished object.</summary>
        private PyObject? Step(Frame top)
        {
            switch (top.Kind)
            {
                case PyKind.Dict:
                case PyKind.FrozenDict:
                    if (!top.Ended) return top.Key is null ? Start(true, "dict key") : Start(false, "dict value");
                    Pop(top);
                    return Done(new PyDict(top.Kind, top.Pairs.ToArrayAndClear()), top);
                case PyKind.Code:
                    return StepCode(top);
                default:
                    if (top.Next < top.Items.Length)
                        return Start(false, top.Kind != PyKind.Slice ? top.ItemContext : top.Next == 0 ? "slice start" : top.Next == 1 ? "slice stop" : "slice step");
                    var items = top.Items;
                    Pop(top);
                    return Done(top.Kind == PyKind.Slice ? new PySlice(items[0], items[1], items[2]) : new PySequence(top.Kind, items), top);
            }
        }

        /// <summary>Hands a finished child to its container.</summary>
        private void Deliver(Frame top, PyObject child)
        {
            switch (top.Kind)
            {
                case PyKind.Dict:
                case PyKind.FrozenDict:
                    if (top.Key is null)
                    {
                        if (child.Kind == PyKind.Null) top.Ended = true;
                        else top.Key = child;
                    }
                    else
                    {
                        top.Pairs.Add(new KeyValuePair<PyObject, PyObject>(top.Key, child));
                        top.Key = null;
                    }
                    break;
                case PyKind.Code:
                    SetCodeField(top.Code!, _f.CodeLayoutArray[top.Next++], child);
                    break;
                default:
                    top.Items[top.Next++] = child;
                    break;
            }
        }

        /// <summary>Sets the object and registers it in the ref table when FLAG_REF reserved a slot for it.</summary>
        private PyObject Done(PyObject o, Frame f) => Done(o, f.Type, f.At, f.Flag, f.RefIndex);

        private PyObject Done(PyObject o, byte type, long at, bool flag, int refIndex)
        {
            o.TypeCode = type;
            o.SourceOffset = at;
            o.SourceLength = (int)(_r.Offset - at);
            o.HasRefFlag = flag;
            if (refIndex >= 0)
            {
                o.RefIndex = refIndex;
                _refs[refIndex] = o;
            }
            return o;
        }

        /// <summary>Type codes that take a FLAG_REF slot (R_REF / r_ref_reserve in r_object); singletons and 'r' do not.</summary>
        private static bool Registers(byte type)
        {
            switch (type)
            {
                case (byte)'0': case (byte)'N': case (byte)'F': case (byte)'T': case (byte)'S': case (byte)'.': case (byte)'r':
                    return false;
                default:
                    return true;
            }
        }

        private int ReadShortLength(string context)
        {
            int n = _r.ReadByte(context);
            _r.Require(n, context);
            return n;
        }

        private PyObject ReadRef(long at)
        {
            int n = _r.ReadInt32("marshal ref index");
            if (n < 0 || n >= _refs.Count)
                throw new PycFormatException(at, "marshal ref", $"reference to object {n}, but only {_refs.Count} have been registered");
            return _refs[n] ?? throw new PycFormatException(at, "marshal ref",
                $"reference to object {n}, which is still being read (a cycle)");
        }

        private PyBytes ReadInternedBytes()
        {
            var b = new PyBytes(_r.ReadBytes(_r.ReadLength("marshal interned string length"), "marshal interned string")) { IsInterned = true };
            _strings.Add(b);
            return b;
        }

        private PyObject ReadStringRef(long at)
        {
            int n = _r.ReadInt32("marshal string ref");
            if (n < 0 || n >= _strings.Count)
                throw new PycFormatException(at, "marshal string ref", $"reference to interned string {n}, but only {_strings.Count} have been read");
            return _strings[n];
        }

        private PyStr ReadAscii(int n, bool interned)
        {
            // CPython builds these with PyUnicode_FromKindAndData(1BYTE_KIND): each byte is one code point (Latin-1).
            return new PyStr(_r.ReadLatin1(n, "marshal ascii string")) { IsInterned = interned };
        }

        private PyStr ReadUtf8(bool interned)
        {
            int n = _r.ReadLength("marshal unicode length");
            long at = _r.Offset;
            _r.Require(n, "marshal unicode");
            var s = Utf8Surrogatepass.Decode(_r.Data, _r.DataIndex, n, at);
            _r.Skip(n, "marshal unicode");
            s.IsInterned = interned;
            s.IsPy2Unicode = _f.Py2;
            return s;
        }

        private PyInt ReadLong()
        {
            long at = _r.Offset;
            int n = _r.ReadInt32("marshal long size");
            if (n == 0) return new PyInt(BigInteger.Zero) { IsPy2Long = _f.Py2 };
            if (n == int.MinValue) throw new PycFormatException(at, "marshal long size", "long size out of range");
            int count = Math.Abs(n);
            if ((long)count * 2 > _r.Remaining)
                throw new PycFormatException(at, "marshal long size", $"{count} digits need {(long)count * 2} bytes but only {_r.Remaining} remain");

            // 15-bit digits, least significant first, packed into a little-endian two's-complement buffer.
            var buf = new byte[((long)count * 15 + 7) / 8 + 1];
            int bitPos = 0;
            for (int i = 0; i < count; i++)
            {
                long dAt = _r.Offset;
                int d = _r.ReadUInt16("marshal long digit");
                if (d > 0x7FFF) throw new PycFormatException(dAt, "marshal long digit", $"digit 0x{d:x4} out of range (15 bits)");
                if (d == 0 && i == count - 1) throw new PycFormatException(dAt, "marshal long digit", "top digit is 0 (unnormalized long)");
                int byteIndex = bitPos >> 3, shift = bitPos & 7;
                int v = d << shift;
                buf[byteIndex] |= (byte)v;
                buf[byteIndex + 1] |= (byte)(v >> 8);
                if (shift > 1) buf[byteIndex + 2] |= (byte)(v >> 16);
                bitPos += 15;
            }
            var value = new BigInteger(buf);
            return new PyInt(n < 0 ? -value : value) { IsPy2Long = _f.Py2 };
        }

        private double ReadFloatText(string context, out string text)
        {
            long at = _r.Offset;
            int n = _r.ReadByte(context);
            text = _r.ReadLatin1(n, context);
            if (TryParseFloat(text, out double v)) return v;
            throw new PycFormatException(at, context, $"'{text}' is not a float");
        }

        // PyOS_string_to_double without leading or trailing junk: decimal literals, inf/infinity and nan.
        private static bool TryParseFloat(string s, out double v)
        {
            v = 0;
            string t = s;
            bool neg = false;
            if (t.Length > 0 && (t[0] == '+' || t[0] == '-')) { neg = t[0] == '-'; t = t.Substring(1); }
            string lower = t.ToLowerInvariant();
            if (lower == "inf" || lower == "infinity") { v = neg ? double.NegativeInfinity : double.PositiveInfinity; return true; }
            if (lower == "nan") { v = neg ? -double.NaN : double.NaN; return true; }
            int i = 0, digits = 0;
            while (i < t.Length && t[i] >= '0' && t[i] <= '9') { i++; digits++; }
            if (i < t.Length && t[i] == '.') { i++; while (i < t.Length && t[i] >= '0' && t[i] <= '9') { i++; digits++; } }
            if (digits == 0) return false;
            if (i < t.Length && (t[i] == 'e' || t[i] == 'E'))
            {
                i++;
                if (i < t.Length && (t[i] == '+' || t[i] == '-')) i++;
                int e = 0;
                while (i < t.Length && t[i] >= '0' && t[i] <= '9') { i++; e++; }
                if (e == 0) return false;
            }
            if (i != t.Length) return false;
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
        }

        /// <summary>Reads the code object's int fields up to its next object field, which it starts; at the end, finishes it.</summary>
        private PyObject? StepCode(Frame top)
        {
            var co = top.Code!;
            var layout = _f.CodeLayoutArray;
            while (top.Next < layout.Length)
            {
                var field = layout[top.Next];
                string name = MarshalRules.FieldName(field);
                switch (field)
                {
                    case CodeField.ArgCount: co.ArgCount = ReadCount(name); break;
                    case CodeField.PosOnlyArgCount: co.PosOnlyArgCount = ReadCount(name); break;
                    case CodeField.KwOnlyArgCount: co.KwOnlyArgCount = ReadCount(name); break;
                    case CodeField.NLocals: co.NLocals = ReadCount(name); break;
                    case CodeField.StackSize: co.StackSize = ReadCount(name); break;
                    case CodeField.Flags: co.Flags = (CodeFlags)_r.ReadUInt32(name); break;
                    case CodeField.FirstLineNo: co.FirstLineNo = _r.ReadInt32(name); break;
                    default: return Start(false, name);
                }
                top.Next++;
            }
            if (_f.HasLocalsPlus)
            {
                int names = co.LocalsPlusNameList.Length;
                if (names != co.LocalsPlusKinds.Length)
                    throw new PycFormatException(top.At, "co_localspluskinds", $"{co.LocalsPlusKinds.Length} kinds for {names} co_localsplusnames");
                co.DeriveFromLocalsPlus();
            }
            Pop(top);
            var codeRef = new PyCodeRef(co);
            co.MarshalRef = codeRef;
            return Done(codeRef, top);
        }

        private void SetCodeField(CodeObject co, CodeField field, PyObject o)
        {
            string name = MarshalRules.FieldName(field);
            co.SetFieldObject(field, o);
            switch (field)
            {
                case CodeField.Code: co.Code = Bytes(o, name); break;
                case CodeField.LnoTab:
                case CodeField.LineTable: co.LineTable = Bytes(o, name); break;
                case CodeField.ExceptionTable: co.ExceptionTable = Bytes(o, name); break;
                case CodeField.LocalsPlusKinds: co.LocalsPlusKinds = Bytes(o, name); break;
                case CodeField.Consts:
                    co.Consts = Tuple(o, name).Items;
                    foreach (var c in co.Consts)
                        if (c is PyCodeRef child && child.Code.Parent is null && child.Code != co) child.Code.Parent = co;
                    break;
                case CodeField.Names:
                    if (StrItems(o, name) is PyObject[] names) co.SetNameItems(names);
                    else co.Names = Names(o, name);
                    break;
                case CodeField.VarNames: co.VarNames = Names(o, name); break;
                case CodeField.FreeVars: co.FreeVars = Names(o, name); break;
                case CodeField.CellVars: co.CellVars = Names(o, name); break;
                case CodeField.LocalsPlusNames:
                    if (StrItems(o, name) is PyObject[] localsPlusNames) co.SetLocalsPlusNameItems(localsPlusNames);
                    else co.LocalsPlusNames = Names(o, name);
                    break;
                case CodeField.Filename: co.Filename = Text(o, name); break;
                case CodeField.Name: co.Name = Text(o, name); break;
                case CodeField.QualName: co.QualName = Text(o, name); break;
            }
        }

        private int ReadCount(string name)
        {
            long at = _r.Offset;
            int v = _r.ReadInt32(name);
            if (v < 0) throw new PycFormatException(at, name, $"negative count {v}");
            return v;
        }

        private static byte[] Bytes(PyObject o, string name) =>
            o is PyBytes b ? b.Value : throw WrongType(o, name, "bytes");

        private static PySequence Tuple(PyObject o, string name) =>
            o is PySequence t && t.Kind == PyKind.Tuple ? t : throw WrongType(o, name, "a tuple");

        // A 2.x name is bytes, made text here for every code object naming it.
        private static string Text(PyObject o, string name) =>
            o is PyStr s ? s.Value : o is PyBytes b ? ByteReader.Latin1(b.Value, 0, b.Value.Length) : throw WrongType(o, name, "a string");

        private string[] Names(PyObject o, string name)
        {
            var items = Tuple(o, name).Items;
            if (items.Length == 0) return Array.Empty<string>();
            var names = new string[items.Length];
            for (int i = 0; i < names.Length; i++) names[i] = Text(items[i], name);
            return names;
        }

        // A name tuple's items when every one is a str (the code object makes them strings only when asked); null
        // when it is empty or holds bytes (2.x), which Names makes strings now.
        private static PyObject[]? StrItems(PyObject o, string name)
        {
            var items = Tuple(o, name).Items;
            if (items.Length == 0) return null;
            foreach (var item in items)
                if (!(item is PyStr)) return null;
            return items;
        }

        private static PycFormatException WrongType(PyObject o, string name, string expected) =>
            new PycFormatException(o.SourceOffset, name, $"expected {expected}, found {o.Kind}");
    }

    /// <summary>UTF-8 as CPython decodes it with "surrogatepass": strict, except that encoded surrogates are kept.</summary>
    internal static class Utf8Surrogatepass
    {
        public static unsafe PyStr Decode(byte[] data, int start, int n, long offset)
        {
            int end = start + n;
            bool ascii = true;
            for (int i = start; i < end; i++) if (data[i] >= 0x80) { ascii = false; break; }
            if (ascii) return new PyStr(ByteReader.Latin1(data, start, n));

            // Two passes over the bytes instead of code points and a builder: the first checks them and counts the
            // UTF-16 units, the second writes the one string allocated (a long text was three arrays on the large
            // object heap, each of which can start a full collection in a batch).
            int count = 0, units = 0, previous = -1;
            bool ambiguous = false;
            for (int p = start; p < end;)
            {
                int cp = Next(data, ref p, end, offset - start);
                // A low surrogate right after a lone high surrogate would read back as one pair in UTF-16.
                if (cp >= 0xDC00 && cp <= 0xDFFF && previous >= 0xD800 && previous <= 0xDBFF) ambiguous = true;
                previous = cp;
                count++;
                units += cp >= 0x10000 ? 2 : 1;
            }
            var cps = ambiguous ? new int[count] : null;
            string s = new string('\0', units);
            fixed (char* dst = s)
            {
                int u = 0, i = 0;
                for (int p = start; p < end;)
                {
                    int cp = Next(data, ref p, end, offset - start);
                    if (cps != null) cps[i++] = cp;
                    if (cp < 0x10000) dst[u++] = (char)cp;
                    else
                    {
                        dst[u++] = (char)(0xD800 + ((cp - 0x10000) >> 10));
                        dst[u++] = (char)(0xDC00 + ((cp - 0x10000) & 0x3FF));
                    }
                }
            }
            return new PyStr(s, cps);
        }

        // The code point at data[p], moving p past it; `origin` + an index is that byte's offset in the file.
        private static int Next(byte[] data, ref int p, int end, long origin)
        {
            int b0 = data[p];
            int cp, len;
            if (b0 < 0x80) { p++; return b0; }
            if (b0 >= 0xC2 && b0 <= 0xDF) { cp = b0 & 0x1F; len = 2; }
            else if (b0 >= 0xE0 && b0 <= 0xEF) { cp = b0 & 0x0F; len = 3; }
            else if (b0 >= 0xF0 && b0 <= 0xF4) { cp = b0 & 0x07; len = 4; }
            else throw Bad(origin + p, $"invalid start byte 0x{b0:x2}");
            if (p + len > end) throw Bad(origin + p, "unexpected end of data");
            for (int j = 1; j < len; j++)
            {
                int b = data[p + j];
                if ((b & 0xC0) != 0x80) throw Bad(origin + p, $"invalid continuation byte 0x{b:x2}");
                cp = cp << 6 | (b & 0x3F);
            }
            if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                throw Bad(origin + p, "overlong or out-of-range sequence");
            p += len;
            return cp;
        }

        private static PycFormatException Bad(long at, string problem) => new PycFormatException(at, "marshal unicode", "invalid UTF-8: " + problem);
    }
}
