using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Tests.Fixtures;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>
    /// Hand-made bytecode (tests/fixtures/generator/decoder_edge_cases.py): EXTENDED_ARG before an argless
    /// op, long and wrapping opargs, &gt;256 locals, unknown opcodes, a cut-off last instruction. Expected rows
    /// are what each interpreter's dis said; where dis raised part-way, the rows it produced must match and
    /// PyDis must go on (index errors degrade) or stop with a PycFormatException (cut-off instruction).
    /// </summary>
    public class EdgeCaseTests
    {
        private readonly ITestOutputHelper _out;

        public EdgeCaseTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Versions() => FixtureDecodeTests.Versions();

        [Theory]
        [MemberData(nameof(Versions))]
        public void EdgeCasesMatchInterpreter(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            using var doc = FixtureCatalog.ReadDump("decoder", versionText);
            var problems = new List<string>();
            int rows = 0, badRows = 0, cases = 0;
            foreach (var entry in doc.RootElement.GetProperty("codes").EnumerateArray())
            {
                cases++;
                string name = entry.GetProperty("path").GetString()!;
                var code = FixtureCode.Code(version, entry.GetProperty("co"))!;
                var facts = FixtureCode.Facts(entry);
                var insEl = entry.GetProperty("instructions");
                var expected = insEl.GetProperty("rows").EnumerateArray().ToList();
                bool disFailed = entry.GetProperty("error").ValueKind == JsonValueKind.String;

                var decoded = new List<Instruction>();
                PycFormatException? error = null;
                try
                {
                    var options = entry.TryGetProperty("first_line", out var fl)
                        ? DecodeOptions.GetInstructions.WithFirstLine(fl.GetInt32()) : DecodeOptions.GetInstructions;
                    foreach (var ins in CodeDecoder.Decode(code, facts, options)) decoded.Add(ins);
                }
                catch (PycFormatException ex) { error = ex; }

                if (expected.Count > 0)
                {
                    var fields = FixtureCode.Strings(insEl.GetProperty("fields"));
                    FixtureDecodeTests.CompareRows(name, version, fields, expected, 0, decoded, problems, ref rows, ref badRows);
                }
                if (!disFailed && decoded.Count != expected.Count)
                    problems.Add($"{name}: {decoded.Count} instructions, expected {expected.Count}");
                if (error != null) problems.Add($"{name}: unexpected {error.Message}");
                // dis raises IndexError on a cut-off instruction; PyDis shows it without an argument and reports it.
                if (name == "truncated" && !CodeProblems.Find(code).Any(p => p.DisFails && p.Context == "co_code"))
                    problems.Add($"{name}: the cut-off instruction is not reported");

                if (entry.GetProperty("labels").ValueKind == JsonValueKind.Array)
                {
                    var want = entry.GetProperty("labels").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                    var got = CodeDecoder.FindLabels(code).ToArray();
                    if (!want.SequenceEqual(got))
                        problems.Add($"{name}: findlabels [{string.Join(",", got)}], expected [{string.Join(",", want)}]");
                }
            }
            _out.WriteLine($"{versionText}: {cases} edge cases, {rows - badRows}/{rows} rows match");
            foreach (var p in problems) _out.WriteLine(p);
            Assert.True(cases > 0);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>
        /// 3.11+ refuse to build an odd-length co_code, so no interpreter row exists: PyDis shows the cut-off
        /// instruction without an argument (as older versions' dis would have, had it not raised IndexError) and
        /// reports it as a problem dis fails on.
        /// </summary>
        [Theory]
        [InlineData("3.11")]
        [InlineData("3.12")]
        [InlineData("3.13")]
        [InlineData("3.14")]
        [InlineData("3.15")]
        public void CutOffInstructionIsShownAndReported(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            var table = PyDis.Core.Releases.Release.Of(version).Opcodes;
            int nop = table.GetOpcode("NOP"), loadConst = table.GetOpcode("LOAD_CONST");
            var code = new CodeObject(version) { Code = new[] { (byte)nop, (byte)0, (byte)loadConst }, Name = "f" };
            var facts = new DecodeContext(Array.Empty<KeyValuePair<int, int?>>(), null, null, new[] { "None" });
            var seen = CodeDecoder.Decode(code, facts).ToList();
            Assert.Equal(2, seen.Count);
            Assert.Equal(("LOAD_CONST", 2, 1), (seen[1].OpName, seen[1].Offset, seen[1].Size));
            Assert.Null(seen[1].Arg);
            var problems = CodeProblems.Find(code);
            Assert.Contains(problems, p => p.DisFails && p.Context == "co_code" && p.Offset == 2);
            Assert.Contains(problems, p => !p.DisFails && p.Problem.StartsWith("odd length 3", StringComparison.Ordinal));
        }
    }
}
