using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;
using PyDis.Core.CodeTables;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Tests.Formatting;
using PyDis.Core.Tests.Marshal;
using PyDis.Core.Releases;

namespace PyDis.Conformance
{
    /// <summary>
    /// The whole-stdlib check: every <c>.pyc</c> of a dump folder written by
    /// <c>tests/fixtures/generator/stdlib.sh</c> (the .pyc, its JSON and its <c>.dis/&lt;variant&gt;.txt</c> texts)
    /// loaded with the engine and compared with what the interpreter said, using the fixture tests' own
    /// comparisons (<see cref="MarshalSamples.DescribeCode"/>, <see cref="InstructionFields"/>,
    /// <see cref="DisFixtures.Render"/>). Shared by the PyDis.Conformance console app and the opt-in
    /// StdlibConformanceTests.
    /// </summary>
    public static class StdlibCheck
    {
        /// <summary>Frozensets one of whose elements hashes by address: no build reproduces their order.</summary>
        public const string AddressHashed = "repr: frozenset with an address-hashed element (order not reproducible)";

        private static readonly Regex AnyAddress = new Regex(@"(<code object [^\n]*? at )0x[0-9a-fA-F]+", RegexOptions.CultureInvariant);

        /// <summary>
        /// The repr options of the fixture tests (DisFixtures.Render, FixtureConstReprTests): 3.14 and 3.15
        /// references are Pyodide builds, whose hashes order frozensets; code addresses print as 0x0.
        /// </summary>
        public static PyReprOptions ReprOptions(PyVersion v) => new PyReprOptions
        {
            HashBuild = FixtureCatalog.HashBuildFor(v),
            CodeAddress = _ => 0,
        };

        /// <summary>The module paths (relative, without extension) of every dumped .pyc under <paramref name="dumpDir"/>, sorted.</summary>
        public static string[] Modules(string dumpDir) =>
            Directory.GetFiles(dumpDir, "*.pyc", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dumpDir, f))
                .Select(r => r.Substring(0, r.Length - 4).Replace('\\', '/'))
                .OrderBy(r => r, StringComparer.Ordinal).ToArray();

        public static CheckResult Run(string dumpDir, PyVersion version, bool texts, int limit = int.MaxValue)
        {
            var modules = Modules(dumpDir).Take(limit).ToArray();
            var results = new FileResult[modules.Length];
            var options = ReprOptions(version);
            Parallel.For(0, modules.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => results[i] = CheckFile(dumpDir, modules[i], version, options, texts));
            return new CheckResult(version, results);
        }

        public static FileResult CheckFile(string dumpDir, string module, PyVersion version, PyReprOptions options, bool texts)
        {
            var r = new FileResult(module);
            string baseName = Path.Combine(dumpDir, module);
            CodeObject root;
            try
            {
                var file = PycFile.Load(File.ReadAllBytes(baseName + ".pyc"), module + ".pyc");
                if (file.Version != version) { r.Add("", "load", "load: version " + file.Version + " read", "expected " + version); return r; }
                root = file.Code;
            }
            catch (Exception e)
            {
                r.Add("", "load", "load: " + e.GetType().Name, e.Message);
                return r;
            }
            r.Loaded = true;

            using (var doc = JsonDocument.Parse(File.ReadAllBytes(baseName + ".json")))
            {
                var entries = doc.RootElement.GetProperty("codes").EnumerateArray().ToList();
                var ours = root.Walk().ToList();
                r.Codes = entries.Count;
                if (ours.Count != entries.Count)
                    r.Add("", "code", "walk: code object count", $"{ours.Count} code objects, expected {entries.Count}");
                for (int c = 0; c < Math.Min(ours.Count, entries.Count); c++)
                    CheckCode(r, ours[c], entries[c], version, options);
            }

            if (texts && Directory.Exists(baseName + ".dis"))
                foreach (var txt in Directory.GetFiles(baseName + ".dis", "*.txt").OrderBy(f => f, StringComparer.Ordinal))
                    CheckText(r, root, Path.GetFileNameWithoutExtension(txt), File.ReadAllBytes(txt));
            return r;
        }

        private static void CheckCode(FileResult r, CodeObject co, JsonElement entry, PyVersion version, PyReprOptions options)
        {
            string path = entry.GetProperty("path").GetString()!;
            var expect = entry.GetProperty("co");
            int before = r.Differences.Count;
            if (PathOf(co) != path) r.Add(path, "code", "walk: path", $"{PathOf(co)}, expected {path}");

            // co_* fields as FixtureCodeTests compares them: the engine's description against the interpreter's.
            var described = MarshalSamples.DescribeCode(co, constsAsDescriptions: false);
            foreach (var field in described)
            {
                if (field.Key == "t") continue;
                if (!expect.TryGetProperty(field.Key, out var e)) { r.Add(path, "code", "co: " + field.Key + " not in the dump", ""); continue; }
                if (MarshalSamples.Canon(JsonNode.Parse(e.GetRawText())) != MarshalSamples.Canon(field.Value))
                    r.Add(path, "code", "co: " + field.Key, $"read {Clip(field.Value?.ToJsonString())}, expected {Clip(e.GetRawText())}");
            }

            var consts = expect.GetProperty("co_consts").EnumerateArray().Select(x => x.GetString()!).ToList();
            if (consts.Count != co.Consts.Length) r.Add(path, "code", "co: co_consts count", $"{co.Consts.Length}, expected {consts.Count}");
            for (int k = 0; k < Math.Min(consts.Count, co.Consts.Length); k++)
            {
                r.Consts++;
                string got;
                try { got = PyRepr.Repr(co.Consts[k], version, options); }
                catch (Exception e) { r.Add(path, "code", "repr: " + e.GetType().Name, e.Message); continue; }
                if (got == consts[k]) { r.ConstsEqual++; continue; }
                r.Add(path, "code", ReprCategory(co.Consts[k], version, options), $"co_consts[{k}] {Clip(got)}, expected {Clip(consts[k])}");
            }
            if (r.Differences.Count == before) r.CodesEqual++;

            CheckInstructions(r, co, path, entry, version, options);

            r.LineStarts++;
            var starts = LineTable.FindLineStarts(co).Select(s => "[" + s.Offset + "," + (s.Line?.ToString() ?? "null") + "]");
            var expectedStarts = entry.GetProperty("linestarts").EnumerateArray().Select(p => "[" + p[0].GetRawText() + "," + p[1].GetRawText() + "]");
            string a = string.Join(",", starts), b = string.Join(",", expectedStarts);
            if (a == b) r.LineStartsEqual++;
            else r.Add(path, "linestarts", "findlinestarts", $"[{Clip(a)}], expected [{Clip(b)}]");

            // The other tables the dump holds: findlabels, co_lines (3.10+), co_positions and the exception table (3.11+).
            CheckTable(r, path, entry, "labels", () => Json(CodeDecoder.FindLabels(co).Select(x => (object?)x)));
            CheckTable(r, path, entry, "lines", () => Json(LineTable.Lines(co).Select(x => Row(x.Start, x.End, x.Line))));
            CheckTable(r, path, entry, "positions", () => Json(LocationTable.Positions(co).Select(x => Row(x.LineNumber, x.EndLineNumber, x.ColOffset, x.EndColOffset))));
            CheckTable(r, path, entry, "exception_entries", () => Json(ExceptionTable.Parse(co).Select(x => Row(x.Start, x.End, x.Target, x.Depth, x.Lasti))));
        }

        private static void CheckTable(FileResult r, string path, JsonElement entry, string name, Func<string> ours)
        {
            if (!entry.TryGetProperty(name, out var expected) || expected.ValueKind != JsonValueKind.Array) return;
            var t = r.Table(name);
            t.Total++;
            string want = JsonNode.Parse(expected.GetRawText())!.ToJsonString(), got;
            try { got = ours(); }
            catch (Exception e) { r.Add(path, "tables", "table " + name + ": " + e.GetType().Name, e.Message); return; }
            if (got == want) t.Equal++;
            else r.Add(path, "tables", "table " + name, $"{Clip(got)}, expected {Clip(want)}");
        }

        private static object?[] Row(params object?[] values) => values;

        private static string Json(IEnumerable<object?> rows) => JsonSerializer.Serialize(rows);

        private static void CheckInstructions(FileResult r, CodeObject co, string path, JsonElement entry, PyVersion version, PyReprOptions options)
        {
            if (!entry.TryGetProperty("instructions", out var insEl)) return;
            var fields = insEl.GetProperty("fields").EnumerateArray().Select(x => x.GetString()!).ToArray();
            var rows = insEl.GetProperty("rows").EnumerateArray().ToList();
            List<Instruction> decoded;
            try { decoded = CodeDecoder.Decode(co, DecodeContext.From(co, options), DecodeOptions.GetInstructions).ToList(); }
            catch (Exception e)
            {
                r.Instructions += rows.Count;
                r.Add(path, "instructions", "decoder: " + e.GetType().Name, e.Message);
                return;
            }
            if (decoded.Count != rows.Count)
                r.Add(path, "instructions", "decoder: instruction count", $"{decoded.Count} instructions, expected {rows.Count}");
            var table = ReleaseRegistry.Supported.Get(version).Opcodes;
            for (int k = 0; k < rows.Count; k++)
            {
                r.Instructions++;
                if (k >= decoded.Count) continue;
                var ins = decoded[k];
                bool equal = true;
                for (int f = 0; f < fields.Length; f++)
                {
                    var want = rows[k][f];
                    object? got = InstructionFields.Value(ins, fields[f]);
                    string w = JsonSerializer.Serialize(want), g = JsonSerializer.Serialize(got);
                    if ((fields[f] == "argval" || fields[f] == "argrepr") && want.ValueKind == JsonValueKind.String && got is string gs)
                    {
                        // Code object addresses: the dump and PyDis each print their own.
                        w = AnyAddress.Replace(want.GetString()!, "${1}0x0");
                        g = AnyAddress.Replace(gs, "${1}0x0");
                    }
                    if (w == g) continue;
                    equal = false;
                    string category = "decoder: " + fields[f] + " of " + ins.OpName;
                    if ((fields[f] == "argval" || fields[f] == "argrepr") && table[ins.OpCode].ArgKind == ArgKind.Const
                        && ins.Arg is int index && index >= 0 && index < co.Consts.Length)
                        category = ReprCategory(co.Consts[index], version, options);
                    r.Add(path, "instructions", category, $"offset {ins.Offset} {ins.OpName} {fields[f]} = {Clip(g)}, expected {Clip(w)}");
                }
                if (equal) r.InstructionsEqual++;
            }
        }

        private static void CheckText(FileResult r, CodeObject root, string variant, byte[] expected)
        {
            var t = r.Text(variant);
            t.Total++;
            byte[] actual;
            try { actual = DisFixtures.Render(root, variant); }
            catch (Exception e) { r.Add("", "text " + variant, "formatter: " + e.GetType().Name, e.Message); return; }
            if (expected.AsSpan().SequenceEqual(actual)) { t.Equal++; return; }
            string e1 = AnyAddress.Replace(Encoding.UTF8.GetString(expected), "${1}0x0");
            string a1 = AnyAddress.Replace(Encoding.UTF8.GetString(actual), "${1}0x0");
            if (e1 == a1) { t.Equal++; return; }
            string[] el = e1.Split('\n'), al = a1.Split('\n');
            int line = 0;
            while (line < el.Length && line < al.Length && el[line] == al[line]) line++;
            string want = line < el.Length ? el[line] : "<end>", got = line < al.Length ? al[line] : "<end>";
            // A text shows constant reprs and instructions: when those already differ, the text follows.
            string category = r.Differences.Any(d => d.Category == AddressHashed) ? "text: follows " + AddressHashed
                : r.Differences.Any(d => d.Category.StartsWith("repr:", StringComparison.Ordinal)) ? "text: follows a constant repr difference"
                : variant != "info" && r.Differences.Any(d => d.Area == "instructions") ? "text: follows an instruction difference"
                : r.Differences.Any(d => d.Category.StartsWith("co:", StringComparison.Ordinal)) ? "text: follows a co_* field difference"
                : "formatter: " + variant;
            r.Add("", "text " + variant, category, $"line {line + 1}: [{Clip(got)}], expected [{Clip(want)}]");
        }

        /// <summary>Why a constant's repr may differ: its kind, or the frozenset it holds (and whether that is orderable).</summary>
        public static string ReprCategory(PyObject value, PyVersion version, PyReprOptions options)
        {
            var sets = new List<PySequence>();
            Collect(value, sets);
            if (sets.Any(s => !SetOrder.TryIterationOrder(s.Items, version, options.HashBuild, out _))) return AddressHashed;
            if (sets.Count > 0) return "repr: frozenset order";
            return "repr: " + value.Kind.ToString().ToLowerInvariant();
        }

        private static void Collect(PyObject value, List<PySequence> sets)
        {
            if (value is PySequence s)
            {
                if (s.Kind == PyKind.FrozenSet || s.Kind == PyKind.Set) sets.Add(s);
                foreach (var item in s.Items) Collect(item, sets);
            }
        }

        private static string PathOf(CodeObject co) => co.Parent is null ? co.Name : PathOf(co.Parent) + "." + co.Name;

        private static string Clip(string? s)
        {
            s ??= "null";
            return s.Length <= 160 ? s : s.Substring(0, 157) + "...";
        }
    }

    /// <summary>One difference: where (code path), which comparison, its cause category and the detail.</summary>
    public sealed class Difference
    {
        public Difference(string module, string path, string area, string category, string detail)
        {
            Module = module; Path = path; Area = area; Category = category; Detail = detail;
        }

        public string Module { get; }
        public string Path { get; }
        public string Area { get; }
        public string Category { get; }
        public string Detail { get; }

        public override string ToString() => $"{Module}{(Path.Length > 0 ? ":" + Path : "")} [{Area}] {Category}: {Detail}";
    }

    public sealed class TextCount
    {
        public int Total;
        public int Equal;
    }

    /// <summary>What one .pyc gave.</summary>
    public sealed class FileResult
    {
        public FileResult(string module) { Module = module; }

        public string Module { get; }
        public bool Loaded;
        public int Codes, CodesEqual, Consts, ConstsEqual, Instructions, InstructionsEqual, LineStarts, LineStartsEqual;
        public List<Difference> Differences { get; } = new List<Difference>();
        public SortedDictionary<string, TextCount> Texts { get; } = new SortedDictionary<string, TextCount>(StringComparer.Ordinal);

        public SortedDictionary<string, TextCount> Tables { get; } = new SortedDictionary<string, TextCount>(StringComparer.Ordinal);

        public TextCount Text(string variant) => Get(Texts, variant);

        public TextCount Table(string name) => Get(Tables, name);

        private static TextCount Get(SortedDictionary<string, TextCount> counts, string key)
        {
            if (!counts.TryGetValue(key, out var t)) counts[key] = t = new TextCount();
            return t;
        }

        public void Add(string path, string area, string category, string detail) =>
            Differences.Add(new Difference(Module, path, area, category, detail));
    }

    /// <summary>Totals of a run, in file order.</summary>
    public sealed class CheckResult
    {
        public CheckResult(PyVersion version, FileResult[] files)
        {
            Version = version;
            Files = files;
            foreach (var f in files)
            {
                Sum(Texts, f.Texts);
                Sum(Tables, f.Tables);
            }
        }

        private static void Sum(SortedDictionary<string, TextCount> into, SortedDictionary<string, TextCount> from)
        {
            foreach (var t in from)
            {
                if (!into.TryGetValue(t.Key, out var sum)) into[t.Key] = sum = new TextCount();
                sum.Total += t.Value.Total;
                sum.Equal += t.Value.Equal;
            }
        }

        public PyVersion Version { get; }
        public FileResult[] Files { get; }
        public SortedDictionary<string, TextCount> Texts { get; } = new SortedDictionary<string, TextCount>(StringComparer.Ordinal);
        public SortedDictionary<string, TextCount> Tables { get; } = new SortedDictionary<string, TextCount>(StringComparer.Ordinal);

        public int Loaded => Files.Count(f => f.Loaded);
        public int Codes => Files.Sum(f => f.Codes);
        public int CodesEqual => Files.Sum(f => f.CodesEqual);
        public int Consts => Files.Sum(f => f.Consts);
        public int ConstsEqual => Files.Sum(f => f.ConstsEqual);
        public int Instructions => Files.Sum(f => f.Instructions);
        public int InstructionsEqual => Files.Sum(f => f.InstructionsEqual);
        public int LineStarts => Files.Sum(f => f.LineStarts);
        public int LineStartsEqual => Files.Sum(f => f.LineStartsEqual);
        public IEnumerable<Difference> Differences => Files.SelectMany(f => f.Differences);

        /// <summary>Cause categories with their count, most frequent first (then by name).</summary>
        public IEnumerable<(string Category, int Count, Difference First)> Categories() =>
            Differences.GroupBy(d => d.Category)
                .Select(g => (g.Key, g.Count(), g.First()))
                .OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal);

        public void Write(TextWriter w, int examples)
        {
            w.WriteLine($"PyDis stdlib conformance, Python {Version}");
            w.WriteLine($"  files loaded:        {Loaded} / {Files.Length}");
            w.WriteLine($"  code objects equal:  {CodesEqual} / {Codes}   (co_* fields and constant reprs)");
            w.WriteLine($"  constant reprs:      {ConstsEqual} / {Consts}");
            w.WriteLine($"  instructions equal:  {InstructionsEqual} / {Instructions}   (every get_instructions field)");
            w.WriteLine($"  findlinestarts:      {LineStartsEqual} / {LineStarts}");
            foreach (var t in Tables) w.WriteLine($"  {t.Key + ":",-20} {t.Value.Equal} / {t.Value.Total}");
            foreach (var t in Texts) w.WriteLine($"  text {t.Key,-8} equal:  {t.Value.Equal} / {t.Value.Total}");
            var categories = Categories().ToList();
            w.WriteLine($"  differences: {categories.Sum(c => c.Count)} in {categories.Count} categories");
            foreach (var c in categories) w.WriteLine($"    {c.Count,7}  {c.Category}\n             e.g. {c.First}");
            if (examples > 0 && categories.Count > 0)
            {
                w.WriteLine($"  first {examples} differences:");
                foreach (var d in Differences.Take(examples)) w.WriteLine("    " + d);
            }
        }
    }
}
