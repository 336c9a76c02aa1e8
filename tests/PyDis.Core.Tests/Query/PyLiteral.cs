using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using PyDis.Core.Records;

namespace PyDis.Core.Tests.Query
{
    /// <summary>
    /// Reads back the Python reprs the interpreters wrote into the fixtures (argval, co_consts) as values, to compare
    /// with what the records hold (ArgVal, Consts, Value): literals (None, bools, ints with 2.x's L, floats, complex,
    /// str with every escape, 2.x u'' and byte strings, bytes), tuples, frozensets, slices, code objects (their
    /// name; the record holds the code path), builtins (&lt;class 'str'&gt;, &lt;built-in function repr&gt;: their name),
    /// dis's &lt;unknown&gt; and Ellipsis.
    /// </summary>
    internal static class PyLiteral
    {
        /// <summary>A parsed tuple, frozenset or slice.</summary>
        public sealed class Seq
        {
            public Seq(string kind, List<object?> items) { Kind = kind; Items = items; }
            public string Kind { get; }
            public List<object?> Items { get; }
        }

        /// <summary>A parsed &lt;code object NAME …&gt;.</summary>
        public sealed class CodeRef
        {
            public CodeRef(string name) { Name = name; }
            public string Name { get; }
        }

        /// <summary>A builtin class or function, by name.</summary>
        public sealed class Builtin
        {
            public Builtin(string name) { Name = name; }
            public string Name { get; }
        }

        /// <summary>Python 2 byte string (its repr has no prefix); the record holds it as text, one char per byte.</summary>
        public sealed class ByteString
        {
            public ByteString(byte[] bytes) { Bytes = bytes; }
            public byte[] Bytes { get; }
        }

        public static object? Parse(string repr, bool py2)
        {
            var p = new Parser(repr, py2);
            var v = p.Value();
            p.SkipSpace();
            if (!p.AtEnd) throw new FormatException($"trailing text in {repr} at {p.Position}");
            return v;
        }

        /// <summary>
        /// Whether a record's value equals a parsed repr. <paramref name="ownerPath"/>: the code path of the code object
        /// holding the constant (a code object's value is that path plus its name).
        /// </summary>
        public static bool Matches(object? expected, object? actual, string ownerPath, out string why)
        {
            why = "";
            switch (expected)
            {
                case null:
                    return Check(actual is null, out why, "null", actual);
                case bool b:
                    return Check(actual is bool ab && ab == b, out why, b, actual);
                case BigInteger n:
                    return Check(actual is int || actual is long || actual is BigInteger ? ToBig(actual!) == n && IsNarrowest(actual!) : false, out why, n, actual);
                case double d:
                    return Check(actual is double ad && (ad.Equals(d) && BitConverter.DoubleToInt64Bits(ad) == BitConverter.DoubleToInt64Bits(d) || double.IsNaN(ad) && double.IsNaN(d)), out why, d, actual);
                case Complex c:
                    return Check(actual is Complex ac && SameDouble(ac.Real, c.Real) && SameDouble(ac.Imaginary, c.Imaginary), out why, c, actual);
                case string s:
                    return Check(actual is string a && a == s, out why, s, actual);
                case ByteString bs:
                    return Check(actual is string a2 && a2 == new string(bs.Bytes.Select(x => (char)x).ToArray()), out why, bs, actual);
                case byte[] bytes:
                    return Check(actual is BytesValue bv && bv.SequenceEqual(bytes), out why, "bytes", actual);
                case CodeRef code:
                    return Check(actual is string path && path == ownerPath + "." + code.Name, out why, ownerPath + "." + code.Name, actual);
                case Builtin builtin:
                    return Check(actual is string name && name == builtin.Name, out why, builtin.Name, actual);
                case Seq seq:
                {
                    if (!(actual is TupleValue t)) { why = $"expected a {seq.Kind}, got {Describe(actual)}"; return false; }
                    if (t.Count != seq.Items.Count) { why = $"expected {seq.Items.Count} items, got {t.Count}"; return false; }
                    if (seq.Kind == "frozenset")
                    {
                        // Iteration order is the repr tests' business (3.11's hash(None) depends on an address).
                        var left = t.ToList();
                        foreach (var e in seq.Items)
                        {
                            int k = left.FindIndex(a => Matches(e, a, ownerPath, out _));
                            if (k < 0) { why = $"no item matches {Describe(e)}"; return false; }
                            left.RemoveAt(k);
                        }
                        return true;
                    }
                    for (int i = 0; i < seq.Items.Count; i++)
                        if (!Matches(seq.Items[i], t[i], ownerPath, out var inner)) { why = $"item {i}: {inner}"; return false; }
                    return true;
                }
                default:
                    why = "unexpected parsed value " + expected.GetType().Name;
                    return false;
            }
        }

        private static bool SameDouble(double a, double b) =>
            double.IsNaN(a) && double.IsNaN(b) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

        private static BigInteger ToBig(object o) => o is BigInteger b ? b : o is long l ? l : (int)o;

        // Int32 when it fits, else Int64, else BigInteger.
        private static bool IsNarrowest(object o)
        {
            var v = ToBig(o);
            if (v >= int.MinValue && v <= int.MaxValue) return o is int;
            if (v >= long.MinValue && v <= long.MaxValue) return o is long;
            return o is BigInteger;
        }

        private static bool Check(bool ok, out string why, object? expected, object? actual)
        {
            why = ok ? "" : $"expected {Describe(expected)}, got {Describe(actual)}";
            return ok;
        }

        private static string Describe(object? o) => o is null ? "null" : $"{o} ({o.GetType().Name})";

        private sealed class Parser
        {
            private static readonly Regex ComplexPair = new Regex(
                @"\G\(([-+]?(?:inf|nan|[0-9][0-9.]*(?:e[-+]?[0-9]+)?))([-+](?:inf|nan|[0-9][0-9.]*(?:e[-+]?[0-9]+)?))j\)");
            private static readonly Regex Number = new Regex(
                @"\G-?(?:inf|nan|[0-9][0-9.]*(?:e[-+]?[0-9]+)?)(j|L)?");
            private static readonly Regex CodeObject = new Regex(@"\G<code object (.*?) at 0x[0-9a-f]+, file ""[^""]*"", line -?[0-9]+>");
            private static readonly Regex BuiltinRepr = new Regex(@"\G<(?:class|type) '(?:exceptions\.)?([^']+)'>|\G<built-in function ([^>]+)>");

            private readonly string _s;
            private readonly bool _py2;
            private int _i;

            public Parser(string s, bool py2) { _s = s; _py2 = py2; }

            public bool AtEnd => _i >= _s.Length;
            public int Position => _i;

            public void SkipSpace()
            {
                while (_i < _s.Length && _s[_i] == ' ') _i++;
            }

            private bool Take(string t)
            {
                if (string.CompareOrdinal(_s, _i, t, 0, t.Length) != 0) return false;
                _i += t.Length;
                return true;
            }

            public object? Value()
            {
                SkipSpace();
                if (Take("None")) return null;
                if (Take("True")) return true;
                if (Take("False")) return false;
                if (Take("Ellipsis")) return "Ellipsis";
                if (Take("<unknown>")) return "<unknown>";
                if (Take("inf*j")) return new Complex(0.0, double.PositiveInfinity);  // 3.0's repr of complex(0, inf)
                if (Take("frozenset()")) return new Seq("frozenset", new List<object?>());
                if (Take("frozenset({")) return new Seq("frozenset", Items('}', ")"));
                if (Take("slice(")) return new Seq("slice", Items(')', ""));
                var m = CodeObject.Match(_s, _i);
                if (m.Success) { _i += m.Length; return new CodeRef(m.Groups[1].Value); }
                m = BuiltinRepr.Match(_s, _i);
                if (m.Success) { _i += m.Length; return new Builtin(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value); }
                m = ComplexPair.Match(_s, _i);
                if (m.Success) { _i += m.Length; return new Complex(Float(m.Groups[1].Value), Float(m.Groups[2].Value)); }
                char c = _s[_i];
                if (c == '(') { _i++; return new Seq("tuple", Items(')', "")); }
                if (c == 'b' && _i + 1 < _s.Length && (_s[_i + 1] == '\'' || _s[_i + 1] == '"')) { _i++; return Bytes(String()); }
                if (c == 'u' && _i + 1 < _s.Length && (_s[_i + 1] == '\'' || _s[_i + 1] == '"')) { _i++; return Text(String()); }
                if (c == '\'' || c == '"') { var raw = String(); return _py2 ? new ByteString(ByteValues(raw)) : (object)Text(raw); }
                m = Number.Match(_s, _i);
                if (m.Success && m.Length > 0)
                {
                    _i += m.Length;
                    string t = m.Value;
                    if (t.EndsWith("j", StringComparison.Ordinal)) return new Complex(0.0, Float(t.Substring(0, t.Length - 1)));
                    if (t.EndsWith("L", StringComparison.Ordinal)) t = t.Substring(0, t.Length - 1);
                    if (t.Contains('.') || t.Contains('e') || t.Contains("inf") || t.Contains("nan")) return Float(t);
                    return BigInteger.Parse(t, CultureInfo.InvariantCulture);
                }
                throw new FormatException($"cannot parse {_s} at {_i}");
            }

            private static double Float(string t)
            {
                t = t.TrimStart('+');
                switch (t)
                {
                    case "inf": return double.PositiveInfinity;
                    case "-inf": return double.NegativeInfinity;
                    case "nan": case "-nan": return double.NaN;
                }
                return double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            private List<object?> Items(char close, string after)
            {
                var items = new List<object?>();
                SkipSpace();
                if (_i < _s.Length && _s[_i] == close) { _i++; Expect(after); return items; }
                while (true)
                {
                    items.Add(Value());
                    SkipSpace();
                    if (Take(",")) { SkipSpace(); if (_i < _s.Length && _s[_i] == close) { _i++; break; } continue; }
                    if (_i < _s.Length && _s[_i] == close) { _i++; break; }
                    throw new FormatException($"expected , or {close} in {_s} at {_i}");
                }
                Expect(after);
                return items;
            }

            private void Expect(string t)
            {
                if (!Take(t)) throw new FormatException($"expected {t} in {_s} at {_i}");
            }

            // The body of a quoted literal, escapes kept as (code point) units: a list of ints.
            private List<int> String()
            {
                char q = _s[_i++];
                var units = new List<int>();
                while (true)
                {
                    char c = _s[_i++];
                    if (c == q) return units;
                    if (c != '\\') { units.Add(c); continue; }
                    char e = _s[_i++];
                    switch (e)
                    {
                        case '\\': units.Add('\\'); break;
                        case '\'': units.Add('\''); break;
                        case '"': units.Add('"'); break;
                        case 'n': units.Add('\n'); break;
                        case 'r': units.Add('\r'); break;
                        case 't': units.Add('\t'); break;
                        case 'x': units.Add(Hex(2)); break;
                        case 'u': units.Add(Hex(4)); break;
                        case 'U': units.Add(Hex(8)); break;
                        default: throw new FormatException($"unknown escape \\{e} in {_s}");
                    }
                }
            }

            private int Hex(int n)
            {
                int v = int.Parse(_s.Substring(_i, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _i += n;
                return v;
            }

            private static string Text(List<int> units)
            {
                var sb = new StringBuilder();
                foreach (int u in units)
                {
                    if (u > 0xFFFF) sb.Append(char.ConvertFromUtf32(u));
                    else sb.Append((char)u);
                }
                return sb.ToString();
            }

            private static byte[] ByteValues(List<int> units) => units.Select(u => checked((byte)u)).ToArray();

            private static byte[] Bytes(List<int> units) => ByteValues(units);
        }
    }
}
