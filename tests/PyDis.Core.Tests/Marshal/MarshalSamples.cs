using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>
    /// tests/fixtures/marshal/&lt;X.Y&gt;.json (generator/marshal_samples.py), and the same plain description of a
    /// PyObject that the generator writes for what marshal.loads returned.
    /// </summary>
    internal static class MarshalSamples
    {
        /// <summary>
        /// The interpreter versions with marshal samples, e.g. "2.7", "3.6": one per fixture version; fails loudly if
        /// dumps went missing, so no loop over it passes empty.
        /// </summary>
        public static IReadOnlyList<string> Versions()
        {
            var versions = FixtureCatalog.DumpVersions("marshal").ToList();
            var expected = FixtureCatalog.Versions.Select(v => v.ToString()).ToList();
            if (!versions.SequenceEqual(expected))
                throw new InvalidOperationException($"tests/fixtures/marshal has samples for {string.Join(", ", versions)}; expected {string.Join(", ", expected)}");
            return versions;
        }

        public static JsonElement Load(string version)
        {
            using var doc = FixtureCatalog.ReadDump("marshal", version);
            return doc.RootElement.Clone();
        }

        public static string ToHex(byte[] b) => string.Concat(b.Select(x => x.ToString("x2")));

        /// <summary>The generator's description of a value (marshal_samples.py desc()).</summary>
        public static JsonNode Describe(PyObject o, PyVersion v)
        {
            switch (o)
            {
                case PySingleton s:
                    return new JsonObject { ["t"] = s.Kind.ToString() };
                case PyInt i:
                {
                    var d = new JsonObject { ["t"] = "int", ["v"] = i.Value.ToString() };
                    if (v.Major == 2) d["py2long"] = i.IsPy2Long;
                    return d;
                }
                case PyFloat f:
                    return new JsonObject { ["t"] = "float", ["bits"] = Bits(f.Value) };
                case PyComplex c:
                    return new JsonObject { ["t"] = "complex", ["re"] = Bits(c.Real), ["im"] = Bits(c.Imag) };
                case PyBytes b:
                    return new JsonObject { ["t"] = "bytes", ["hex"] = ToHex(b.Value) };
                case PyStr s:
                {
                    // A narrow build's str (3.0-3.2) is its UTF-16 units: lone surrogates that meet are a pair, len() counts units.
                    bool narrow = v.Major == 3 && Release.Of(v).Repr.NarrowText;
                    int[] cps = narrow ? PyStr.ToCodePoints(s.Value) : s.CodePoints;
                    return new JsonObject { ["t"] = "str", ["utf8"] = ToHex(EncodeSurrogatepass(cps)), ["n"] = narrow ? s.Value.Length : cps.Length };
                }
                case PySequence q:
                    return new JsonObject { ["t"] = q.Kind.ToString().ToLowerInvariant(), ["items"] = new JsonArray(q.Items.Select(x => Describe(x, v)).ToArray()) };
                case PyDict d:
                    return new JsonObject
                    {
                        ["t"] = d.Kind.ToString().ToLowerInvariant(),
                        ["items"] = new JsonArray(d.Items.Select(kv => (JsonNode)new JsonArray(Describe(kv.Key, v), Describe(kv.Value, v))).ToArray()),
                    };
                case PySlice sl:
                    return new JsonObject { ["t"] = "slice", ["start"] = Describe(sl.Start, v), ["stop"] = Describe(sl.Stop, v), ["step"] = Describe(sl.Step, v) };
                case PyCodeRef cr:
                    return DescribeCode(cr.Code);
            }
            throw new ArgumentException("no description for " + o.Kind);
        }

        /// <summary>Every co_* attribute the code object's version has, as the generator writes them.</summary>
        public static JsonObject DescribeCode(CodeObject co, bool constsAsDescriptions = true)
        {
            var v = co.Version;
            var d = new JsonObject { ["t"] = "code", ["co_argcount"] = co.ArgCount };
            if (v >= new PyVersion(3, 8)) d["co_posonlyargcount"] = co.PosOnlyArgCount;
            if (v.Major == 3) d["co_kwonlyargcount"] = co.KwOnlyArgCount;
            d["co_nlocals"] = co.NLocals;
            d["co_stacksize"] = co.StackSize;
            d["co_flags"] = (long)co.RawFlags;
            d["co_code"] = ToHex(co.Code);
            if (constsAsDescriptions) d["co_consts"] = new JsonArray(co.Consts.Select(x => Describe(x, v)).ToArray());
            d["co_names"] = Names(co.Names);
            d["co_varnames"] = Names(co.VarNames);
            d["co_freevars"] = Names(co.FreeVars);
            d["co_cellvars"] = Names(co.CellVars);
            d["co_filename"] = co.Filename;
            d["co_name"] = co.Name;
            if (v >= new PyVersion(3, 11)) d["co_qualname"] = co.QualName;
            d["co_firstlineno"] = co.FirstLineNo;
            d[v >= new PyVersion(3, 10) ? "co_linetable" : "co_lnotab"] = ToHex(co.LineTable);
            if (v >= new PyVersion(3, 11)) d["co_exceptiontable"] = ToHex(co.ExceptionTable);
            return d;
        }

        private static JsonArray Names(string[] names) => new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());

        private static string Bits(double d) => ToHex(BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(d)));

        public static byte[] EncodeSurrogatepass(int[] cps)
        {
            var o = new List<byte>();
            foreach (int c in cps)
            {
                if (c < 0x80) o.Add((byte)c);
                else if (c < 0x800) { o.Add((byte)(0xC0 | c >> 6)); o.Add((byte)(0x80 | c & 0x3F)); }
                else if (c < 0x10000) { o.Add((byte)(0xE0 | c >> 12)); o.Add((byte)(0x80 | c >> 6 & 0x3F)); o.Add((byte)(0x80 | c & 0x3F)); }
                else { o.Add((byte)(0xF0 | c >> 18)); o.Add((byte)(0x80 | c >> 12 & 0x3F)); o.Add((byte)(0x80 | c >> 6 & 0x3F)); o.Add((byte)(0x80 | c & 0x3F)); }
            }
            return o.ToArray();
        }

        /// <summary>
        /// Canonical text of a description: keys sorted; items of sets and dicts sorted, since a loaded
        /// set or (before 3.7) dict iterates in hash order, not in marshal order.
        /// </summary>
        public static string Canon(JsonNode? n)
        {
            switch (n)
            {
                case null:
                    return "null";
                case JsonObject o:
                {
                    string? t = o["t"] is JsonValue tv && tv.TryGetValue(out string? ts) ? ts : null;
                    var parts = new List<string>();
                    foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        string value = kv.Key == "items" && t is "set" or "frozenset" or "dict" or "frozendict"
                            ? "[" + string.Join(",", ((JsonArray)kv.Value!).Select(Canon).OrderBy(s => s, StringComparer.Ordinal)) + "]"
                            : Canon(kv.Value);
                        parts.Add(JsonSerializer.Serialize(kv.Key) + ":" + value);
                    }
                    return "{" + string.Join(",", parts) + "}";
                }
                case JsonArray a:
                    return "[" + string.Join(",", a.Select(Canon)) + "]";
                default:
                    return n.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
        }
    }
}
