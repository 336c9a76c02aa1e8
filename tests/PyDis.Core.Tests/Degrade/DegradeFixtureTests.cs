using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using PyDis.Core.Formatting;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;
using PyDis.Core.Tests.Fixtures;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Degrade
{
    /// <summary>
    /// Odd code objects (tests/fixtures/degrade, generator/degrade_cases.py): where the interpreter's dis printed
    /// the whole text, PyDis prints the same bytes; where dis raised part-way, PyDis prints what dis printed
    /// before it raised and carries on. Either way the .pyc loads, nothing throws, and the odd code object is
    /// reported by path.
    /// </summary>
    public class DegradeFixtureTests
    {
        private readonly ITestOutputHelper _out;

        public DegradeFixtureTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Cases()
        {
            foreach (var version in FixtureCatalog.DumpVersions("degrade"))
            {
                using var doc = FixtureCatalog.ReadDump("degrade", version);
                foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
                    if (c.GetProperty("built").ValueKind == JsonValueKind.Null)
                        yield return new object[] { version, c.GetProperty("name").GetString()! };
            }
        }

        internal static JsonElement Case(string version, string name)
        {
            using var doc = FixtureCatalog.ReadDump("degrade", version);
            return doc.RootElement.GetProperty("cases").EnumerateArray()
                .First(c => c.GetProperty("name").GetString() == name).Clone();
        }

        internal static CodeObject Load(string version, string name)
        {
            var path = Path.Combine(FixtureCatalog.Root, "degrade", version, name + ".pyc");
            return PycFile.Load(File.ReadAllBytes(path), name + ".pyc").Code;
        }

        internal static string Render(CodeObject module, string variant)
        {
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            var options = new DisOptions { ReprOptions = new PyReprOptions { HashBuild = FixtureCatalog.HashBuildFor(module.Version) } };
            var formatter = new DisFormatter(module.Version, options);
            if (variant == "default") formatter.Write(module, sw);
            else formatter.Disassemble(module.Walk().Single(c => c.Name == "f"), sw);
            return System.Text.RegularExpressions.Regex.Replace(sw.ToString(), @"(<code object \S+ at )0x[0-9a-fA-F]+", "${1}0x0");
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void TextIsWhatDisPrinted(string version, string name)
        {
            var c = Case(version, name);
            var module = Load(version, name);
            foreach (var variant in new[] { "default", "code" })
            {
                string expected = c.GetProperty("texts").GetProperty(variant).GetString()!;
                bool disFailed = c.GetProperty("errors").TryGetProperty(variant, out var error);
                string actual = Render(module, variant);
                if (disFailed)
                {
                    _out.WriteLine($"{variant}: dis raised {error.GetString()} after:\n{expected}\nPyDis:\n{actual}");
                    Assert.True(actual.StartsWith(expected, StringComparison.Ordinal),
                        $"{version} {name} {variant}: PyDis does not begin with what dis printed before {error.GetString()}:\n{expected}\n--- PyDis:\n{actual}");
                }
                else Assert.Equal(expected, actual);
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void RecordsAndTablesAreWhatDisGave(string version, string name)
        {
            var c = Case(version, name);
            var f = Load(version, name).Walk().Single(x => x.Name == "f");
            var v = PyVersion.Parse(version);
            var errors = c.GetProperty("errors");
            var problems = new List<string>();
            int rows = 0, badRows = 0;
            if (c.GetProperty("instructions").ValueKind == JsonValueKind.Object)
            {
                var insEl = c.GetProperty("instructions");
                var expected = insEl.GetProperty("rows").EnumerateArray().ToList();
                var decoded = PyDis.Core.Decoding.CodeDecoder.Decode(f).ToList();
                var fields = PyDis.Core.Tests.Decoding.FixtureCode.Strings(insEl.GetProperty("fields"));
                PyDis.Core.Tests.Decoding.FixtureDecodeTests.CompareRows(name, v, fields, expected, 0, decoded, problems, ref rows, ref badRows);
                if (!errors.TryGetProperty("instructions", out _) && decoded.Count != expected.Count)
                    problems.Add($"{decoded.Count} instructions, expected {expected.Count}");
            }
            if (!errors.TryGetProperty("linestarts", out _))
            {
                var want = c.GetProperty("linestarts").EnumerateArray().Select(p => $"{p[0]}:{J(p[1])}");
                var got = PyDis.Core.CodeTables.LineTable.FindLineStarts(f).Select(p => $"{p.Offset}:{(p.Line is int l ? l.ToString(CultureInfo.InvariantCulture) : "null")}");
                if (!want.SequenceEqual(got)) problems.Add($"linestarts [{string.Join(",", got)}], expected [{string.Join(",", want)}]");
            }
            if (c.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array)
            {
                var want = lines.EnumerateArray().Select(p => $"{p[0]}-{p[1]}:{J(p[2])}");
                var got = PyDis.Core.CodeTables.LineTable.Lines(f).Select(r => $"{r.Start}-{r.End}:{(r.Line is int l ? l.ToString(CultureInfo.InvariantCulture) : "null")}");
                if (!want.SequenceEqual(got)) problems.Add($"co_lines [{string.Join(",", got)}], expected [{string.Join(",", want)}]");
            }
            if (c.TryGetProperty("positions", out var positions) && positions.ValueKind == JsonValueKind.Array)
            {
                // dis takes one item per code unit; co_positions of a garbage table may yield more.
                var want = positions.EnumerateArray().Take(f.Code.Length / 2).Select(p => p.ToString());
                var got = PyDis.Core.CodeTables.LocationTable.Positions(f)
                    .Select(p => $"[{N(p.LineNumber)},{N(p.EndLineNumber)},{N(p.ColOffset)},{N(p.EndColOffset)}]");
                if (!want.SequenceEqual(got)) problems.Add($"co_positions [{string.Join(",", got)}], expected [{string.Join(",", want)}]");
            }
            if (c.TryGetProperty("exception_entries", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                var want = entries.EnumerateArray().Select(e => $"{e[0]}-{e[1]}->{e[2]}/{e[3]}/{(e[4].GetBoolean() ? 1 : 0)}");
                var got = PyDis.Core.CodeTables.ExceptionTable.Parse(f).Select(e => $"{e.Start}-{e.End}->{e.Target}/{e.Depth}/{(e.Lasti ? 1 : 0)}");
                if (!want.SequenceEqual(got)) problems.Add($"exception entries [{string.Join(",", got)}], expected [{string.Join(",", want)}]");
            }
            Assert.True(problems.Count == 0, $"{version} {name}:\n" + string.Join("\n", problems));
        }

        /// <summary>
        /// Cases whose odd part no check can see: before 3.10 a line table may stop short of co_code or run past
        /// it in what CPython compiles, so shorter or longer code under the old table is not an inconsistency;
        /// before 3.6 (no wordcode) one more byte is just one more NOP.
        /// </summary>
        private static bool Undetectable(PyVersion v, string name) =>
            v < new PyVersion(3, 10) && (name == "code_shorter" || name == "code_longer" || name == "linetable_long" || name == "linetable_empty")
            || v < new PyVersion(3, 6) && name == "code_odd_length";

        [Theory]
        [MemberData(nameof(Cases))]
        public void ProblemsAreReportedAndDisFailuresMarked(string version, string name)
        {
            var c = Case(version, name);
            var v = PyVersion.Parse(version);
            var module = Load(version, name);
            var f = module.Walk().Single(x => x.Name == "f");
            var problems = PyDis.Core.Decoding.CodeProblems.Find(f);
            foreach (var p in problems) _out.WriteLine(p.ToString());
            Assert.Empty(PyDis.Core.Decoding.CodeProblems.Find(module));
            bool disFailed = c.GetProperty("errors").TryGetProperty("code", out _);
            Assert.Equal(disFailed, problems.Any(p => p.DisFails));
            if (Undetectable(v, name)) Assert.Empty(problems);
            else Assert.NotEmpty(problems);
        }

        /// <summary>Nothing the interpreters compiled is reported (every code object of every fixture .pyc).</summary>
        [Fact]
        public void CompiledCodeHasNoProblems()
        {
            var found = new List<string>();
            int codes = 0;
            foreach (var fixture in FixtureCatalog.All())
            {
                var module = PycFile.Load(fixture.ReadPyc(), fixture.Name + ".pyc").Code;
                foreach (var code in module.Walk())
                {
                    codes++;
                    foreach (var p in PyDis.Core.Decoding.CodeProblems.Find(code))
                        found.Add($"{fixture} {code.Name}: {p}");
                }
            }
            Assert.True(codes > 1000, $"only {codes} code objects");
            Assert.True(found.Count == 0, string.Join("\n", found.Take(20)));
        }

        /// <summary>Each kind of co_code problem is reported, not only the first one met.</summary>
        [Fact]
        public void EveryKindOfCodeProblemIsReported()
        {
            var version = new PyVersion(3, 10);
            var table = PyDis.Core.Releases.Release.Of(version).Opcodes;
            byte jump = (byte)table.GetOpcode("JUMP_FORWARD"), ext = (byte)table.GetOpcode("EXTENDED_ARG"), nop = (byte)table.GetOpcode("NOP");
            var a = new CodeObject(version) { Code = new byte[] { jump, 100, ext, 1 }, Name = "a" };
            var kinds = PyDis.Core.Decoding.CodeProblems.Find(a).Select(p => p.Problem).ToList();
            Assert.Contains(kinds, k => k.StartsWith("JUMP_FORWARD at offset 0 jumps to 202", StringComparison.Ordinal));
            Assert.Contains(kinds, k => k.StartsWith("co_code ends with EXTENDED_ARG at offset 2", StringComparison.Ordinal));
            var b = new CodeObject(version) { Code = new byte[] { jump, 100, nop, 0, nop }, Name = "b" };
            kinds = PyDis.Core.Decoding.CodeProblems.Find(b).Select(p => p.Problem).ToList();
            Assert.Contains(kinds, k => k.StartsWith("odd length 5", StringComparison.Ordinal));
            Assert.Contains(kinds, k => k.StartsWith("JUMP_FORWARD at offset 0 jumps to 202", StringComparison.Ordinal));
        }

        private static string J(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "null" : e.ToString();

        private static string N(int? v) => v is int i ? i.ToString(CultureInfo.InvariantCulture) : "null";
    }
}
