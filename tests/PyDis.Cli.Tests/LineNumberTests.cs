using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core;

namespace PyDis.Cli.Tests
{
    /// <summary>
    /// The one line-number rule, as the module's records (Get-PyInstruction's LineNumber) and the CLI's JSON Lines
    /// (line_number) both give it, against what each interpreter said (tests/fixtures/&lt;X.Y&gt;/*.json):
    /// 3.13+ dis.Instruction.line_number; 3.11-3.12, which have no line_number, the line of the instruction's
    /// co_positions entry (equal to co_lines() there, None for code with no location); before 3.11 the line in
    /// effect, from dis.findlinestarts.
    /// </summary>
    public sealed class LineNumberTests
    {
        public static IEnumerable<object[]> Fixtures()
        {
            foreach (var dir in Directory.GetDirectories(CliFixtures.Root).OrderBy(d => d, StringComparer.Ordinal))
            {
                if (!PyVersion.TryParse(Path.GetFileName(dir), out _)) continue;
                foreach (var json in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
                    yield return new object[] { Path.GetFileName(dir), Path.GetFileNameWithoutExtension(json) };
            }
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void Records_and_json_lines_give_the_interpreters_line(string version, string name)
        {
            string pyc = Path.Combine(CliFixtures.Root, version, name + ".pyc");
            var expected = ExpectedLines(Path.Combine(CliFixtures.Root, version, name + ".json"));
            Assert.NotEmpty(expected);

            Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(pyc, out var source, out var error), error?.Message);
            var records = PerCode(Query.GetInstructions(source!, new InstructionOptions()).Select(r => (r.CodePath, r.Offset, r.LineNumber)));

            var output = new StringWriter();
            Assert.Equal(0, Program.Run(new[] { "--format", "json", pyc }, output, new StringWriter()));
            var json = PerCode(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                var n = o.GetProperty("line_number");
                return (o.GetProperty("code").GetString()!, o.GetProperty("offset").GetInt32(), n.ValueKind == JsonValueKind.Null ? (int?)null : n.GetInt32());
            }));

            Assert.Equal(expected.Count, records.Count);
            Assert.Equal(expected.Count, json.Count);
            int compared = 0;
            for (int c = 0; c < expected.Count; c++)
            {
                if (expected[c] is null) continue;  // a huge code object the dump summarised (covered by digest elsewhere)
                Assert.Equal(expected[c]!.Select(x => (x.Path, x.Offset)), records[c].Select(x => (x.Path, x.Offset)));
                Assert.Equal(expected[c]!.Select(x => (x.Path, x.Offset)), json[c].Select(x => (x.Path, x.Offset)));
                for (int i = 0; i < expected[c]!.Count; i++)
                {
                    var (path, offset, line) = expected[c]![i];
                    Assert.True(line == records[c][i].Line, $"{version} {name} {path} offset {offset}: record LineNumber {records[c][i].Line}, interpreter {line}");
                    Assert.True(line == json[c][i].Line, $"{version} {name} {path} offset {offset}: JSON line_number {json[c][i].Line}, interpreter {line}");
                    compared++;
                }
            }
            Assert.True(compared > 0);
        }

        // Rows split per code object: each code object's rows start at offset 0.
        private static List<List<(string Path, int Offset, int? Line)>> PerCode(IEnumerable<(string Path, int Offset, int? Line)> rows)
        {
            var codes = new List<List<(string, int, int?)>>();
            foreach (var r in rows)
            {
                if (r.Offset == 0 || codes.Count == 0) codes.Add(new List<(string, int, int?)>());
                codes[codes.Count - 1].Add(r);
            }
            return codes;
        }

        /// <summary>Per code object in walk order, the line the interpreter's own data gives each get_instructions row (null: summarised).</summary>
        private static List<List<(string Path, int Offset, int? Line)>?> ExpectedLines(string jsonPath)
        {
            var result = new List<List<(string, int, int?)>?>();
            using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
            foreach (var code in doc.RootElement.GetProperty("codes").EnumerateArray())
            {
                string path = code.GetProperty("path").GetString()!;
                var ins = code.GetProperty("instructions");
                if (!ins.TryGetProperty("rows", out var rows) || code.GetProperty("linestarts").ValueKind != JsonValueKind.Array)
                {
                    result.Add(null);
                    continue;
                }
                var list = new List<(string, int, int?)>();
                var fields = ins.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToList();
                var starts = new Dictionary<int, int?>();
                foreach (var s in code.GetProperty("linestarts").EnumerateArray())
                    starts[s[0].GetInt32()] = s[1].ValueKind == JsonValueKind.Null ? null : s[1].GetInt32();
                int? inEffect = null;
                foreach (var row in rows.EnumerateArray())
                {
                    int offset = row[fields.IndexOf("offset")].GetInt32();
                    if (starts.TryGetValue(offset, out var started)) inEffect = started;
                    int? line;
                    if (fields.Contains("line_number")) line = Int(row[fields.IndexOf("line_number")]);
                    else if (fields.Contains("positions"))
                    {
                        var p = row[fields.IndexOf("positions")];
                        line = p.ValueKind == JsonValueKind.Null ? null : Int(p[0]);
                    }
                    else line = inEffect;
                    list.Add((path, offset, line));
                }
                result.Add(list);
            }
            return result;
        }

        private static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
    }

    internal static class CliFixtures
    {
        public static readonly string Root = Find();

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "fixtures");
                if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
        }
    }
}
