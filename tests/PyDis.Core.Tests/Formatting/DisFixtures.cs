using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PyDis.Core.Model;
using PyDis.Core.Formatting;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Formatting
{
    /// <summary>
    /// The interpreter-produced texts under tests/fixtures/&lt;X.Y&gt;/&lt;name&gt;.dis/&lt;variant&gt;.txt|.sha256 and how
    /// to reproduce each variant with the engine (tests/fixtures/generator/dump.py render()).
    /// </summary>
    internal static class DisFixtures
    {
        // The generator rewrites addresses of code objects whose name has no space; names like
        // "<generic parameters of X>" keep the interpreter's address, so .txt texts are normalised here too.
        private static readonly Regex GeneratorAddress = new Regex(@"(<code object \S+ at )0x[0-9a-fA-F]+", RegexOptions.CultureInvariant);
        private static readonly Regex AnyAddress = new Regex(@"(<code object [^\n]*? at )0x[0-9a-fA-F]+", RegexOptions.CultureInvariant);

        private static byte[] NormaliseAll(byte[] text) =>
            Encoding.UTF8.GetBytes(AnyAddress.Replace(Encoding.UTF8.GetString(text), "${1}0x0"));

        /// <summary>Every (version, fixture name, variant) with an expectation, in a stable order.</summary>
        public static IEnumerable<(string Version, string Name, string Variant)> All() =>
            FixtureCatalog.All().SelectMany(f => f.Variants.Select(v => (f.Version.ToString(), f.Name, v)));

        public static CodeObject Load(string version, string name) =>
            PycFile.Load(FixtureCatalog.Get(PyVersion.Parse(version), name).ReadPyc(), name + ".pyc").Code;

        /// <summary>What the engine prints for <paramref name="variant"/>, as UTF-8 with addresses normalised to 0x0.</summary>
        public static byte[] Render(CodeObject code, string variant)
        {
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            // 3.14 and 3.15 fixtures come from Pyodide (wasm32): its hashes decide frozenset order.
            var repr = new PyReprOptions { HashBuild = FixtureCatalog.HashBuildFor(code.Version) };
            var plain = new DisOptions { ReprOptions = repr };
            switch (variant)
            {
                case "default":
                    new DisFormatter(code.Version, plain).Write(code, sw);
                    break;
                case "walk": // '\n'.join(disassemble(c) for c in walk(co)): pre-3.7 has no recursion of its own
                    var f = new DisFormatter(code.Version, plain);
                    bool first = true;
                    foreach (var c in code.Walk())
                    {
                        if (!first) sw.Write('\n');
                        f.Disassemble(c, sw);
                        first = false;
                    }
                    break;
                case "info":
                    CodeInfoFormatter.WriteAll(code, sw, repr);
                    break;
                case "lasti":
                    var instrs = PyDis.Core.Decoding.CodeDecoder.Decode(code).Take(3).ToList(); // get_instructions(co)
                    int lasti = instrs.Count == 0 ? -1 : instrs[Math.Min(2, instrs.Count - 1)].Offset;
                    new DisFormatter(code.Version, plain).Disassemble(code, sw, lasti);
                    break;
                default:
                    var options = new DisOptions { ReprOptions = repr };
                    if (variant.StartsWith("depth", StringComparison.Ordinal))
                        options.Depth = int.Parse(variant.Substring(5), CultureInfo.InvariantCulture);
                    else
                    {
                        options.ShowCaches = variant.Contains('C');
                        options.ShowOffsets = variant.Contains('O');
                        options.ShowPositions = variant.Contains('P');
                    }
                    new DisFormatter(code.Version, options).Write(code, sw);
                    break;
            }
            return Encoding.UTF8.GetBytes(GeneratorAddress.Replace(sw.ToString(), "${1}0x0"));
        }

        private static readonly Regex FrozenSet = new Regex(@"frozenset\(\{[^{}()]*\}\)", RegexOptions.CultureInvariant);

        /// <summary>
        /// True when a frozenset constant of the code has an element CPython hashes by address (None before 3.12,
        /// Ellipsis, NaN): its element order changes from run to run, so no tool can reproduce it.
        /// </summary>
        public static bool HasAddressOrderedSet(CodeObject code)
        {
            foreach (var c in code.Walk())
                foreach (var k in c.Consts)
                    if (HasAddressOrderedSet(k, code.Version)) return true;
            return false;
        }

        private static bool HasAddressOrderedSet(PyObject value, PyVersion version)
        {
            if (!(value is PySequence seq)) return false;
            if (seq.Kind == PyKind.FrozenSet && !SetOrder.TryIterationOrder(seq.Items, version, FixtureCatalog.HashBuildFor(version), out _)) return true;
            foreach (var item in seq.Items)
                if (HasAddressOrderedSet(item, version)) return true;
            return false;
        }

        /// <summary>The text with every flat frozenset's elements masked (for <see cref="HasAddressOrderedSet"/> codes).</summary>
        public static byte[] MaskFrozenSets(byte[] text) =>
            Encoding.UTF8.GetBytes(FrozenSet.Replace(Encoding.UTF8.GetString(text), m => "frozenset({<" + m.Length + " chars>})"));

        /// <summary>Null when <paramref name="actual"/> is the expectation, else a description of the first difference.</summary>
        public static string? Compare(string version, string name, string variant, byte[] actual, bool maskFrozenSets = false)
        {
            string baseName = Path.Combine(FixtureCatalog.Root, version, name + ".dis", variant);
            if (File.Exists(baseName + ".txt"))
            {
                byte[] expected = File.ReadAllBytes(baseName + ".txt");
                if (expected.AsSpan().SequenceEqual(actual)) return null;
                expected = NormaliseAll(expected);
                actual = NormaliseAll(actual);
                if (maskFrozenSets)
                {
                    expected = MaskFrozenSets(expected);
                    actual = MaskFrozenSets(actual);
                }
                if (expected.AsSpan().SequenceEqual(actual)) return null;
                return FirstDifference(expected, actual);
            }
            string[] parts = File.ReadAllText(baseName + ".sha256").Trim().Split(' ');
            string hash = FixtureCatalog.Sha256(actual);
            if (hash == parts[0] && actual.Length.ToString(CultureInfo.InvariantCulture) == parts[1]) return null;
            return $"sha256/length differ: expected {parts[0]} {parts[1]}, got {hash} {actual.Length}";
        }

        private static string FirstDifference(byte[] expected, byte[] actual)
        {
            string[] e = Encoding.UTF8.GetString(expected).Split('\n');
            string[] a = Encoding.UTF8.GetString(actual).Split('\n');
            for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
            {
                string el = i < e.Length ? e[i] : "<end>";
                string al = i < a.Length ? a[i] : "<end>";
                if (el != al) return $"line {i + 1}:\n  expected: [{el}]\n  actual:   [{al}]";
            }
            return "texts differ";
        }
    }
}
