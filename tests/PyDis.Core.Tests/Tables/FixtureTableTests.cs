using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using PyDis.Core.CodeTables;
using PyDis.Core.Tests.Fixtures;

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
            string path = Path.Combine(FixtureCatalog.RepoRoot, file);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var version = TableFixtures.VersionOf(doc.RootElement);
            var failures = new StringBuilder();
            int checkedCodes = 0;
            List<global::PyDis.Core.Model.CodeObject>? pycCodes = null;
            foreach (var item in doc.RootElement.GetProperty("codes").EnumerateArray())
            {
                int index = checkedCodes++;
                var code = TableFixtures.Build(version, item.GetProperty("co"), () =>
                {
                    pycCodes ??= new List<global::PyDis.Core.Model.CodeObject>(global::PyDis.Core.Pyc.PycFile.Load(File.ReadAllBytes(Path.ChangeExtension(path, ".pyc")), path).Code.Walk());
                    return pycCodes[index];
                });
                string where = item.GetProperty("path").GetString()!;

                if (item.TryGetProperty("linestarts", out var ls))
                    Check(failures, where, "findlinestarts", ls, Rows(LineTable.FindLineStarts(code)));
                if (item.TryGetProperty("lines", out var lines))
                    Check(failures, where, "co_lines", lines, Rows(LineTable.Lines(code)));
                if (item.TryGetProperty("positions", out var pos))
                    Check(failures, where, "co_positions", pos, Rows(LocationTable.Positions(code)));
                if (item.TryGetProperty("exception_entries", out var ex))
                    Check(failures, where, "exception table", ex, Rows(ExceptionTable.Parse(code)));
                if (version < new PyVersion(3, 10)) CheckDerivedLines(failures, where, code);
                if (item.TryGetProperty("instructions", out var ins))
                    CheckLineMap(failures, where, version, new LineMap(LineTable.FindLineStarts(code), code.Code.Length), ins);
                if (version < new PyVersion(3, 11))
                {
                    Assert.Empty(LocationTable.Positions(code));
                    Assert.Empty(ExceptionTable.Parse(code));
                }
            }
            Assert.True(checkedCodes > 0, file + " has no code objects");
            Assert.True(failures.Length == 0, failures.ToString());
        }

        /// <summary>
        /// Rows as the fixture has them: a list, or for huge code {count, sha256, head, tail} where sha256 covers
        /// the rows as Python's json.dumps(row, separators=(',', ':')) joined by newlines.
        /// </summary>
        private static void Check(StringBuilder failures, string where, string what, JsonElement expected, List<string> actual)
        {
            if (expected.ValueKind == JsonValueKind.Array)
            {
                Compare(failures, where, what, string.Join("\n", JsonRows(expected)), string.Join("\n", actual));
                return;
            }
            int count = expected.GetProperty("count").GetInt32();
            var head = JsonRows(expected.GetProperty("head"));
            var tail = JsonRows(expected.GetProperty("tail"));
            Compare(failures, where, what + " count", count.ToString(CultureInfo.InvariantCulture), actual.Count.ToString(CultureInfo.InvariantCulture));
            if (actual.Count != count) return;
            Compare(failures, where, what + " head", string.Join("\n", head), string.Join("\n", actual.GetRange(0, head.Count)));
            Compare(failures, where, what + " tail", string.Join("\n", tail), string.Join("\n", actual.GetRange(count - tail.Count, tail.Count)));
            string digest = FixtureCatalog.Sha256(Encoding.ASCII.GetBytes(string.Join("\n", actual)));
            Compare(failures, where, what + " sha256", expected.GetProperty("sha256").GetString()!, digest);
        }

        /// <summary>Before 3.10 Lines is derived: ranges tile the code from each line start to the next, with that start's line.</summary>
        private static void CheckDerivedLines(StringBuilder failures, string where, global::PyDis.Core.Model.CodeObject code)
        {
            var map = new LineMap(LineTable.FindLineStarts(code), code.Code.Length);
            var expected = new List<string>();
            int start = 0;
            for (int o = 1; o <= code.Code.Length; o++)
            {
                if (o < code.Code.Length && !map.IsLineStart(o)) continue;
                expected.Add($"[{start},{o},{N(map.LineAt(start))}]");
                start = o;
            }
            Compare(failures, where, "derived co_lines", string.Join("\n", expected), string.Join("\n", Rows(LineTable.Lines(code))));
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
            bool summarised = !instructions.TryGetProperty("rows", out var rowsEl);
            var rows = new List<JsonElement>();
            // Summarised rows keep only head and tail: no walk to carry the line through, so LineAt stands in.
            if (summarised)
            {
                rows.AddRange(instructions.GetProperty("head").EnumerateArray());
                rows.AddRange(instructions.GetProperty("tail").EnumerateArray());
            }
            else rows.AddRange(rowsEl.EnumerateArray());
            foreach (var row in rows)
            {
                int offset = row[offsetField].GetInt32();
                var starts = row[startsField];
                expected.Append(offset).Append(':').Append(starts.GetRawText());
                if (version >= new PyVersion(3, 13))
                {
                    bool isStart = map.IsLineStart(offset);
                    if (isStart) carried = map.StartLine(offset);
                    if (summarised) carried = map.LineAt(offset);
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

        private static List<string> JsonRows(JsonElement rows)
        {
            var list = new List<string>();
            foreach (var row in rows.EnumerateArray())
            {
                var sb = new StringBuilder("[");
                foreach (var v in row.EnumerateArray()) sb.Append(sb.Length > 1 ? "," : "").Append(v.GetRawText());
                list.Add(sb.Append(']').ToString());
            }
            return list;
        }

        private static string N(int? v) => v is null ? "null" : v.Value.ToString(CultureInfo.InvariantCulture);

        private static List<string> Rows(LineStart[] a)
        {
            var list = new List<string>(a.Length);
            foreach (var x in a) list.Add($"[{x.Offset},{N(x.Line)}]");
            return list;
        }

        private static List<string> Rows(LineRange[] a)
        {
            var list = new List<string>(a.Length);
            foreach (var x in a) list.Add($"[{x.Start},{x.End},{N(x.Line)}]");
            return list;
        }

        private static List<string> Rows(global::PyDis.Core.CodeTables.Positions[] a)
        {
            var list = new List<string>(a.Length);
            foreach (var x in a) list.Add($"[{N(x.LineNumber)},{N(x.EndLineNumber)},{N(x.ColOffset)},{N(x.EndColOffset)}]");
            return list;
        }

        private static List<string> Rows(ExceptionEntry[] a)
        {
            var list = new List<string>(a.Length);
            foreach (var x in a) list.Add($"[{x.Start},{x.End},{x.Target},{x.Depth},{(x.Lasti ? "true" : "false")}]");
            return list;
        }
    }
}
