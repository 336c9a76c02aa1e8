using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using PyDis.Core.Tables;

namespace PyDis.Core.Tests.Tables
{
    /// <summary>Every code object of every interpreter-produced JSON must give exactly what that interpreter said.</summary>
    public class FixtureTableTests
    {
        public static IEnumerable<object[]> Files()
        {
            foreach (var f in TableFixtures.JsonFiles()) yield return new object[] { TableFixtures.Relative(f) };
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void TablesMatchTheInterpreter(string file)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TableFixtures.RepoRoot, file)));
            var version = TableFixtures.VersionOf(doc.RootElement);
            var failures = new StringBuilder();
            int checkedCodes = 0;
            foreach (var item in doc.RootElement.GetProperty("codes").EnumerateArray())
            {
                var code = TableFixtures.Build(version, item.GetProperty("co"));
                string where = item.GetProperty("path").GetString()!;
                checkedCodes++;

                if (item.TryGetProperty("linestarts", out var ls))
                    Compare(failures, where, "findlinestarts", Render(ls), Render(LineTable.FindLineStarts(code)));
                if (item.TryGetProperty("lines", out var lines))
                    Compare(failures, where, "co_lines", Render(lines), Render(LineTable.Lines(code)));
                if (item.TryGetProperty("positions", out var pos))
                    Compare(failures, where, "co_positions", Render(pos), Render(LocationTable.Positions(code)));
                if (item.TryGetProperty("exception_entries", out var ex))
                    Compare(failures, where, "exception table", Render(ex), Render(ExceptionTable.Parse(code)));
                if (version < PyVersion.V3_10) CheckDerivedLines(failures, where, code);
                if (item.TryGetProperty("instructions", out var ins))
                    CheckLineMap(failures, where, version, LineTable.Map(code), ins);
                if (version < PyVersion.V3_11)
                {
                    Assert.Empty(LocationTable.Positions(code));
                    Assert.Empty(ExceptionTable.Parse(code));
                }
            }
            Assert.True(checkedCodes > 0, file + " has no code objects");
            Assert.True(failures.Length == 0, failures.ToString());
        }

        /// <summary>Before 3.10 Lines is derived: ranges tile the code from each line start to the next, with that start's line.</summary>
        private static void CheckDerivedLines(StringBuilder failures, string where, Code.CodeObject code)
        {
            var starts = LineTable.FindLineStarts(code);
            var map = new LineMap(starts, code.Code.Length);
            var expected = new StringBuilder();
            int prev = -1;
            for (int o = 0; o < code.Code.Length; o++)
            {
                if (!map.IsLineStart(o) && o != 0) continue;
                if (prev >= 0) expected.Append(o).Append(",").Append(N(map.LineAt(prev))).Append(",)");
                expected.Append('(').Append(o).Append(',');
                prev = o;
            }
            if (prev >= 0) expected.Append(code.Code.Length).Append(",").Append(N(map.LineAt(prev))).Append(",)");
            Compare(failures, where, "derived co_lines", expected.ToString(), Render(LineTable.Lines(code)));
        }

        /// <summary>
        /// The decoder's per-offset rule against get_instructions: 3.4–3.12 starts_line = linestarts.get(offset);
        /// 3.13+ starts_line = offset in linestarts and line_number carried from the last line start.
        /// </summary>
        private static void CheckLineMap(StringBuilder failures, string where, PyVersion version, LineMap map, JsonElement instructions)
        {
            int offsetField = -1, startsField = -1, lineField = -1, i = 0;
            foreach (var f in instructions.GetProperty("fields").EnumerateArray())
            {
                switch (f.GetString())
                {
                    case "offset": offsetField = i; break;
                    case "starts_line": startsField = i; break;
                    case "line_number": lineField = i; break;
                }
                i++;
            }
            Assert.True(offsetField >= 0 && startsField >= 0, "instructions lack offset or starts_line");
            var expected = new StringBuilder();
            var actual = new StringBuilder();
            int? carried = null;
            foreach (var row in instructions.GetProperty("rows").EnumerateArray())
            {
                int offset = row[offsetField].GetInt32();
                var starts = row[startsField];
                expected.Append(offset).Append(':').Append(starts.GetRawText());
                if (version >= PyVersion.V3_13)
                {
                    bool isStart = map.IsLineStart(offset);
                    if (isStart) carried = map.StartLine(offset);
                    actual.Append(offset).Append(':').Append(isStart ? "true" : "false");
                    Assert.True(lineField >= 0, "3.13+ instructions lack line_number");
                    expected.Append('/').Append(row[lineField].GetRawText()).Append('/').Append(row[lineField].GetRawText());
                    actual.Append('/').Append(N(carried)).Append('/').Append(N(map.LineAt(offset)));
                }
                else
                {
                    actual.Append(offset).Append(':').Append(N(map.StartLine(offset)));
                }
                expected.Append(' ');
                actual.Append(' ');
            }
            Compare(failures, where, "LineMap vs get_instructions", expected.ToString(), actual.ToString());
        }

        private static void Compare(StringBuilder failures, string where, string what, string expected, string actual)
        {
            if (expected == actual || failures.Length > 4000) return;
            failures.Append(where).Append(' ').Append(what).Append("\n  expected ").Append(expected)
                .Append("\n  actual   ").Append(actual).Append('\n');
        }

        // Both sides rendered to the same compact text: JSON numbers, null, true/false.
        private static string Render(JsonElement e)
        {
            var sb = new StringBuilder();
            foreach (var row in e.EnumerateArray())
            {
                sb.Append('(');
                foreach (var v in row.EnumerateArray()) sb.Append(v.ValueKind == JsonValueKind.Null ? "null" : v.GetRawText()).Append(',');
                sb.Append(')');
            }
            return sb.ToString();
        }

        private static string N(int? v) => v is null ? "null" : v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static string Render(LineStart[] a)
        {
            var sb = new StringBuilder();
            foreach (var x in a) sb.Append('(').Append(x.Offset).Append(',').Append(N(x.Line)).Append(",)");
            return sb.ToString();
        }

        private static string Render(LineRange[] a)
        {
            var sb = new StringBuilder();
            foreach (var x in a) sb.Append('(').Append(x.Start).Append(',').Append(x.End).Append(',').Append(N(x.Line)).Append(",)");
            return sb.ToString();
        }

        private static string Render(global::PyDis.Core.Decoding.Positions[] a)
        {
            var sb = new StringBuilder();
            foreach (var x in a)
                sb.Append('(').Append(N(x.LineNumber)).Append(',').Append(N(x.EndLineNumber)).Append(',')
                  .Append(N(x.ColOffset)).Append(',').Append(N(x.EndColOffset)).Append(",)");
            return sb.ToString();
        }

        private static string Render(ExceptionEntry[] a)
        {
            var sb = new StringBuilder();
            foreach (var x in a)
                sb.Append('(').Append(x.Start).Append(',').Append(x.End).Append(',').Append(x.Target).Append(',')
                  .Append(x.Depth).Append(',').Append(x.Lasti ? "true" : "false").Append(",)");
            return sb.ToString();
        }
    }
}
