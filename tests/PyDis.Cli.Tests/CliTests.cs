using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Cli;

namespace PyDis.Cli.Tests
{
    /// <summary>The pydis command run in-process on the interpreter-produced fixtures.</summary>
    public sealed class CliTests : IDisposable
    {
        private static readonly Regex Address = new Regex(@"(<code object [^\n]*? at )0x[0-9a-fA-F]+", RegexOptions.CultureInvariant);
        private static readonly string Fixtures = FindFixtures();
        private readonly string _scratch = Path.Combine(Path.GetTempPath(), "pydis-cli-tests-" + Guid.NewGuid().ToString("N"));

        public CliTests() => Directory.CreateDirectory(_scratch);

        public void Dispose() => Directory.Delete(_scratch, true);

        private static string FindFixtures()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "fixtures");
                if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
        }

        private static (int Code, string Out, string Err) Run(params string[] args)
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            var error = new StringWriter(CultureInfo.InvariantCulture);
            int code = Program.Run(args, output, error);
            return (code, output.ToString(), error.ToString());
        }

        private static string Pyc(string version, string name) => Path.Combine(Fixtures, version, name + ".pyc");

        private static string Expected(string version, string name, string variant) =>
            Normalise(File.ReadAllText(Path.Combine(Fixtures, version, name + ".dis", variant + ".txt"), Encoding.UTF8));

        // Code object addresses differ run to run; both sides are normalised to 0x0.
        private static string Normalise(string text) => Address.Replace(text, "${1}0x0");

        public static IEnumerable<object[]> DefaultTexts()
        {
            foreach (var v in new[] { "2.7", "3.1", "3.4", "3.5", "3.6", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15" })
                yield return new object[] { v, "core_control" };
            yield return new object[] { "3.0", "core_control_py30" };
        }

        [Theory]
        [MemberData(nameof(DefaultTexts))]
        public void One_file_without_options_prints_what_dis_dis_prints(string version, string name)
        {
            var (code, output, error) = Run(Pyc(version, name));
            Assert.Equal("", error);
            Assert.Equal(0, code);
            Assert.Equal(Expected(version, name, "default"), Normalise(output));
        }

        private static string DegradeCase(string version, string name, string key)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Fixtures, "degrade", version + ".json")));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
                if (c.GetProperty("name").GetString() == name) return c.GetProperty("texts").GetProperty(key).GetString()!;
            throw new KeyNotFoundException(name);
        }

        [Theory]
        [InlineData("2.7", "linetable_cut", "co_lnotab")]
        [InlineData("3.10", "code_shorter", "co_linetable")]
        [InlineData("3.12", "code_shorter", "co_linetable")]
        [InlineData("3.14", "exctable_garbage", "co_exceptiontable")]
        public void An_odd_code_object_prints_what_dis_prints_with_a_warning_naming_it(string version, string name, string context)
        {
            // Replaced co_code or a table that does not fit it: the text dis printed, a warning per problem, exit 0.
            string pyc = Path.Combine(Fixtures, "degrade", version, name + ".pyc");
            var (code, output, error) = Run(pyc);
            Assert.Equal(0, code);
            Assert.Equal(DegradeCase(version, name, "default"), Normalise(output));
            Assert.StartsWith($"pydis: warning: {pyc}: <module>.f: {context} at byte ", error);
        }

        [Fact]
        public void A_code_object_dis_raises_on_prints_on_and_exits_1()
        {
            // LOAD_CONST 40 with one constant: 3.12's dis raises IndexError there; pydis prints what dis printed
            // before it, the row with its bare oparg, and an error line naming the code path.
            string pyc = Path.Combine(Fixtures, "degrade", "3.12", "const_out_of_range.pyc");
            var (code, output, error) = Run(pyc);
            Assert.Equal(1, code);
            string before = DegradeCase("3.12", "const_out_of_range", "default");
            Assert.StartsWith(before, Normalise(output));
            Assert.Contains("LOAD_CONST              40\n", output);
            Assert.Contains($"pydis: {pyc}: <module>.f: co_code at byte 0: LOAD_CONST at offset 0: argument 40 is out of range: co_consts has 1 item(s)", error);
        }

        [Fact]
        public void Bundled_flags_match_the_combined_variant()
        {
            var (code, output, _) = Run("-CO", Pyc("3.13", "core_functions"));
            Assert.Equal(0, code);
            Assert.Equal(Expected("3.13", "core_functions", "CO"), Normalise(output));
        }

        [Fact]
        public void Info_prints_code_info_of_every_code_object()
        {
            var (code, output, _) = Run("--info", Pyc("3.12", "core_control"));
            Assert.Equal(0, code);
            Assert.Equal(Expected("3.12", "core_control", "info"), Normalise(output));
        }

        [Fact]
        public void Depth_and_lasti_match_their_variants()
        {
            Assert.Equal(Expected("3.11", "core_functions", "depth1"), Normalise(Run("--depth", "1", Pyc("3.11", "core_functions")).Out));
            string lastiText = Expected("3.8", "core_functions", "lasti");
            var marked = Regex.Match(lastiText, @"-->\s+(\d+) ");
            Assert.True(marked.Success, "the lasti fixture marks an instruction");
            Assert.Equal(lastiText, Normalise(Run("--lasti", marked.Groups[1].Value, Pyc("3.8", "core_functions")).Out));
        }

        [Fact]
        public void Headerless_marshal_input_needs_and_uses_python_version()
        {
            byte[] pyc = File.ReadAllBytes(Pyc("3.12", "core_control"));
            string bare = Path.Combine(_scratch, "core_control.marshal");
            File.WriteAllBytes(bare, pyc.AsSpan(16).ToArray());
            var (code, output, _) = Run("--python-version", "3.12", bare);
            Assert.Equal(0, code);
            Assert.Equal(Expected("3.12", "core_control", "default"), Normalise(output));
        }

        [Fact]
        public void A_truncated_file_fails_with_its_byte_offset_and_the_others_continue()
        {
            byte[] pyc = File.ReadAllBytes(Pyc("3.12", "core_control"));
            string truncated = Path.Combine(_scratch, "truncated.pyc");
            File.WriteAllBytes(truncated, pyc.AsSpan(0, pyc.Length / 2).ToArray());
            string good = Pyc("3.12", "constants");
            var (code, output, error) = Run(truncated, good);
            Assert.Equal(1, code);
            Assert.Matches(new Regex("^pydis: " + Regex.Escape(truncated) + @": at byte \d+ \(.+\): .+\n$"), error);
            Assert.Contains(Expected("3.12", "constants", "default"), Normalise(output));
        }

        [Fact]
        public void An_option_the_version_lacks_is_rejected_for_that_file()
        {
            var (code, output, error) = Run("--show-offsets", Pyc("3.12", "core_control"), Pyc("3.13", "core_functions"));
            Assert.Equal(1, code);
            Assert.Contains("pydis: " + Pyc("3.12", "core_control") + ": ", error);
            Assert.Contains("show_offsets", error);
            Assert.Contains(Expected("3.13", "core_functions", "O"), Normalise(output));
        }

        [Fact]
        public void Old_releases_have_lasti_and_info_where_their_dis_has_them()
        {
            // 3.3: three-byte instructions, code_info and lasti; 3.1 has no code_info: a per-file error naming it.
            Assert.Equal(Expected("3.3", "core_functions", "info"), Normalise(Run("--info", Pyc("3.3", "core_functions")).Out));
            string lastiText = Expected("3.3", "core_functions", "lasti");
            var marked = Regex.Match(lastiText, @"-->\s+(\d+) ");
            Assert.True(marked.Success, "the lasti fixture marks an instruction");
            Assert.Equal(lastiText, Normalise(Run("--lasti", marked.Groups[1].Value, Pyc("3.3", "core_functions")).Out));

            var (code, output, error) = Run("--info", Pyc("3.1", "core_functions"), Pyc("3.2", "core_functions"));
            Assert.Equal(1, code);
            Assert.Equal("pydis: " + Pyc("3.1", "core_functions") + ": Python 3.1's dis has no code_info (it was added in Python 3.2).\n", error);
            Assert.EndsWith(Expected("3.2", "core_functions", "info"), Normalise(output));
        }

        [Theory]
        [InlineData("--format", "xml")]
        [InlineData("--depth", "-1")]
        [InlineData("--bogus")]
        [InlineData()]
        public void Usage_errors_exit_with_2(params string[] args)
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.StartsWith("pydis: ", error);
        }

        [Fact]
        public void Output_dir_writes_one_file_per_input_at_its_given_path()
        {
            string input = Path.Combine(_scratch, "in");
            Directory.CreateDirectory(Path.Combine(input, "sub"));
            File.Copy(Pyc("3.12", "core_control"), Path.Combine(input, "b.pyc"));
            File.Copy(Pyc("3.13", "constants"), Path.Combine(input, "sub", "a.pyc"));
            string outDir = Path.Combine(_scratch, "out");
            string cwd = Environment.CurrentDirectory;
            try
            {
                Environment.CurrentDirectory = _scratch;
                var (code, output, error) = Run("--output-dir", outDir, "in");
                Assert.Equal(0, code);
                Assert.Equal("", output + error);
            }
            finally { Environment.CurrentDirectory = cwd; }
            Assert.Equal(Expected("3.12", "core_control", "default"), Normalise(File.ReadAllText(Path.Combine(outDir, "in", "b.pyc.dis"))));
            Assert.Equal(Expected("3.13", "constants", "default"), Normalise(File.ReadAllText(Path.Combine(outDir, "in", "sub", "a.pyc.dis"))));
        }

        [Fact]
        public void Output_dir_reports_failures_in_file_order_whichever_thread_took_them()
        {
            // Threads take --output-dir files from both ends of the list; the report is still in file order.
            string input = Path.Combine(_scratch, "many");
            Directory.CreateDirectory(input);
            var expectedErrors = new List<string>();
            for (int i = 0; i < 40; i++)
            {
                string name = Path.Combine(input, $"f{i:D2}.pyc");
                if (i % 7 == 3)
                {
                    File.WriteAllBytes(name, new byte[] { 1, 2, 3 });
                    expectedErrors.Add(name);
                }
                else File.Copy(Pyc("3.12", "core_control"), name);
            }
            string outDir = Path.Combine(_scratch, "out-many");
            var (code, output, error) = Run("--output-dir", outDir, input);
            Assert.Equal(1, code);
            Assert.Equal("", output);
            var reported = new List<string>();
            foreach (var line in error.TrimEnd('\n').Split('\n'))
            {
                Assert.StartsWith("pydis: ", line);
                reported.Add(line.Substring("pydis: ".Length, line.IndexOf(".pyc", StringComparison.Ordinal) + 4 - "pydis: ".Length));
            }
            Assert.Equal(expectedErrors, reported);
            string expected = Expected("3.12", "core_control", "default");
            for (int i = 0; i < 40; i++)
            {
                string written = Path.Combine(outDir, Path.GetRelativePath(Path.GetPathRoot(input)!, input), $"f{i:D2}.pyc.dis");
                if (i % 7 == 3) Assert.False(File.Exists(written), written);
                else Assert.Equal(expected, Normalise(File.ReadAllText(written)));
            }
        }

        [Fact]
        public void Directories_are_walked_in_ordinal_order_with_a_header_per_file()
        {
            var (code, output, _) = Run(Path.Combine(Fixtures, "3.12"));
            Assert.Equal(0, code);
            var headers = Regex.Matches(output, @"^==> (.+) <==$", RegexOptions.Multiline);
            var names = new List<string>();
            foreach (Match m in headers) names.Add(m.Groups[1].Value);
            var sorted = new List<string>(names);
            sorted.Sort(StringComparer.Ordinal);
            Assert.True(names.Count > 1);
            Assert.Equal(sorted, names);
        }

        [Fact]
        public void Json_lines_parse_and_carry_pythons_field_names()
        {
            var (code, output, _) = Run("--format", "json", Pyc("3.13", "core_control"));
            Assert.Equal(0, code);
            string expectedFirst = File.ReadAllText(Path.Combine(Fixtures, "3.13", "core_control.json"));
            using var fixture = JsonDocument.Parse(expectedFirst);
            var firstRow = fixture.RootElement.GetProperty("codes")[0].GetProperty("instructions");
            var fields = new List<string>();
            foreach (var f in firstRow.GetProperty("fields").EnumerateArray()) fields.Add(f.GetString()!);
            var row = firstRow.GetProperty("rows")[0];

            var lines = output.TrimEnd('\n').Split('\n');
            Assert.True(lines.Length > 10);
            using var first = JsonDocument.Parse(lines[0]);
            var obj = first.RootElement;
            Assert.Equal("<module>", obj.GetProperty("code").GetString());
            Assert.Equal(Pyc("3.13", "core_control"), obj.GetProperty("file").GetString());
            Assert.Equal(row[fields.IndexOf("opname")].GetString(), obj.GetProperty("opname").GetString());
            Assert.Equal(row[fields.IndexOf("offset")].GetInt32(), obj.GetProperty("offset").GetInt32());
            Assert.Equal(row[fields.IndexOf("argrepr")].GetString(), obj.GetProperty("argrepr").GetString());
            foreach (var line in lines)
            {
                using var doc = JsonDocument.Parse(line);
                foreach (var name in new[] { "opname", "opcode", "arg", "argval", "argrepr", "offset", "start_offset", "starts_line", "line_number", "is_jump_target", "label", "positions" })
                    Assert.True(doc.RootElement.TryGetProperty(name, out _), name);
            }
        }

        [Theory]
        [InlineData("3.0", "core_control_py30")]
        [InlineData("3.3", "core_functions")]
        [InlineData("3.5", "py35_forms")]
        public void Json_lines_of_old_releases_are_their_instruction_rows(string version, string name)
        {
            // Every code object in walk order; the fields 3.4's Instruction has (3.0-3.3 rows as their dis printed them).
            var (code, output, _) = Run("--format", "json", Pyc(version, name));
            Assert.Equal(0, code);
            using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, version, name + ".json")));
            var lines = output.TrimEnd('\n').Split('\n');
            int n = 0;
            foreach (var co in fixture.RootElement.GetProperty("codes").EnumerateArray())
            {
                var table = co.GetProperty("instructions");
                var fields = new List<string>();
                foreach (var f in table.GetProperty("fields").EnumerateArray()) fields.Add(f.GetString()!);
                foreach (var row in table.GetProperty("rows").EnumerateArray())
                {
                    using var line = JsonDocument.Parse(lines[n++]);
                    var obj = line.RootElement;
                    Assert.Equal(co.GetProperty("path").GetString(), obj.GetProperty("code").GetString());
                    foreach (var field in new[] { "opname", "opcode", "arg", "argval", "argrepr", "offset", "starts_line", "is_jump_target" })
                        Assert.Equal(Normalise(row[fields.IndexOf(field)].GetRawText()), Normalise(obj.GetProperty(field).GetRawText()));
                }
            }
            Assert.Equal(lines.Length, n);
        }

        [Fact]
        public void Roundtrip_lists_nothing_and_exits_0_when_every_file_is_written_back_identically()
        {
            var (code, output, error) = Run("--roundtrip", Path.Combine(Fixtures, "3.12"), Pyc("2.7", "constants"));
            Assert.Equal("", error);
            Assert.Equal(0, code);
            int files = Directory.GetFiles(Path.Combine(Fixtures, "3.12"), "*.pyc", SearchOption.AllDirectories).Length + 1;
            Assert.Equal($"{files} file(s): {files} written back byte-identical, 0 differ\n", output);
        }

        [Fact]
        public void Roundtrip_names_a_file_whose_bytes_differ_and_the_first_differing_offset()
        {
            // Bytes after the marshalled code object (a payload appended to a .pyc): the importer never reads them,
            // and a writer cannot know them, so the written file ends where the code object does.
            var data = File.ReadAllBytes(Pyc("3.12", "constants"));
            var patched = new List<byte>(data);
            patched.AddRange(new byte[] { 1, 2, 3 });
            string path = Path.Combine(_scratch, "appended.pyc");
            File.WriteAllBytes(path, patched.ToArray());
            int at = data.Length;

            var (code, output, error) = Run("--roundtrip", path, Pyc("3.12", "core_control"));
            Assert.Equal("", error);
            Assert.Equal(1, code);
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"{path}: first difference at byte {at} ({patched.Count} bytes read, {data.Length} written; ", lines[0]);
            Assert.Equal("2 file(s): 1 written back byte-identical, 1 differ", lines[1]);
        }

        [Fact]
        public void Roundtrip_reports_unreadable_files_and_refuses_display_options()
        {
            string bad = Path.Combine(_scratch, "bad.pyc");
            File.WriteAllBytes(bad, new byte[] { 0xcb, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0 });
            var (code, output, error) = Run("--roundtrip", bad);
            Assert.Equal(1, code);
            Assert.StartsWith($"pydis: {bad}: at byte ", error);
            Assert.Equal("1 file(s): 0 written back byte-identical, 0 differ, 1 could not be read\n", output);
            Assert.Equal(2, Run("--roundtrip", "-C", bad).Code);
        }

        [Fact]
        public void Check_stack_reports_every_difference_with_its_cause_and_exits_0_when_all_are_named()
        {
            var (code, output, error) = Run("--check-stack", Path.Combine(Fixtures, "3.6"), Path.Combine(Fixtures, "3.12"));
            Assert.Equal("", error);
            Assert.Equal(0, code);
            Assert.Contains("Python 3.6: ", output);
            Assert.Contains("Python 3.12: ", output);
            Assert.Contains("PeepholeConstantFolding", output);   // 3.6 constants.pyc, whose tuples the peephole pass folded
            Assert.Contains("constants.pyc: <module> (line 3): PeepholeConstantFolding: computed 12, co_stacksize 19", output);
            Assert.Contains("every difference has a named cause", output);
        }

        [Fact]
        public void Check_stack_exits_1_for_a_difference_without_a_cause()
        {
            // A 3.12 pyc whose top-level co_stacksize is raised by one: no compiler pass explains that.
            var pyc = File.ReadAllBytes(Pyc("3.12", "imports"));
            var loaded = PyDis.Core.Pyc.PycFile.Load(pyc);
            // 3.12's code object: type byte, then argcount, posonlyargcount, kwonlyargcount, stacksize (int32 each).
            int at = (int)loaded.Code.SourceOffset + 1 + 3 * 4;  // SourceOffset counts from the start of the file
            Assert.Equal(loaded.Code.StackSize, BitConverter.ToInt32(pyc, at));
            BitConverter.GetBytes(loaded.Code.StackSize + 1).CopyTo(pyc, at);
            string file = Path.Combine(_scratch, "raised.pyc");
            File.WriteAllBytes(file, pyc);
            var (code, output, _) = Run("--check-stack", file);
            Assert.Equal(1, code);
            Assert.Contains("raised.pyc: <module> (line 1): Unexplained", output);
            Assert.Contains("some differences have no named cause", output);
        }

        [Fact]
        public void Check_stack_refuses_text_options()
        {
            Assert.Equal(2, Run("--check-stack", "--format", "json", Pyc("3.12", "imports")).Code);
            Assert.Equal(2, Run("--check-stack", "--info", Pyc("3.12", "imports")).Code);
        }

        [Fact]
        public void Stack_puts_the_depth_before_each_instruction_in_front_of_dis_text()
        {
            var (code, output, error) = Run("--stack", Pyc("3.12", "core_control"));
            Assert.Equal("", error);
            Assert.Equal(0, code);
            var plain = Expected("3.12", "core_control", "default").Split('\n');
            var annotated = Normalise(output).Split('\n');
            Assert.Equal(plain.Length, annotated.Length);
            var column = new Regex(@"^\[( *-?[0-9]+| *-| *\?)\] ");
            int instructions = 0;
            for (int i = 0; i < plain.Length; i++)
            {
                var m = column.Match(annotated[i]);
                if (m.Success)
                {
                    instructions++;
                    Assert.Equal(plain[i], annotated[i].Substring(m.Length));  // the rest is exactly dis's line
                }
                else Assert.Equal(plain[i], annotated[i]);                        // headers and blank lines untouched
            }
            Assert.True(instructions > 100);
            Assert.StartsWith("[0]   0           0 RESUME", annotated[0]);
        }

        [Theory]
        [InlineData("dot", "digraph \"<module>\" {")]
        [InlineData("mermaid", "flowchart TD")]
        public void Graph_prints_one_graph_per_code_object(string format, string firstLine)
        {
            var (code, output, error) = Run("--graph", format, Pyc("3.11", "core_control"));
            Assert.Equal("", error);
            Assert.Equal(0, code);
            Assert.StartsWith(firstLine + "\n", output);
            int graphs = Regex.Matches(output, format == "dot" ? "^digraph " : "^flowchart TD$", RegexOptions.Multiline).Count;
            using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "3.11", "core_control.json"))))
                Assert.Equal(json.RootElement.GetProperty("codes").GetArrayLength(), graphs);  // every code object
            var (_, top, _) = Run("--graph", format, "--depth", "0", Pyc("3.11", "core_control"));
            Assert.Single(Regex.Matches(top, format == "dot" ? "^digraph " : "^flowchart TD$", RegexOptions.Multiline));
        }

        [Fact]
        public void Graph_and_stack_refuse_what_they_cannot_combine_with()
        {
            Assert.Equal(2, Run("--graph", "svg", Pyc("3.12", "imports")).Code);
            Assert.Equal(2, Run("--graph", "dot", "--stack", Pyc("3.12", "imports")).Code);
            Assert.Equal(2, Run("--graph", "dot", "--format", "json", Pyc("3.12", "imports")).Code);
            Assert.Equal(2, Run("--stack", "--info", Pyc("3.12", "imports")).Code);
        }

        [Fact]
        public void Help_and_version_exit_0()
        {
            Assert.Contains("usage: pydis", Run("--help").Out);
            Assert.StartsWith("pydis ", Run("--version").Out);
        }
    }
}
