using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>
    /// A Python sequence as a record holds it: a read-only list of its values (PowerShell indexes it, counts it,
    /// searches it with -contains and writes it as a JSON array) whose text is the Python repr, so Export-Csv and
    /// string expansion show what Python prints instead of a .NET type name.
    /// </summary>
    public abstract class ReprList<T> : ReadOnlyCollection<T>
    {
        private Func<string>? _make;
        private string? _repr;

        /// <param name="items">The values.</param>
        /// <param name="repr">The repr, when already known.</param>
        /// <param name="make">Makes the repr on first use (when <paramref name="repr"/> is null).</param>
        protected ReprList(IList<T> items, string? repr, Func<string>? make) : base(items)
        {
            if (repr is null && make is null) throw new ArgumentNullException(nameof(repr), "a repr, or a way to make it, is needed");
            _repr = repr;
            _make = make;
        }

        /// <summary>The Python repr, e.g. "(1, 'a', None)"; computed on first use.</summary>
        public string Repr
        {
            get
            {
                if (_repr is null)
                {
                    _repr = _make!();
                    _make = null;
                }
                return _repr;
            }
        }

        public override string ToString() => Repr;
    }

    /// <summary>
    /// A tuple (also a frozenset in iteration order, a slice as (start, stop, step), a dict as (key, value) pairs):
    /// its items as values, its text the Python repr.
    /// </summary>
    public sealed class TupleValue : ReprList<object?>
    {
        public TupleValue(IList<object?> items, string repr) : base(items, repr, null) { }

        internal TupleValue(IList<object?> items, PyObject source, ReprRules rules) : base(items, null, () => PyRepr.Repr(source, rules)) { }

        internal TupleValue(IList<object?> items, Func<string> makeRepr) : base(items, null, makeRepr) { }
    }

    /// <summary>A tuple of names (co_names, co_varnames, co_freevars, co_cellvars): strings, its text the tuple's repr.</summary>
    public sealed class NameTuple : ReprList<string>
    {
        public NameTuple(IList<string> names, string repr) : base(names, repr, null) { }

        internal static readonly NameTuple Empty = new NameTuple(Array.Empty<string>(), "()");

        internal NameTuple(string[] names, ReprRules rules) : base(names, null, () => ReprOf(names, rules)) { }

        internal static string ReprOf(IEnumerable<string> names, ReprRules rules)
        {
            var reprs = new List<string>();
            foreach (var n in names) reprs.Add(PyRepr.Name(n, rules));
            return PyRepr.Tuple(reprs);
        }
    }

    /// <summary>A bytes value: its bytes (cast it with [byte[]]), its text the Python repr b'…'.</summary>
    public sealed class BytesValue : ReprList<byte>
    {
        internal BytesValue(PyBytes source, ReprRules rules) : base(source.Value, null, () => PyRepr.Repr(source, rules)) { }

        public byte[] ToArray()
        {
            var copy = new byte[Count];
            CopyTo(copy, 0);
            return copy;
        }
    }
}
