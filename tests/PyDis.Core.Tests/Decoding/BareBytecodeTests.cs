using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>
    /// Bare co_code (ConvertFrom-PyBytecode): what each interpreter's dis.dis(bytes) printed for the co_code of
    /// a few compiled functions (tests/fixtures/generator/raw_bytes_dump.py → tests/fixtures/rawbytes), where
    /// co_consts, co_names and the locals are None: "(0)" before 3.11, nothing from 3.11.
    /// </summary>
    public class BareBytecodeTests
    {
        // One dis line: ... OPNAME [arg [(argrepr)]]; the argrepr runs to the last ')'.
        private static readonly Regex Line = new Regex(@"(?<op>[A-Z][A-Z0-9_]+)(?:\s+(?<arg>-?\d+)(?:\s+\((?<repr>.*)\))?)?\s*$", RegexOptions.CultureInvariant);

        private readonly ITestOutputHelper _out;

        public BareBytecodeTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Versions() => FixtureDecodeTests.Versions();

        private static IEnumerable<(string Name, byte[] Code, string[] Lines)> Samples(string versionText)
        {
            using var doc = FixtureCatalog.ReadDump("rawbytes", versionText);
            var list = new List<(string, byte[], string[])>();
            foreach (var s in doc.RootElement.GetProperty("samples").EnumerateArray())
            {
                var code = Convert.FromHexString(s.GetProperty("code").GetString()!);
                var lines = s.GetProperty("dis").GetString()!.Split('\n').Where(l => l.Trim().Length > 0).ToArray();
                list.Add((s.GetProperty("name").GetString()!, code, lines));
            }
            Assert.NotEmpty(list);
            return list;
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void ArgReprsMatchDisOfBytes(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            var problems = new List<string>();
            int checkedRows = 0, tableRows = 0;
            foreach (var (name, bytes, lines) in Samples(versionText))
            {
                var rows = global::PyDis.Core.Query.ConvertFromBytecode(bytes, version, showCaches: false).ToList();
                if (rows.Count != lines.Length)
                {
                    problems.Add($"{name}: {rows.Count} instructions, dis printed {lines.Length} lines");
                    continue;
                }
                for (int i = 0; i < rows.Count; i++)
                {
                    var m = Line.Match(lines[i]);
                    Assert.True(m.Success, $"{name}: unparsed dis line '{lines[i]}'");
                    var r = rows[i];
                    string expected = m.Groups["repr"].Success ? m.Groups["repr"].Value : "";
                    checkedRows++;
                    if (IsTableOp(r.OpName)) tableRows++;
                    if (m.Groups["op"].Value != r.OpName || (r.ArgRepr ?? "") != expected)
                        problems.Add($"{name} @{r.Offset}: {r.OpName} argrepr '{r.ArgRepr}', dis: '{lines[i].Trim()}'");
                }
            }
            foreach (var p in problems.Take(20)) _out.WriteLine(p);
            _out.WriteLine($"{versionText}: {checkedRows} rows, {tableRows} of them index a table");
            Assert.True(tableRows > 20, "the samples must exercise table-indexing opargs");
            Assert.Empty(problems);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void DisFormatterPrintsDisOfBytes(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            var formatter = new DisFormatter(version);
            var problems = new List<string>();
            foreach (var (name, bytes, lines) in Samples(versionText))
            {
                var code = new CodeObject(version) { Code = bytes, BareBytecode = true };
                var sw = new StringWriter(CultureInfo.InvariantCulture);
                formatter.Disassemble(code, sw);
                var got = sw.ToString().Split('\n').Where(l => l.Trim().Length > 0).ToArray();
                for (int i = 0; i < Math.Max(got.Length, lines.Length); i++)
                {
                    string g = i < got.Length ? got[i] : "<none>", e = i < lines.Length ? lines[i] : "<none>";
                    if (g != e) { problems.Add($"{name} line {i}:\n  ours '{g}'\n  dis  '{e}'"); break; }
                }
            }
            foreach (var p in problems.Take(10)) _out.WriteLine(p);
            Assert.Empty(problems);
        }

        private static bool IsTableOp(string opName) =>
            opName.StartsWith("LOAD_", StringComparison.Ordinal) || opName.StartsWith("STORE_", StringComparison.Ordinal)
            || opName.StartsWith("DELETE_", StringComparison.Ordinal) || opName == "IMPORT_NAME" || opName == "IMPORT_FROM";
    }
}
