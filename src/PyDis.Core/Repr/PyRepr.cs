using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Repr
{
    /// <summary>
    /// Python's repr() of a marshalled constant, as CPython X.Y prints it.
    /// <list type="bullet">
    /// <item>str: the release's quote choice and escapes; non-ASCII kept when that release's Unicode database
    /// calls it printable (generated table). 2.x str and unicode follow 2.7's rules (u prefix, all non-ASCII escaped).</item>
    /// <item>float: shortest round-trip digits (2.7, 3.1+), C's %.17g in 3.0.</item>
    /// <item>3.0-3.2 str: the UTF-16 units of their narrow builds.</item>
    /// <item>set and frozenset: elements in the order the release's set table iterates them after marshal
    /// inserted them one by one (hashes as with PYTHONHASHSEED=0). The marshal order is kept whenever an
    /// element's hash depends on a memory address (None before 3.12, Ellipsis,
    /// NaN from 3.10, code objects). Before 3.11 that is the order the writing interpreter iterated, which a
    /// reload mostly reproduces; 3.11+ marshal writes set elements sorted by their serialized bytes, so there
    /// such a set's printed order cannot be recovered.</item>
    /// <item>dict: marshal order.</item>
    /// <item>code: &lt;code object NAME at ADDRESS, file "FILE", line N&gt; with an address derived from the code
    /// object's place in its tree, not its memory (<see cref="CodeAddress"/>, <see cref="PyReprOptions.CodeAddress"/>).</item>
    /// </list>
    /// </summary>
    public static class PyRepr
    {
        /// <summary>repr(<paramref name="value"/>) as CPython <paramref name="version"/> prints it.</summary>
        /// <exception cref="ArgumentOutOfRangeException">PyDis does not read <paramref name="version"/>.</exception>
        public static string Repr(PyObject value, PyVersion version, PyReprOptions? options = null) =>
            Repr(value, ReleaseRegistry.Supported.Get(version).Repr, options);

        /// <summary>repr(<paramref name="value"/>) under a release's <paramref name="rules"/>.</summary>
        public static string Repr(PyObject value, ReprRules rules, PyReprOptions? options = null)
        {
            if (rules is null) throw new ArgumentNullException(nameof(rules));
            if (value is PyStr s && !rules.Python2Objects && IsPlainAscii(s.Value)) return QuoteAscii(s.Value);
            // One builder per thread, taken out while in use (so a nested call makes its own): most reprs are
            // short, and a fresh builder per constant was a large share of the formatter's allocations.
            var sb = t_builder ?? new StringBuilder(256);
            t_builder = null;
            Repr(sb, value, rules, options);
            string text = sb.ToString();
            if (sb.Capacity <= 8192)
            {
                sb.Clear();
                t_builder = sb;
            }
            return text;
        }

        [ThreadStatic] private static StringBuilder? t_builder;

        public static void Repr(StringBuilder sb, PyObject value, PyVersion version, PyReprOptions? options = null) =>
            Repr(sb, value, ReleaseRegistry.Supported.Get(version).Repr, options);

        public static void Repr(StringBuilder sb, PyObject value, ReprRules rules, PyReprOptions? options = null)
        {
            if (sb == null) throw new ArgumentNullException(nameof(sb));
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (rules == null) throw new ArgumentNullException(nameof(rules));
            new Writer(sb, rules, options ?? PyReprOptions.Default).Write(value);
        }

        /// <summary>
        /// repr() of a name (co_names, co_varnames, cmp_op entries): a 3.x str; on Python 2 a byte string, the
        /// name's characters being its Latin-1 bytes.
        /// </summary>
        public static string Name(string name, ReprRules rules)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (rules is null) throw new ArgumentNullException(nameof(rules));
            if (!rules.Python2Objects) return Repr(new PyStr(name), rules);
            var bytes = new byte[name.Length];
            for (int i = 0; i < name.Length; i++) bytes[i] = (byte)name[i];
            return Repr(new PyBytes(bytes), rules);
        }

        /// <summary>repr() of a tuple whose items' reprs are given: "()", "(x,)", "(x, y)".</summary>
        public static string Tuple(IEnumerable<string> itemReprs)
        {
            if (itemReprs is null) throw new ArgumentNullException(nameof(itemReprs));
            var items = new List<string>(itemReprs);
            if (items.Count == 1) return "(" + items[0] + ",)";
            return "(" + string.Join(", ", items) + ")";
        }

        /// <summary>type(x).__name__ of a marshalled constant as the release names it.</summary>
        public static string TypeName(PyObject value, ReprRules rules)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            if (rules is null) throw new ArgumentNullException(nameof(rules));
            bool py2 = rules.Python2Objects;
            switch (value.Kind)
            {
                case PyKind.None: return "NoneType";
                case PyKind.True: case PyKind.False: return "bool";
                case PyKind.Int: return py2 && value is PyInt i && i.IsPy2Long ? "long" : "int";
                case PyKind.Float: return "float";
                case PyKind.Complex: return "complex";
                case PyKind.Bytes: return py2 ? "str" : "bytes";
                case PyKind.Str: return py2 ? "unicode" : "str";
                case PyKind.Tuple: return "tuple";
                case PyKind.List: return "list";
                case PyKind.Dict: return "dict";
                case PyKind.Set: return "set";
                case PyKind.FrozenSet: return "frozenset";
                case PyKind.FrozenDict: return "frozendict";
                case PyKind.Code: return "code";
                case PyKind.Slice: return "slice";
                case PyKind.Ellipsis: return "ellipsis";
                case PyKind.StopIteration: return "type";
                default: return "NULL";
            }
        }

        /// <summary>The address <see cref="PyReprOptions.CodeAddress"/> gives by default: one derived from the code object's place in its tree (<see cref="CodeAddress"/>).</summary>
        public static ulong DefaultCodeAddress(CodeObject code) => CodeAddress.Of(code);

        /// <summary>
        /// The text between the quotes when repr(<paramref name="value"/>) is that text in single quotes (a 3.x str of
        /// printable ASCII without quotes or backslashes, most constants); else null. Lets a caller write the repr
        /// without making it.
        /// </summary>
        internal static string? PlainQuotedText(PyObject value, ReprRules rules) =>
            value is PyStr s && !rules.Python2Objects && IsPlainAscii(s.Value) ? s.Value : null;

        private static bool IsPlainAscii(string v)
        {
            foreach (char c in v)
                if (c < 0x20 || c >= 0x7F || c == '\\' || c == '\'') return false;
            return true;
        }

        private static string QuoteAscii(string v) => "'" + v + "'";

        // Invariant digits without a string in between (StringBuilder.Append(long) would follow the current culture).
        private static unsafe void AppendDecimal(StringBuilder sb, long n)
        {
            char* digits = stackalloc char[20];
            int at = 20;
            ulong u = n < 0 ? (ulong)(-(n + 1)) + 1 : (ulong)n;
            do { ulong q = u / 10; digits[--at] = (char)('0' + (int)(u - q * 10)); u = q; } while (u != 0);
            if (n < 0) sb.Append('-');
            sb.Append(digits + at, 20 - at);
        }

        private static unsafe void AppendHex(StringBuilder sb, ulong n)
        {
            char* digits = stackalloc char[16];
            int at = 16;
            do { digits[--at] = "0123456789abcdef"[(int)(n & 15)]; n >>= 4; } while (n != 0);
            sb.Append(digits + at, 16 - at);
        }

        private readonly struct Writer
        {
            private readonly StringBuilder _sb;
            private readonly ReprRules _rules;
            private readonly PyReprOptions _options;
            private readonly bool _py2;

            public Writer(StringBuilder sb, ReprRules rules, PyReprOptions options)
            {
                _sb = sb;
                _rules = rules;
                _options = options;
                _py2 = rules.Python2Objects;
            }

            public void Write(PyObject value)
            {
                switch (value)
                {
                    case PySingleton single: WriteSingleton(single.Kind); break;
                    case PyInt i:
                        if (i.Value >= long.MinValue && i.Value <= long.MaxValue)
                            AppendDecimal(_sb, (long)i.Value);
                        else
                            _sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                        if (_py2 && i.IsPy2Long) _sb.Append('L');
                        break;
                    case PyFloat f: WriteFloat(f.Value, true, false); break;
                    case PyComplex c: WriteComplex(c); break;
                    case PyBytes b: TextRepr.AppendBytes(_sb, b.Value, !_py2); break;
                    case PyStr s: TextRepr.AppendStr(_sb, s, _py2, _py2 ? 0 : TextRepr.LevelOf(_rules), _rules.NarrowText, _rules.PrintableTestTruncatesTo16Bits); break;
                    case PySequence seq: WriteSequence(seq); break;
                    case PyDict d: WriteDict(d); break;
                    case PySlice sl:
                        _sb.Append("slice(");
                        Write(sl.Start);
                        _sb.Append(", ");
                        Write(sl.Stop);
                        _sb.Append(", ");
                        Write(sl.Step);
                        _sb.Append(')');
                        break;
                    case PyCodeRef code: WriteCode(code.Code); break;
                    default: throw new ArgumentException("Unknown PyObject kind " + value.Kind + ".", nameof(value));
                }
            }

            private void WriteSingleton(PyKind kind)
            {
                switch (kind)
                {
                    case PyKind.None: _sb.Append("None"); break;
                    case PyKind.True: _sb.Append("True"); break;
                    case PyKind.False: _sb.Append("False"); break;
                    case PyKind.Ellipsis: _sb.Append("Ellipsis"); break;
                    // Marshal's 'S' is the exception class itself.
                    case PyKind.StopIteration: _sb.Append(_py2 ? "<type 'exceptions.StopIteration'>" : "<class 'StopIteration'>"); break;
                    default: _sb.Append("<NULL>"); break;
                }
            }

            private void WriteFloat(double v, bool addDot0, bool sign)
            {
                if (_rules.Floats == FloatReprStyle.G17) FloatFormat.AppendG17(_sb, v, addDot0, sign);
                else FloatFormat.AppendRepr(_sb, v, addDot0, sign);
            }

            private void WriteComplex(PyComplex c)
            {
                if (_rules.Floats == FloatReprStyle.G17)
                {
                    WriteComplex30(c);
                    return;
                }
                // The real part is printed unless it is +0.0.
                if (c.Real == 0 && BitConverter.DoubleToInt64Bits(c.Real) >= 0)
                {
                    WriteFloat(c.Imag, false, false);
                    _sb.Append('j');
                    return;
                }
                _sb.Append('(');
                WriteFloat(c.Real, false, false);
                WriteFloat(c.Imag, false, true);
                _sb.Append("j)");
            }

            // 3.0's complex_to_buf: %.17g parts, no ".0"; the real part is omitted when it equals 0 (either zero);
            // non-finite parts are spelled out, an infinite or NaN imaginary part with "*" ("inf*j", "(1+nan*j)").
            private void WriteComplex30(PyComplex c)
            {
                double re = c.Real, im = c.Imag;
                if (re == 0)
                {
                    if (double.IsNaN(im)) _sb.Append("nan*j");
                    else if (double.IsInfinity(im)) _sb.Append(BitConverter.DoubleToInt64Bits(im) >= 0 ? "inf*j" : "-inf*j");
                    else
                    {
                        FloatFormat.AppendG17(_sb, im, false, false);
                        _sb.Append('j');
                    }
                    return;
                }
                _sb.Append('(');
                if (double.IsNaN(re)) _sb.Append("nan");
                else if (double.IsInfinity(re)) _sb.Append(re > 0 ? "inf" : "-inf");
                else FloatFormat.AppendG17(_sb, re, false, false);
                if (double.IsNaN(im)) _sb.Append("+nan*");
                else if (double.IsInfinity(im)) _sb.Append(im > 0 ? "+inf*" : "-inf*");
                else FloatFormat.AppendG17(_sb, im, false, true);
                _sb.Append("j)");
            }

            private void WriteSequence(PySequence seq)
            {
                var items = seq.Items;
                switch (seq.Kind)
                {
                    case PyKind.Tuple:
                        _sb.Append('(');
                        WriteItems(items);
                        if (items.Length == 1) _sb.Append(',');
                        _sb.Append(')');
                        return;
                    case PyKind.List:
                        _sb.Append('[');
                        WriteItems(items);
                        _sb.Append(']');
                        return;
                }
                string name = seq.Kind == PyKind.Set ? "set" : "frozenset";
                if (!_options.MarshalOrder) items = SetOrder.IterationOrder(items, _rules, _options.HashBuild);
                if (_py2)
                {
                    _sb.Append(name).Append("([");
                    WriteItems(items);
                    _sb.Append("])");
                    return;
                }
                if (items.Length == 0)
                {
                    _sb.Append(name).Append("()");
                    return;
                }
                if (seq.Kind == PyKind.FrozenSet) _sb.Append(name).Append('(');
                _sb.Append('{');
                WriteItems(items);
                _sb.Append('}');
                if (seq.Kind == PyKind.FrozenSet) _sb.Append(')');
            }

            private void WriteItems(PyObject[] items)
            {
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) _sb.Append(", ");
                    Write(items[i]);
                }
            }

            private void WriteDict(PyDict d)
            {
                bool frozen = d.Kind == PyKind.FrozenDict;
                if (frozen)
                {
                    _sb.Append("frozendict(");
                    if (d.Items.Length == 0)
                    {
                        _sb.Append(')');
                        return;
                    }
                }
                _sb.Append('{');
                var items = d.Items;
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) _sb.Append(", ");
                    Write(items[i].Key);
                    _sb.Append(": ");
                    Write(items[i].Value);
                }
                _sb.Append('}');
                if (frozen) _sb.Append(')');
            }

            private void WriteCode(CodeObject code)
            {
                ulong address = _options.CodeAddress != null ? _options.CodeAddress(code) : DefaultCodeAddress(code);
                int line = code.FirstLineNo != 0 ? code.FirstLineNo : -1;
                string name = code.Name, file = code.Filename;
                // 2.x formats with %.100s and %.300s.
                if (_py2 && name.Length > 100) name = name.Substring(0, 100);
                if (_py2 && file.Length > 300) file = file.Substring(0, 300);
                _sb.Append("<code object ").Append(name).Append(" at 0x");
                AppendHex(_sb, address);
                _sb.Append(", file \"").Append(file).Append("\", line ");
                AppendDecimal(_sb, line);
                _sb.Append('>');
            }
        }
    }
}
