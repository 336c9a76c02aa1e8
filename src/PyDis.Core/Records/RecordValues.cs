using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>
    /// Python values as the records hold them, the way PowerShell wants them: None is null, bool a bool, int an
    /// Int32 (Int64 or BigInteger when larger), float a double, complex a <see cref="Complex"/>, str a string
    /// (a Python 2 byte string too, one character per byte), bytes a <see cref="BytesValue"/>, a tuple, frozenset,
    /// slice or dict a <see cref="TupleValue"/>, a code object its code path (the co_name chain the walk gives it),
    /// and what PowerShell has no type for (Ellipsis, StopIteration) its Python repr.
    /// </summary>
    internal static class RecordValues
    {
        private const int SmallMin = -5, SmallMax = 1024;
        private static readonly object[] SmallInts = MakeSmallInts();
        private static readonly object True = true, False = false;

        private static object[] MakeSmallInts()
        {
            var boxes = new object[SmallMax - SmallMin + 1];
            for (int i = 0; i < boxes.Length; i++) boxes[i] = i + SmallMin;
            return boxes;
        }

        /// <summary>An int boxed once for small values (most arguments and jump targets are), so records share boxes.</summary>
        public static object Int(int value) => value >= SmallMin && value <= SmallMax ? SmallInts[value - SmallMin] : value;

        public static object Bool(bool value) => value ? True : False;

        /// <summary>A number as the narrowest of Int32, Int64 and BigInteger that holds it.</summary>
        public static object Number(BigInteger value)
        {
            if (value >= int.MinValue && value <= int.MaxValue) return Int((int)value);
            if (value >= long.MinValue && value <= long.MaxValue) return (long)value;
            return value;
        }

        /// <summary>Decimal text (as the decoder writes argument values; 2.x longs may end in L) as a number; null when it is not one.</summary>
        public static object? ParseNumber(string text)
        {
            if (text.Length > 1 && (text[text.Length - 1] == 'L' || text[text.Length - 1] == 'l')) text = text.Substring(0, text.Length - 1);
            return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? Number(n) : null;
        }

        /// <summary>
        /// The value of <paramref name="o"/>, a constant of the code object at <paramref name="ownerPath"/> (a nested
        /// code object's value is that path, ".", and its co_name).
        /// </summary>
        public static object? Of(PyObject o, ReprRules rules, string ownerPath)
        {
            switch (o)
            {
                case PyInt i: return Number(i.Value);
                case PyFloat f: return f.Value;
                case PyComplex c: return new Complex(c.Real, c.Imag);
                case PyStr s: return s.Value;
                case PyBytes b: return rules.Python2Objects ? b.AsLatin1() : (object)new BytesValue(b, rules);
                case PyCodeRef r: return ownerPath + "." + r.Code.Name;
                case PySequence seq:
                {
                    var items = seq.Kind == PyKind.FrozenSet || seq.Kind == PyKind.Set
                        ? SetOrder.IterationOrder(seq.Items, rules, PyReprOptions.Default.HashBuild)
                        : seq.Items;
                    var values = new object?[items.Length];
                    for (int k = 0; k < values.Length; k++) values[k] = Of(items[k], rules, ownerPath);
                    return new TupleValue(values, seq, rules);
                }
                case PySlice sl:
                    return new TupleValue(new[] { Of(sl.Start, rules, ownerPath), Of(sl.Stop, rules, ownerPath), Of(sl.Step, rules, ownerPath) }, sl, rules);
                case PyDict d:
                {
                    var pairs = new object?[d.Items.Length];
                    for (int k = 0; k < pairs.Length; k++)
                    {
                        var key = d.Items[k].Key;
                        var value = d.Items[k].Value;
                        pairs[k] = new TupleValue(new[] { Of(key, rules, ownerPath), Of(value, rules, ownerPath) },
                            new PySequence(PyKind.Tuple, new[] { key, value }), rules);
                    }
                    return new TupleValue(pairs, d, rules);
                }
            }
            switch (o.Kind)
            {
                case PyKind.None:
                case PyKind.Null:
                    return null;
                case PyKind.True: return True;
                case PyKind.False: return False;
                default: return PyRepr.Repr(o, rules);  // Ellipsis, StopIteration
            }
        }

        /// <summary>The value of a constant PyDis only knows as its repr (an opcode table's LOAD_COMMON_CONSTANT entries): literals as values, a class or function as its name.</summary>
        public static object? OfRepr(string repr, string name)
        {
            switch (repr)
            {
                case "None": return null;
                case "True": return True;
                case "False": return False;
            }
            if (repr.StartsWith("<", StringComparison.Ordinal)) return name;
            if (repr.Length >= 2 && (repr[0] == '\'' || repr[0] == '"') && repr[repr.Length - 1] == repr[0] && repr.IndexOf('\\') < 0)
                return repr.Substring(1, repr.Length - 2);
            return ParseNumber(repr) ?? repr;
        }
    }
}
