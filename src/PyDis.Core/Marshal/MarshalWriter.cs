using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Marshal
{
    /// <summary>
    /// Writes values and code objects as one release line's <c>marshal.dumps</c> does (Python/marshal.c w_object).
    /// A value read by <see cref="MarshalReader"/> comes back byte for byte: its type code, FLAG_REF and text
    /// digits are kept on the object, and an object the data reached again through 'r' (or 2.x 'R') is the
    /// same instance, so writing it a second time becomes the same back-reference. The ref numbers are the
    /// writer's own, counted as w_ref counts them (in write order), so an edited tree stays consistent.
    /// Values built fresh get the forms CPython's writer gives them (small tuples, short ASCII, interned names).
    /// </summary>
    public sealed class MarshalWriter
    {
        private const byte FlagRef = 0x80;

        private readonly MarshalRules _f;
        private readonly ByteWriter _w;
        // FLAG_REF objects already written, and their ref index (w_ref's hashtable).
        private readonly Dictionary<PyObject, int> _refs = new Dictionary<PyObject, int>(IdentityComparer.Instance);
        // 2.x interned strings already written ('t'), and their index for 'R'.
        private readonly Dictionary<PyObject, int> _strings = new Dictionary<PyObject, int>(IdentityComparer.Instance);
        // How often each object occurs in the tree: a value shared by an edit gets FLAG_REF like a shared one.
        private readonly Dictionary<PyObject, int> _occurrences = new Dictionary<PyObject, int>(IdentityComparer.Instance);
        private readonly Dictionary<CodeObject, (int Start, int Length)>? _codeSpans;
        private int _depth;

        private MarshalWriter(PyVersion version, ByteWriter w, bool recordCodeSpans)
        {
            _f = ReleaseRegistry.Supported.Get(version).Marshal;
            _w = w;
            if (recordCodeSpans) _codeSpans = new Dictionary<CodeObject, (int, int)>();
        }

        /// <summary>marshal.dumps(value) of <paramref name="version"/>.</summary>
        public static byte[] Write(PyObject value, PyVersion version)
        {
            var w = new ByteWriter();
            Write(value, version, w);
            return w.ToArray();
        }

        /// <summary>Appends marshal.dumps(value) to <paramref name="output"/>; nothing is appended if it throws.</summary>
        public static void Write(PyObject value, PyVersion version, ByteWriter output) => Write(value, version, output, null);

        /// <summary>
        /// As <see cref="Write(PyObject, PyVersion, ByteWriter)"/>, also telling where each code object's bytes
        /// went (offset in <paramref name="output"/>, length), for comparing code objects one by one.
        /// </summary>
        public static void Write(PyObject value, PyVersion version, ByteWriter output, IDictionary<CodeObject, (int Start, int Length)>? codeSpans)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            if (output is null) throw new ArgumentNullException(nameof(output));
            // Written into a scratch buffer first, so a refusal half-way leaves the caller's output untouched.
            var scratch = new ByteWriter();
            var writer = new MarshalWriter(version, scratch, codeSpans != null);
            writer.Count(value);
            writer.WriteObject(value, "marshal object");
            int start = output.Length;
            output.WriteBytes(scratch.ToArray());
            if (codeSpans != null)
                foreach (var kv in writer._codeSpans!) codeSpans[kv.Key] = (kv.Value.Start + start, kv.Value.Length);
        }

        // ---- occurrence count ----------------------------------------------------------------------

        /// <summary>Counts every non-singleton object by identity; children are visited on the first occurrence only.</summary>
        private void Count(PyObject root)
        {
            var stack = new Stack<PyObject>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var o = stack.Pop();
                if (o is PySingleton) continue;
                _occurrences.TryGetValue(o, out int n);
                _occurrences[o] = n + 1;
                if (n > 0) continue;
                switch (o)
                {
                    case PySequence q:
                        for (int i = q.Items.Length - 1; i >= 0; i--) stack.Push(q.Items[i]);
                        break;
                    case PyDict d:
                        foreach (var kv in d.Items) { stack.Push(kv.Key); stack.Push(kv.Value); }
                        break;
                    case PySlice s:
                        stack.Push(s.Start); stack.Push(s.Stop); stack.Push(s.Step);
                        break;
                    case PyCodeRef c:
                        foreach (var field in _f.CodeLayout)
                            if (!IsIntField(field)) stack.Push(FieldValue(c.Code, field));
                        break;
                }
            }
        }

        // ---- objects -------------------------------------------------------------------------------

        private void WriteObject(PyObject o, string context)
        {
            if (o is null) throw new BytecodeWriteException(null, $"{context} is missing (null)");
            if (++_depth > MarshalReader.MaxDepth)
                throw new BytecodeWriteException(null, $"objects nested deeper than {MarshalReader.MaxDepth}: CPython's marshal refuses them (object too deeply nested to marshal)");
            try
            {
                if (o is PySingleton s)
                {
                    WriteSingleton(s);
                    return;
                }
                bool flag = false;
                if (_f.Refs)
                {
                    if (_refs.TryGetValue(o, out int index))
                    {
                        _w.WriteByte('r');
                        _w.WriteInt32(index);
                        return;
                    }
                    if (NeedsRef(o))
                    {
                        _refs.Add(o, _refs.Count);
                        flag = true;
                    }
                }
                int start = _w.Length;
                WriteBody(o, flag, context);
                if (o is PyCodeRef c && _codeSpans != null) _codeSpans[c.Code] = (start, _w.Length - start);
            }
            finally
            {
                _depth--;
            }
        }

        /// <summary>
        /// FLAG_REF as the data had it; for an object built here, as w_ref would set it: when the object occurs
        /// more than once (its refcount is above 1), and for interned strings, which the interpreter always shares.
        /// </summary>
        private bool NeedsRef(PyObject o)
        {
            if (o.HasRefFlag) return true;
            if (_occurrences.TryGetValue(o, out int n) && n > 1) return true;
            return o.TypeCode == 0 && o is PyStr s && s.IsInterned;
        }

        private void WriteSingleton(PySingleton s)
        {
            char code;
            switch (s.Kind)
            {
                case PyKind.Null: code = '0'; break;
                case PyKind.None: code = 'N'; break;
                case PyKind.False: code = 'F'; break;
                case PyKind.True: code = 'T'; break;
                case PyKind.StopIteration: code = 'S'; break;
                default: code = '.'; break;
            }
            // CPython never flags a singleton, but data that did (and that the reader accepted) is kept.
            _w.WriteByte(code | (s.HasRefFlag && _f.Refs ? FlagRef : 0));
        }

        private void Type(char code, bool flag) => _w.WriteByte(code | (flag ? FlagRef : 0));

        private void WriteBody(PyObject o, bool flag, string context)
        {
            switch (o)
            {
                case PyInt i: WriteInt(i, flag); break;
                case PyFloat f: WriteFloat(f, flag); break;
                case PyComplex c: WriteComplex(c, flag); break;
                case PyBytes b: WriteBytesObject(b, flag); break;
                case PyStr s: WriteStr(s, flag); break;
                case PySequence q: WriteSequence(q, flag, context); break;
                case PyDict d: WriteDict(d, flag, context); break;
                case PySlice sl:
                    if (!_f.Slice) throw Unmarshallable("a slice constant", FirstWith(r => r.Marshal.Slice));
                    Type(':', flag);
                    WriteObject(sl.Start, "slice start");
                    WriteObject(sl.Stop, "slice stop");
                    WriteObject(sl.Step, "slice step");
                    break;
                case PyCodeRef c: WriteCode(c, flag); break;
                default: throw new BytecodeWriteException(null, $"{context}: no marshal form for a {o.Kind}");
            }
        }

        // The release whose marshal introduced a type code, for the message.
        private static string FirstWith(Func<Release, bool> has) => ReleaseRegistry.Supported.First(has)?.Version.ToString() ?? "no supported release";

        private BytecodeWriteException Unmarshallable(string what, string since) =>
            new BytecodeWriteException(null, $"Python {_f.Version} cannot marshal {what} (it appears in marshal of {since})");

        private static readonly BigInteger Int32Min = int.MinValue, Int32Max = int.MaxValue;
        private static readonly BigInteger Int64Min = long.MinValue, Int64Max = long.MaxValue;

        private void WriteInt(PyInt i, bool flag)
        {
            var v = i.Value;
            bool fits32 = v >= Int32Min && v <= Int32Max;
            bool fits64 = v >= Int64Min && v <= Int64Max;
            char code;
            switch ((char)i.TypeCode)
            {
                // The form the data had, whenever it can hold the value (CPython chose it; a hand-made 'l' of a
                // small value is kept too).
                case 'i' when fits32: code = 'i'; break;
                case 'I' when fits64: code = 'I'; break;
                case 'l': code = 'l'; break;
                default:
                    code = _f.Py2 && i.IsPy2Long ? 'l'
                        : fits32 ? 'i'
                        : fits64 && _f.WritesInt64 ? 'I'
                        : 'l';
                    break;
            }
            Type(code, flag);
            if (code == 'i') _w.WriteInt32((int)v);
            else if (code == 'I') _w.WriteInt64((long)v);
            else WriteLongDigits(v);
        }

        /// <summary>w_PyLong: digit count (negative for a negative value), then 15-bit digits, least significant first.</summary>
        private void WriteLongDigits(BigInteger v)
        {
            var digits = new List<ushort>();
            var a = BigInteger.Abs(v);
            var mask = new BigInteger(0x7FFF);
            while (!a.IsZero)
            {
                digits.Add((ushort)(int)(a & mask));
                a >>= 15;
            }
            _w.WriteInt32(v.Sign < 0 ? -digits.Count : digits.Count);
            foreach (var d in digits) _w.WriteUInt16(d);
        }

        private void WriteFloat(PyFloat f, bool flag)
        {
            if (f.TypeCode == 'f' && f.Text != null)
            {
                Type('f', flag);
                WriteFloatText(f.Text);
                return;
            }
            Type('g', flag);
            _w.WriteInt64(BitConverter.DoubleToInt64Bits(f.Value));
        }

        private void WriteComplex(PyComplex c, bool flag)
        {
            if (c.TypeCode == 'x' && c.RealText != null && c.ImagText != null)
            {
                Type('x', flag);
                WriteFloatText(c.RealText);
                WriteFloatText(c.ImagText);
                return;
            }
            Type('y', flag);
            _w.WriteInt64(BitConverter.DoubleToInt64Bits(c.Real));
            _w.WriteInt64(BitConverter.DoubleToInt64Bits(c.Imag));
        }

        private void WriteFloatText(string text)
        {
            _w.WriteByte(text.Length);
            foreach (char ch in text) _w.WriteByte(ch);
        }

        private void WriteBytesObject(PyBytes b, bool flag)
        {
            // 2.x interned str: the first occurrence is 't' and joins the string list, later ones are 'R' + index.
            if (_f.Py2 && (b.IsInterned || b.TypeCode == 't'))
            {
                if (_strings.TryGetValue(b, out int index))
                {
                    _w.WriteByte('R');
                    _w.WriteInt32(index);
                    return;
                }
                _strings.Add(b, _strings.Count);
                Type('t', flag);
            }
            else Type('s', flag);
            WriteSized(b.Value);
        }

        private void WriteSized(byte[] data)
        {
            _w.WriteInt32(data.Length);
            _w.WriteBytes(data);
        }

        private void WriteStr(PyStr s, bool flag)
        {
            char code = (char)s.TypeCode;
            bool latin1 = IsLatin1(s.Value);
            switch (code)
            {
                // The form the data had, while it still fits the text (ASCII forms hold single bytes, short ones < 256).
                case 'z' when _f.AsciiForms && latin1 && s.Value.Length < 256:
                case 'Z' when _f.AsciiForms && latin1 && s.Value.Length < 256:
                case 'a' when _f.AsciiForms && latin1:
                case 'A' when _f.AsciiForms && latin1:
                case 'u':
                case 't' when !_f.Py2:
                    break;
                default:
                    code = FreshStrCode(s);
                    break;
            }
            Type(code, flag);
            if (code == 'z' || code == 'Z')
            {
                _w.WriteByte(s.Value.Length);
                foreach (char ch in s.Value) _w.WriteByte(ch);
            }
            else if (code == 'a' || code == 'A')
            {
                _w.WriteInt32(s.Value.Length);
                foreach (char ch in s.Value) _w.WriteByte(ch);
            }
            else WriteSized(EncodeSurrogatepass(s));
        }

        /// <summary>w_object's choice for a str: v4 ASCII forms, v3 't' for interned, else 'u'.</summary>
        private char FreshStrCode(PyStr s)
        {
            if (_f.Py2) return 'u';
            if (_f.AsciiForms && IsAscii(s.Value))
                return s.Value.Length < 256 ? (s.IsInterned ? 'Z' : 'z') : (s.IsInterned ? 'A' : 'a');
            return _f.Refs && s.IsInterned ? 't' : 'u';
        }

        private static bool IsAscii(string s)
        {
            foreach (char c in s) if (c >= 0x80) return false;
            return true;
        }

        private static bool IsLatin1(string s)
        {
            foreach (char c in s) if (c > 0xFF) return false;
            return true;
        }

        /// <summary>UTF-8 with "surrogatepass": lone surrogates are encoded like any other code point.</summary>
        internal static byte[] EncodeSurrogatepass(PyStr s)
        {
            if (IsAscii(s.Value)) return Encoding.ASCII.GetBytes(s.Value);
            var cps = s.CodePoints;
            var w = new ByteWriter(cps.Length * 3);
            foreach (int c in cps)
            {
                if (c < 0x80) w.WriteByte(c);
                else if (c < 0x800) { w.WriteByte(0xC0 | c >> 6); w.WriteByte(0x80 | (c & 0x3F)); }
                else if (c < 0x10000) { w.WriteByte(0xE0 | c >> 12); w.WriteByte(0x80 | (c >> 6 & 0x3F)); w.WriteByte(0x80 | (c & 0x3F)); }
                else { w.WriteByte(0xF0 | c >> 18); w.WriteByte(0x80 | (c >> 12 & 0x3F)); w.WriteByte(0x80 | (c >> 6 & 0x3F)); w.WriteByte(0x80 | (c & 0x3F)); }
            }
            return w.ToArray();
        }

        private void WriteSequence(PySequence q, bool flag, string context)
        {
            int n = q.Items.Length;
            string item;
            switch (q.Kind)
            {
                case PyKind.Tuple:
                    // ')' small tuple (v4) for fewer than 256 items; a '(' the data had is kept.
                    bool small = _f.AsciiForms && n < 256 && q.TypeCode != '(';
                    Type(small ? ')' : '(', flag);
                    if (small) _w.WriteByte(n); else _w.WriteInt32(n);
                    item = "tuple item";
                    break;
                case PyKind.List: Type('[', flag); _w.WriteInt32(n); item = "list item"; break;
                case PyKind.Set: Type('<', flag); _w.WriteInt32(n); item = "set item"; break;
                default: Type('>', flag); _w.WriteInt32(n); item = "frozenset item"; break;
            }
            for (int i = 0; i < n; i++) WriteObject(q.Items[i], item);
        }

        private void WriteDict(PyDict d, bool flag, string context)
        {
            if (d.Kind == PyKind.FrozenDict && !_f.FrozenDict) throw Unmarshallable("a frozendict", FirstWith(r => r.Marshal.FrozenDict));
            Type(d.Kind == PyKind.FrozenDict ? '}' : '{', flag);
            foreach (var kv in d.Items)
            {
                WriteObject(kv.Key, "dict key");
                WriteObject(kv.Value, "dict value");
            }
            _w.WriteByte('0');
        }

        // ---- code objects --------------------------------------------------------------------------

        private void WriteCode(PyCodeRef r, bool flag)
        {
            var co = r.Code;
            if (co.Version != _f.Version)
                throw new BytecodeWriteException(co.DisplayName, $"a Python {co.Version} code object cannot be written as Python {_f.Version} marshal data");
            Type('c', flag);
            foreach (var field in _f.CodeLayout)
            {
                switch (field)
                {
                    case CodeField.ArgCount: _w.WriteInt32(co.ArgCount); break;
                    case CodeField.PosOnlyArgCount: _w.WriteInt32(co.PosOnlyArgCount); break;
                    case CodeField.KwOnlyArgCount: _w.WriteInt32(co.KwOnlyArgCount); break;
                    case CodeField.NLocals: _w.WriteInt32(co.NLocals); break;
                    case CodeField.StackSize: _w.WriteInt32(co.StackSize); break;
                    case CodeField.Flags: _w.WriteUInt32(co.RawFlags); break;
                    case CodeField.FirstLineNo: _w.WriteInt32(co.FirstLineNo); break;
                    default: WriteObject(FieldValue(co, field), MarshalRules.FieldName(field)); break;
                }
            }
        }

        private static bool IsIntField(CodeField f) => MarshalRules.IsIntField(f);

        private readonly Dictionary<(CodeObject, CodeField), PyObject> _fieldObjects = new Dictionary<(CodeObject, CodeField), PyObject>();

        /// <summary>
        /// The object a code field is written as: the one read (<see cref="CodeObject.FieldObjects"/>) while it
        /// still holds the field's value, else a new one in the style of the one it replaces. Built once per
        /// write, so counting and writing see the same instance.
        /// </summary>
        private PyObject FieldValue(CodeObject co, CodeField field)
        {
            if (_fieldObjects.TryGetValue((co, field), out var cached)) return cached;
            var old = co.FieldObject(field);
            PyObject result;
            switch (field)
            {
                case CodeField.Code: result = BytesField(old, co.Code); break;
                case CodeField.LnoTab:
                case CodeField.LineTable: result = BytesField(old, co.LineTable); break;
                case CodeField.ExceptionTable: result = BytesField(old, co.ExceptionTable); break;
                case CodeField.LocalsPlusKinds: result = BytesField(old, co.LocalsPlusKinds); break;
                case CodeField.Consts: result = ConstsField(old, co.Consts); break;
                case CodeField.Names: result = NamesField(old, co.Names); break;
                case CodeField.VarNames: result = NamesField(old, co.VarNames); break;
                case CodeField.FreeVars: result = NamesField(old, co.FreeVars); break;
                case CodeField.CellVars: result = NamesField(old, co.CellVars); break;
                case CodeField.LocalsPlusNames: result = NamesField(old, co.LocalsPlusNames); break;
                case CodeField.Filename: result = TextField(old, co.Filename, interned: false); break;
                case CodeField.Name: result = TextField(old, co.Name, interned: true); break;
                case CodeField.QualName: result = TextField(old, co.QualName ?? co.Name, interned: true); break;
                default: throw new ArgumentOutOfRangeException(nameof(field));
            }
            _fieldObjects[(co, field)] = result;
            return result;
        }

        private static PyObject BytesField(PyObject? old, byte[] value)
        {
            if (old is PyBytes b && (ReferenceEquals(b.Value, value) || SameBytes(b.Value, value))) return b;
            return StyledAfter(new PyBytes(value), old);
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        private static PyObject ConstsField(PyObject? old, PyObject[] consts)
        {
            if (old is PySequence t && t.Kind == PyKind.Tuple && t.Items.Length == consts.Length)
            {
                bool same = true;
                for (int i = 0; i < consts.Length && same; i++) same = ReferenceEquals(t.Items[i], consts[i]);
                if (same) return t;
            }
            return StyledAfter(new PySequence(PyKind.Tuple, (PyObject[])consts.Clone()), old);
        }

        private PyObject NamesField(PyObject? old, string[] names)
        {
            var oldItems = old is PySequence t && t.Kind == PyKind.Tuple ? t.Items : Array.Empty<PyObject>();
            if (old != null && oldItems.Length == names.Length)
            {
                bool same = true;
                for (int i = 0; i < names.Length && same; i++) same = TextOf(oldItems[i]) == names[i];
                if (same) return old!;
            }
            // Names kept from the old tuple stay the same objects (they may be shared through refs).
            var byText = new Dictionary<string, PyObject>(StringComparer.Ordinal);
            foreach (var item in oldItems)
            {
                var text = TextOf(item);
                if (text != null && !byText.ContainsKey(text)) byText.Add(text, item);
            }
            var items = new PyObject[names.Length];
            for (int i = 0; i < names.Length; i++)
                items[i] = byText.TryGetValue(names[i], out var kept) ? kept : FreshText(names[i], interned: true);
            return StyledAfter(new PySequence(PyKind.Tuple, items), old);
        }

        private PyObject TextField(PyObject? old, string value, bool interned) =>
            old != null && TextOf(old) == value ? old : StyledAfter(FreshText(value, interned), old);

        private static string? TextOf(PyObject o) => o is PyStr s ? s.Value : o is PyBytes b ? b.AsLatin1() : null;

        /// <summary>A name or file name as the version holds it: a 2.x str (bytes) or a 3.x str, interned like CPython's names.</summary>
        private PyObject FreshText(string value, bool interned)
        {
            if (!_f.Py2) return new PyStr(value) { IsInterned = interned };
            var bytes = new byte[value.Length];
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] > 0xFF)
                    throw new BytecodeWriteException(null, $"'{value}' cannot be a Python 2 name: character U+{(int)value[i]:X4} is not a byte");
                bytes[i] = (byte)value[i];
            }
            return new PyBytes(bytes) { IsInterned = interned };
        }

        /// <summary>
        /// A new object takes the form and FLAG_REF of the one it replaces (when both are the same kind), so the rest
        /// of the file keeps its bytes and its ref numbers. Returns <paramref name="fresh"/>.
        /// </summary>
        internal static T StyledAfter<T>(T fresh, PyObject? old) where T : PyObject
        {
            if (old != null && old.Kind == fresh.Kind)
            {
                fresh.TypeCode = old.TypeCode;
                fresh.HasRefFlag = old.HasRefFlag;
                if (fresh is PyBytes fb && old is PyBytes ob) fb.IsInterned = ob.IsInterned;
                if (fresh is PyStr fs && old is PyStr os) fs.IsInterned = os.IsInterned;
            }
            return fresh;
        }

        /// <summary>Reference equality for the identity tables (w_ref keys on the object's address).</summary>
        internal sealed class IdentityComparer : IEqualityComparer<PyObject>
        {
            public static readonly IdentityComparer Instance = new IdentityComparer();
            public bool Equals(PyObject? x, PyObject? y) => ReferenceEquals(x, y);
            public int GetHashCode(PyObject obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
