using System;
using System.Collections;
using System.Collections.Generic;
using PyDis.Core.Releases;

namespace PyDis.Core.Model
{
    /// <summary>
    /// <see cref="CodeObject.FieldObjects"/>: the marshalled object of each object field of a code object, keyed by
    /// CPython field name. The code object keeps them in slots of its own, one per object field of its release's
    /// layout (<see cref="MarshalRules.FieldSlots"/>); a Dictionary per code object cost ~600 bytes, the largest
    /// single allocation of loading. This view is made only when asked for. Keys outside the layout, which nothing
    /// in PyDis writes, go to an ordinary dictionary. Enumeration follows the layout (the order the reader adds
    /// the fields), then the other keys.
    /// </summary>
    internal sealed class CodeFieldObjects : IDictionary<string, PyObject>
    {
        private readonly CodeObject _code;
        private Dictionary<string, PyObject>? _other;

        public CodeFieldObjects(CodeObject code) { _code = code; }

        /// <summary>Stands for a null value stored under a key (a dictionary entry), which an empty slot is not.</summary>
        internal static readonly PyObject NullEntry = new PySingleton(PyKind.Null);

        private MarshalRules Rules => _code.Release.Marshal;

        /// <summary>The field a CPython field name names, or null.</summary>
        private static CodeField? FieldOf(string key)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            switch (key)
            {
                case "co_code": return CodeField.Code;
                case "co_consts": return CodeField.Consts;
                case "co_names": return CodeField.Names;
                case "co_varnames": return CodeField.VarNames;
                case "co_freevars": return CodeField.FreeVars;
                case "co_cellvars": return CodeField.CellVars;
                case "co_localsplusnames": return CodeField.LocalsPlusNames;
                case "co_localspluskinds": return CodeField.LocalsPlusKinds;
                case "co_filename": return CodeField.Filename;
                case "co_name": return CodeField.Name;
                case "co_qualname": return CodeField.QualName;
                case "co_lnotab": return CodeField.LnoTab;
                case "co_linetable": return CodeField.LineTable;
                case "co_exceptiontable": return CodeField.ExceptionTable;
                default: return null;
            }
        }

        private int SlotOf(string key) => FieldOf(key) is CodeField f ? Rules.FieldSlots[(int)f] : -1;

        /// <summary>The value under a key outside the layout, or null.</summary>
        internal PyObject? Other(string key) => _other != null && _other.TryGetValue(key, out var o) ? o : null;

        internal void SetOther(string key, PyObject value) =>
            (_other ??= new Dictionary<string, PyObject>(StringComparer.Ordinal))[key] = value;

        internal bool HasOthers => _other != null && _other.Count > 0;

        /// <summary>A view of <paramref name="code"/> holding the same other keys as this one.</summary>
        internal CodeFieldObjects CloneFor(CodeObject code) =>
            new CodeFieldObjects(code) { _other = _other is null ? null : new Dictionary<string, PyObject>(_other, StringComparer.Ordinal) };

        public PyObject this[string key]
        {
            get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
            set
            {
                int slot = SlotOf(key);
                if (slot < 0) SetOther(key, value);
                else _code.SetFieldSlot(slot, value ?? NullEntry);
            }
        }

        public bool TryGetValue(string key, out PyObject value)
        {
            int slot = SlotOf(key);
            if (slot < 0)
            {
                if (_other != null && _other.TryGetValue(key, out value!)) return true;
                value = null!;
                return false;
            }
            var v = _code.FieldSlot(slot);
            if (v is null)
            {
                value = null!;
                return false;
            }
            value = ReferenceEquals(v, NullEntry) ? null! : v;
            return true;
        }

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public void Add(string key, PyObject value)
        {
            if (ContainsKey(key)) throw new ArgumentException($"An item with the same key has already been added. Key: {key}", nameof(key));
            this[key] = value;
        }

        public bool Remove(string key)
        {
            int slot = SlotOf(key);
            if (slot < 0) return _other != null && _other.Remove(key);
            if (_code.FieldSlot(slot) is null) return false;
            _code.SetFieldSlot(slot, null);
            return true;
        }

        public int Count
        {
            get
            {
                int n = _other?.Count ?? 0;
                for (int slot = 0; slot < Rules.ObjectFieldCount; slot++) if (_code.FieldSlot(slot) != null) n++;
                return n;
            }
        }

        public bool IsReadOnly => false;

        public ICollection<string> Keys
        {
            get
            {
                var keys = new List<string>(Count);
                foreach (var kv in this) keys.Add(kv.Key);
                return keys.AsReadOnly();
            }
        }

        public ICollection<PyObject> Values
        {
            get
            {
                var values = new List<PyObject>(Count);
                foreach (var kv in this) values.Add(kv.Value);
                return values.AsReadOnly();
            }
        }

        public void Add(KeyValuePair<string, PyObject> item) => Add(item.Key, item.Value);

        public void Clear()
        {
            for (int slot = 0; slot < Rules.ObjectFieldCount; slot++) _code.SetFieldSlot(slot, null);
            _other?.Clear();
        }

        public bool Contains(KeyValuePair<string, PyObject> item) =>
            TryGetValue(item.Key, out var v) && EqualityComparer<PyObject>.Default.Equals(v, item.Value);

        public void CopyTo(KeyValuePair<string, PyObject>[] array, int arrayIndex)
        {
            if (array is null) throw new ArgumentNullException(nameof(array));
            if (arrayIndex < 0 || arrayIndex > array.Length) throw new ArgumentOutOfRangeException(nameof(arrayIndex));
            if (array.Length - arrayIndex < Count) throw new ArgumentException("The destination array is too small.", nameof(array));
            foreach (var kv in this) array[arrayIndex++] = kv;
        }

        public bool Remove(KeyValuePair<string, PyObject> item) => Contains(item) && Remove(item.Key);

        public IEnumerator<KeyValuePair<string, PyObject>> GetEnumerator()
        {
            foreach (var f in Rules.CodeLayoutArray)
            {
                int slot = Rules.FieldSlots[(int)f];
                if (slot < 0) continue;
                var v = _code.FieldSlot(slot);
                if (v != null) yield return new KeyValuePair<string, PyObject>(MarshalRules.FieldName(f), ReferenceEquals(v, NullEntry) ? null! : v);
            }
            if (_other != null)
                foreach (var kv in _other) yield return kv;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
