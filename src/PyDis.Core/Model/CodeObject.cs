using System;
using System.Collections.Generic;
using PyDis.Core.Releases;
using PyDis.Core.Model;

namespace PyDis.Core.Model
{
    /// <summary>
    /// A code object as CPython X.Y itself would load it: every co_* field of that version.
    /// Fields a version does not have are left at their defaults (0, empty array or null) and
    /// <see cref="Release"/> tells which exist. Name tuples are exposed as strings for the decoder's hot
    /// path; the marshalled field objects stay available for a byte-identical writer.
    /// </summary>
    public sealed class CodeObject
    {
        private static readonly string[] NoNames = Array.Empty<string>();

        /// <summary>An empty code object of a supported release line.</summary>
        /// <exception cref="ArgumentOutOfRangeException">PyDis does not read <paramref name="version"/>.</exception>
        public CodeObject(PyVersion version) : this(ReleaseRegistry.Supported.Get(version)) { }

        /// <summary>An empty code object whose rules are <paramref name="release"/>'s.</summary>
        public CodeObject(Release release) { Release = release ?? throw new ArgumentNullException(nameof(release)); }

        /// <summary>The rules of the release line that wrote this code object.</summary>
        public Release Release { get; }

        public PyVersion Version => Release.Version;

        public int ArgCount { get; set; }
        /// <summary>3.8+.</summary>
        public int PosOnlyArgCount { get; set; }
        /// <summary>3.0+.</summary>
        public int KwOnlyArgCount { get; set; }
        /// <summary>Stored before 3.11; derived from localsplus kinds from 3.11.</summary>
        public int NLocals { get; set; }
        public int StackSize { get; set; }
        public CodeFlags Flags { get; set; }
        public uint RawFlags => (uint)Flags;

        public byte[] Code { get; set; } = Array.Empty<byte>();
        public PyObject[] Consts { get; set; } = Array.Empty<PyObject>();

        public string[] Names
        {
            get => Strings(ref _names);
            set => _names = value;
        }

        // co_names and co_localsplusnames: a string[], or (as loaded) the str items of the marshalled tuple, made into
        // strings when Names or LocalsPlusNames is first read. The decoder reads them through NameList, so disassembly
        // makes no string[] beside each tuple. Like Consts, they share the tuple's items array.
        private object _names = NoNames;
        private object _localsPlusNames = NoNames;

        /// <summary>co_names as the decoder reads them (without making a string[]).</summary>
        internal NameList NameList => new NameList(_names);

        /// <summary>co_localsplusnames as the decoder reads them.</summary>
        internal NameList LocalsPlusNameList => new NameList(_localsPlusNames);

        /// <summary><see cref="FastNames"/> as the decoder reads them.</summary>
        internal NameList FastNameList => Release.Marshal.HasLocalsPlus ? LocalsPlusNameList : new NameList(VarNames);

        /// <summary>Sets co_names to <paramref name="items"/>, the items of its marshalled tuple, every one a <see cref="PyStr"/>.</summary>
        internal void SetNameItems(PyObject[] items) => _names = items;

        /// <summary>Sets co_localsplusnames to <paramref name="items"/>, the items of its marshalled tuple, every one a <see cref="PyStr"/>.</summary>
        internal void SetLocalsPlusNameItems(PyObject[] items)
        {
            DerivePending();
            _localsPlusNames = items;
        }

        private static string[] Strings(ref object names)
        {
            if (!(names is PyObject[] items)) return (string[])names;
            var strings = new string[items.Length];
            for (int i = 0; i < strings.Length; i++) strings[i] = ((PyStr)items[i]).Value;
            // Two threads may both make the array: either is the same list.
            names = strings;
            return strings;
        }

        /// <summary>co_varnames; from 3.11 derived from localsplus (kind has CO_FAST_LOCAL).</summary>
        public string[] VarNames
        {
            get { DerivePending(); return _varNames; }
            set { DerivePending(); _varNames = value; }
        }
        /// <summary>co_freevars; from 3.11 derived from localsplus (CO_FAST_FREE).</summary>
        public string[] FreeVars
        {
            get { DerivePending(); return _freeVars; }
            set { DerivePending(); _freeVars = value; }
        }
        /// <summary>co_cellvars; from 3.11 derived from localsplus (CO_FAST_CELL).</summary>
        public string[] CellVars
        {
            get { DerivePending(); return _cellVars; }
            set { DerivePending(); _cellVars = value; }
        }

        /// <summary>3.11+: co_localsplusnames and co_localspluskinds.</summary>
        public string[] LocalsPlusNames
        {
            get => Strings(ref _localsPlusNames);
            set { DerivePending(); _localsPlusNames = value; }
        }

        public byte[] LocalsPlusKinds
        {
            get => _localsPlusKinds;
            set { DerivePending(); _localsPlusKinds = value; }
        }

        private string[] _varNames = NoNames, _freeVars = NoNames, _cellVars = NoNames;
        private byte[] _localsPlusKinds = Array.Empty<byte>();
        // Set by DeriveFromLocalsPlus: co_varnames, co_cellvars and co_freevars are made from localsplus when one of
        // them is first read or set, or localsplus is replaced (disassembly mostly never reads them from 3.11 on).
        private volatile bool _derivePending;

        public string Filename { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>3.11+; earlier versions have no co_qualname (null).</summary>
        public string? QualName { get; set; }
        public int FirstLineNo { get; set; }

        /// <summary>co_lnotab before 3.10, co_linetable from 3.10 (3.10 format or 3.11+ location table).</summary>
        public byte[] LineTable { get; set; } = Array.Empty<byte>();
        /// <summary>3.11+.</summary>
        public byte[] ExceptionTable { get; set; } = Array.Empty<byte>();

        /// <summary>
        /// Bare co_code with no tables around it, as dis.dis(bytes) sees it: co_consts, co_names, varnames and
        /// the line table are None there (not empty), so table-indexing opargs follow
        /// <see cref="DecodeRules.BareArgs"/>, there are no line starts and 2.7 ignores EXTENDED_ARG
        /// (<see cref="DecodeRules.Bare"/>).
        /// </summary>
        public bool BareBytecode { get; set; }

        // The marshalled field objects, a slot per object field of the release's layout (see CodeFieldObjects), kept
        // in the code object itself: an array of them was 104 bytes more per code object.
        private FieldSlots _fieldSlots;
        private CodeFieldObjects? _fieldView;

        /// <summary>Marshalled objects of each field, by CPython field name (co_code, co_consts, …), for round trips.</summary>
        public IDictionary<string, PyObject> FieldObjects => _fieldView ??= new CodeFieldObjects(this);

        internal PyObject? FieldSlot(int slot) => _fieldSlots.Get(slot);

        internal void SetFieldSlot(int slot, PyObject? value) => _fieldSlots.Set(slot, value);

        /// <summary>The marshalled object read for <paramref name="field"/>, or null.</summary>
        internal PyObject? FieldObject(CodeField field)
        {
            int slot = Release.Marshal.FieldSlots[(int)field];
            var v = slot >= 0 ? FieldSlot(slot) : _fieldView?.Other(MarshalRules.FieldName(field));
            return ReferenceEquals(v, CodeFieldObjects.NullEntry) ? null : v;
        }

        internal void SetFieldObject(CodeField field, PyObject value)
        {
            int slot = Release.Marshal.FieldSlots[(int)field];
            if (slot >= 0) SetFieldSlot(slot, value);
            else (_fieldView ??= new CodeFieldObjects(this)).SetOther(MarshalRules.FieldName(field), value);
        }

        /// <summary>Gives <paramref name="copy"/> (of the same release) the same marshalled field objects, in tables of its own.</summary>
        internal void CopyFieldObjectsTo(CodeObject copy)
        {
            copy._fieldSlots = _fieldSlots;
            copy._fieldView = _fieldView != null && _fieldView.HasOthers ? _fieldView.CloneFor(copy) : null;
        }

        /// <summary>The code object containing this one in co_consts, or null for the top level.</summary>
        public CodeObject? Parent { get; set; }

        /// <summary>
        /// The marshal object this code object was read as (its type code and FLAG_REF), or, for an edited copy,
        /// the one it replaces: a writer gives the code object the same form.
        /// </summary>
        public PyCodeRef? MarshalRef { get; set; }

        /// <summary>Byte offset of this code object's type code in the marshal data (an offset in a byte array: it fits an int).</summary>
        public long SourceOffset
        {
            get => _sourceOffset;
            set => _sourceOffset = checked((int)value);
        }

        // An int, as PyObject's: it packs with the int fields instead of taking 8 bytes of its own.
        private int _sourceOffset = -1;

        // Repr's code address: the hash of this code object's place in its tree, and the parent it was computed under
        // (an edit gives the tree above new parents, so a stale hash is not used).
        internal ulong AddressHash { get; set; }
        internal CodeObject? AddressHashParent { get; set; }

        // Records' QualName before 3.11: the qualified name derived from the nesting (Records.QualNames), made once.
        internal DerivedQualName? DerivedQualName { get; set; }

        /// <summary>Nested code objects in co_consts order (direct children only).</summary>
        public IEnumerable<CodeObject> NestedCode()
        {
            foreach (var c in Consts)
                if (c is PyCodeRef r) yield return r.Code;
        }

        /// <summary>This code object and every nested one, parent first, children in co_consts order.</summary>
        public IEnumerable<CodeObject> Walk()
        {
            foreach (var w in Walk(Name, null)) yield return w.Code;
        }

        /// <summary>
        /// The walk every part of PyDis uses: this code object, then each code constant's subtree in co_consts
        /// order (dis._disassemble_recursive's order), down to <paramref name="depth"/> levels below this one
        /// (null: all). <paramref name="path"/> is this code object's co_name chain; a child's is its parent's
        /// plus "." and its co_name.
        /// </summary>
        public IEnumerable<WalkedCode> Walk(string path, int? depth)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            // An explicit stack: marshal allows 2000 levels of nesting, more than a recursive iterator should take.
            var stack = new Stack<WalkedCode>();
            stack.Push(new WalkedCode(this, path));
            var children = new List<WalkedCode>();
            while (stack.Count > 0)
            {
                var w = stack.Pop();
                yield return w;
                if (depth.HasValue && w.Level >= depth.Value) continue;
                children.Clear();
                var consts = w.Code.Consts;
                for (int i = 0; i < consts.Length; i++)
                    if (consts[i] is PyCodeRef r) children.Add(new WalkedCode(r.Code, w, i));
                for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
            }
        }

        /// <summary>co_qualname when the version has it, else co_name (what a user sees as the name).</summary>
        public string DisplayName => QualName ?? Name;

        /// <summary>Local variable name by index (LOAD_FAST etc.): localsplus from 3.11, varnames before.</summary>
        public string[] FastNames => Release.Marshal.HasLocalsPlus ? LocalsPlusNames : VarNames;

        /// <summary>The decode rules for this code object: its release's, or their bare-bytecode variant.</summary>
        public DecodeRules DecodeRules => BareBytecode ? Release.Decode.Bare : Release.Decode;

        /// <summary>
        /// co_varnames, co_cellvars, co_freevars and co_nlocals as Objects/codeobject.c derives them from
        /// co_localsplusnames and co_localspluskinds (3.11+; the two have the same length).
        /// </summary>
        internal void DeriveFromLocalsPlus()
        {
            // co_nlocals now; the name arrays when first asked for (DerivePending).
            int n = Math.Min(LocalsPlusNameList.Length, _localsPlusKinds.Length);
            int locals = 0;
            for (int i = 0; i < n; i++) if (((LocalKind)_localsPlusKinds[i] & LocalKind.Local) != 0) locals++;
            NLocals = locals;
            _derivePending = true;
        }

        private void DerivePending()
        {
            if (!_derivePending) return;
            var names = Strings(ref _localsPlusNames);
            var kinds = _localsPlusKinds;
            int n = Math.Min(names.Length, kinds.Length);
            // A name can be both an argument and a cell (CO_FAST_LOCAL | CO_FAST_CELL): it is listed in both.
            _varNames = NamesOfKind(names, kinds, n, LocalKind.Local);
            _cellVars = NamesOfKind(names, kinds, n, LocalKind.Cell);
            _freeVars = NamesOfKind(names, kinds, n, LocalKind.Free);
            _derivePending = false;
        }

        // The first n names whose kind has the bit, in an array of exactly their number.
        private static string[] NamesOfKind(string[] names, byte[] kinds, int n, LocalKind kind)
        {
            int count = 0;
            for (int i = 0; i < n; i++) if (((LocalKind)kinds[i] & kind) != 0) count++;
            if (count == 0) return NoNames;
            var result = new string[count];
            count = 0;
            for (int i = 0; i < n; i++) if (((LocalKind)kinds[i] & kind) != 0) result[count++] = names[i];
            return result;
        }

        /// <summary>Names a closure index refers to before 3.11: cellvars then freevars.</summary>
        public string[] CellAndFreeNames()
        {
            var all = new string[CellVars.Length + FreeVars.Length];
            CellVars.CopyTo(all, 0);
            FreeVars.CopyTo(all, CellVars.Length);
            return all;
        }
    }

    /// <summary>
    /// A code object's marshalled field objects by slot (<see cref="MarshalRules.FieldSlots"/>): as many as the
    /// largest layout has object fields (<see cref="MarshalRules.MaxObjectFields"/>).
    /// </summary>
    internal struct FieldSlots
    {
        private PyObject? _0, _1, _2, _3, _4, _5, _6, _7, _8, _9;

        public PyObject? Get(int slot)
        {
            switch (slot)
            {
                case 0: return _0;
                case 1: return _1;
                case 2: return _2;
                case 3: return _3;
                case 4: return _4;
                case 5: return _5;
                case 6: return _6;
                case 7: return _7;
                case 8: return _8;
                case 9: return _9;
                default: throw new ArgumentOutOfRangeException(nameof(slot));
            }
        }

        public void Set(int slot, PyObject? value)
        {
            switch (slot)
            {
                case 0: _0 = value; break;
                case 1: _1 = value; break;
                case 2: _2 = value; break;
                case 3: _3 = value; break;
                case 4: _4 = value; break;
                case 5: _5 = value; break;
                case 6: _6 = value; break;
                case 7: _7 = value; break;
                case 8: _8 = value; break;
                case 9: _9 = value; break;
                default: throw new ArgumentOutOfRangeException(nameof(slot));
            }
        }
    }

    /// <summary>co_names or co_localsplusnames as the decoder reads them: strings, or the str items of the marshalled tuple.</summary>
    internal readonly struct NameList
    {
        private readonly string[]? _strings;
        private readonly PyObject[]? _items;

        public NameList(object? names)
        {
            _strings = names as string[];
            _items = names as PyObject[];
        }

        public int Length => _strings?.Length ?? _items?.Length ?? 0;

        public string this[int index] => _strings != null ? _strings[index] : ((PyStr)_items![index]).Value;
    }

    /// <summary>co_localspluskinds bits (Include/internal/pycore_code.h, 3.11+).</summary>
    [Flags]
    public enum LocalKind : byte
    {
        None = 0,
        ArgVar = 0x04,  // CO_FAST_ARG_VAR, 3.13+; earlier the bit is unused
        Hidden = 0x10,  // CO_FAST_HIDDEN, 3.12+
        Local = 0x20,   // CO_FAST_LOCAL
        Cell = 0x40,    // CO_FAST_CELL
        Free = 0x80,    // CO_FAST_FREE
    }

    /// <summary>One code object met on a <see cref="CodeObject.Walk(string, int?)"/>, with where it sits.</summary>
    // A class, not a struct: ReadyToRun cannot precompile Stack<T> or List<T> over a PyDis struct.
    public sealed class WalkedCode
    {
        private readonly WalkedCode? _up;
        private readonly CodeObject? _parent;
        private string? _path;

        /// <summary>The start of a walk: <paramref name="path"/> is its co_name chain.</summary>
        public WalkedCode(CodeObject code, string path) : this(code, path, 0, null, -1) { }

        /// <summary>A code object with where it sits given outright (e.g. one just edited in its tree).</summary>
        public WalkedCode(CodeObject code, string path, int level, CodeObject? parent, int constIndex)
        {
            Code = code ?? throw new ArgumentNullException(nameof(code));
            _path = path ?? throw new ArgumentNullException(nameof(path));
            _parent = parent;
            Level = level;
            ConstIndex = constIndex;
        }

        // A child met on a walk: its co_name chain is made from its parent's only when asked for.
        internal WalkedCode(CodeObject code, WalkedCode up, int constIndex)
        {
            Code = code;
            _up = up;
            _parent = up.Code;
            Level = up.Level + 1;
            ConstIndex = constIndex;
        }

        public CodeObject Code { get; }
        /// <summary>co_name chain from the walk's start, e.g. "&lt;module&gt;.f.&lt;lambda&gt;" (made on first use).</summary>
        public string Path => _path ??= _up!.Path + "." + Code.Name;
        /// <summary>0 for the walk's start, 1 for its code constants, …</summary>
        public int Level { get; }
        /// <summary>The code object whose co_consts holds this one (null for the walk's start).</summary>
        public CodeObject? Parent => _parent;
        /// <summary>Index of this code object in <see cref="Parent"/>'s co_consts; -1 for the walk's start.</summary>
        public int ConstIndex { get; }
    }
}
