using System;
using System.Collections;
using System.Collections.Generic;
using PyDis.Core.Releases;

namespace PyDis.Core.Model
{
    /// <summary>
    /// <see cref="CodeObject.FieldObjects"/>: the marshalled object of each object field of a code object, keyed by
    /// CPython field name. The fields are a fixed set, so they sit in one small array indexed by field (a
    /// Dictionary per code object cost ~600 bytes, the largest single allocation of loading). Other keys, which
    /// nothing in PyDis writes, go to an ordinary dictionary. Enumeration follows the field order of marshal data
    /// (the order the reader adds them), then the other keys.
    /// </summary>
    internal sealed class CodeFieldObjects : IDictionary<string, PyObject>
    {
        // Code .. QualName, then LnoTab, LineTable, ExceptionTable.
        private const int SlotCount = 14;
        private static readonly CodeField[] SlotFields =
        {
            CodeField.Code, CodeField.Consts, CodeField.Names, CodeField.VarNames, CodeField.FreeVars, CodeField.CellVars,
            CodeField.LocalsPlusNames, CodeField.LocalsPlusKinds, CodeField.Filename, CodeField.Name, CodeField.QualName,
            CodeField.LnoTab, CodeField.LineTable, CodeField.ExceptionTable,
        };

        private PyObject?[]? _slots;
        // Bit i: slot i holds an entry (a null value is an entry, as in a dictionary).
        private int _present;
        private Dictionary<string, PyObject>? _other;

        private static int SlotOf(CodeField f)
        {
            if (f >= CodeField.Code && f <= CodeField.QualName) return f - CodeField.Code;
            if (f >= CodeField.LnoTab && f <= CodeField.ExceptionTable) return f - CodeField.LnoTab + 11;
            return -1;
        }

        private static int SlotOf(string key)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            switch (key)
            {
                case "co_code": return SlotOf(CodeField.Code);
                case "co_consts": return SlotOf(CodeField.Consts);
                case "co_names": return SlotOf(CodeField.Names);
                case "co_varnames": return SlotOf(CodeField.VarNames);
                case "co_freevars": return SlotOf(CodeField.FreeVars);
                case "co_cellvars": return SlotOf(CodeField.CellVars);
                case "co_localsplusnames": return SlotOf(CodeField.LocalsPlusNames);
                case "co_localspluskinds": return SlotOf(CodeField.LocalsPlusKinds);
                case "co_filename": return SlotOf(CodeField.Filename);
                case "co_name": return SlotOf(CodeField.Name);
                case "co_qualname": return SlotOf(CodeField.QualName);
                case "co_lnotab": return SlotOf(CodeField.LnoTab);
                case "co_linetable": return SlotOf(CodeField.LineTable);
                case "co_exceptiontable": return SlotOf(CodeField.ExceptionTable);
                default: return -1;
            }
        }

        /// <summary>The object read for <paramref name="field"/>, or null when there is none.</summary>
        public PyObject? Get(CodeField field)
        {
            int slot = SlotOf(field);
            if (slot < 0) return _other != null && _other.TryGetValue(MarshalRules.FieldName(field), out var o) ? o : null;
            return _slots?[slot];
        }

        public void Set(CodeField field, PyObject value)
        {
            int slot = SlotOf(field);
            if (slot < 0) SetOther(MarshalRules.FieldName(field), value);
            else SetSlot(slot, value);
        }

        /// <summary>A copy holding the same entries.</summary>
        public CodeFieldObjects Clone()
        {
            var c = new CodeFieldObjects { _present = _present };
            if (_slots != null) c._slots = (PyObject?[])_slots.Clone();
            if (_other != null) c._other = new Dictionary<string, PyObject>(_other, StringComparer.Ordinal);
            return c;
        }

        private void SetSlot(int slot, PyObject value)
        {
            (_slots ??= new PyObject?[SlotCount])[slot] = value;
            _present |= 1 << slot;
        }

        private void SetOther(string key, PyObject value) =>
            (_other ??= new Dictionary<string, PyObject>(StringComparer.Ordinal))[key] = value;

        private bool Has(int slot) => (_present & (1 << slot)) != 0;

        public PyObject this[string key]
        {
            get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
            set
            {
                int slot = SlotOf(key);
                if (slot < 0) SetOther(key, value);
                else SetSlot(slot, value);
            }
        }

        public bool TryGetValue(string key, out PyObject value)
        {
            int slot = SlotOf(key);
            if (slot < 0)
            {
                if (_other != null) return _other.TryGetValue(key, out value!);
                value = null!;
                return false;
            }
            if (Has(slot))
            {
                value = _slots![slot]!;
                return true;
            }
            value = null!;
            return false;
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
            if (!Has(slot)) return false;
            _slots![slot] = null;
            _present &= ~(1 << slot);
            return true;
        }

        public int Count
        {
            get
            {
                int n = _other?.Count ?? 0;
                for (int bits = _present; bits != 0; bits &= bits - 1) n++;
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
            if (_slots != null) Array.Clear(_slots, 0, _slots.Length);
            _present = 0;
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
            for (int slot = 0; slot < SlotCount; slot++)
                if (Has(slot)) yield return new KeyValuePair<string, PyObject>(MarshalRules.FieldName(SlotFields[slot]), _slots![slot]!);
            if (_other != null)
                foreach (var kv in _other) yield return kv;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
