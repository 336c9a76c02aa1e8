using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Core.Decoding;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>
    /// dis.dis marks more jump targets than get_instructions: the exception table's handler targets (3.11-3.12
    /// "&gt;&gt;") and its start/end/target offsets (3.13+ labels, which renumber every "to Lx"). Checked against the
    /// default text each interpreter printed (fixtures &lt;name&gt;.dis/default.txt), code object by code object.
    /// </summary>
    public class DisassemblyLabelTests
    {
        private static readonly Regex Line312 = new Regex(@"^[ \d]{3,} (?:   |-->) (>>|  ) +(\d+) (\S+)");
        private static readonly Regex Line313 = new Regex(@"^[ \d-]{3,} +(?:L(\d+):)? +(?:\d+  +)?(?:--> +)?([A-Z_]+[A-Z_0-9]*|<\d+>)(?:.*\(((?:to|from) L\d+)\)|.*)$");

        private readonly ITestOutputHelper _out;

        public DisassemblyLabelTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Versions()
        {
            foreach (var v in new[] { "3.11", "3.12", "3.13", "3.14", "3.15" }) yield return new object[] { v };
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void DisassemblyModeMatchesDisText(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            var dir = Path.Combine(FixtureCode.FixturesRoot, versionText);
            var problems = new List<string>();
            int checkedLines = 0, codes = 0;
            foreach (var json in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var text = Path.Combine(Path.ChangeExtension(json, ".dis"), "default.txt");
                if (!File.Exists(text)) continue;
                var sections = Sections(File.ReadAllLines(text));
                using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
                var entries = doc.RootElement.GetProperty("codes").EnumerateArray().ToList();
                if (sections.Count != entries.Count) { problems.Add($"{json}: {sections.Count} sections for {entries.Count} codes"); continue; }
                for (int c = 0; c < entries.Count; c++)
                {
                    var code = FixtureCode.Code(version, entries[c].GetProperty("co"));
                    if (code is null) continue;
                    codes++;
                    var decoded = CodeDecoder.Decode(code, FixtureCode.Facts(entries[c]), DecodeOptions.Disassembly).ToList();
                    var lines = sections[c];
                    if (lines.Count != decoded.Count) { problems.Add($"{Path.GetFileName(json)} code {c}: {lines.Count} lines, {decoded.Count} instructions"); continue; }
                    for (int k = 0; k < lines.Count; k++)
                    {
                        checkedLines++;
                        var ins = decoded[k];
                        if (version < new PyVersion(3, 13))
                        {
                            var m = Line312.Match(lines[k]);
                            bool marked = m.Groups[1].Value == ">>";
                            if (int.Parse(m.Groups[2].Value) != ins.Offset || marked != ins.IsJumpTarget)
                                problems.Add($"{Path.GetFileName(json)} code {c}: '{lines[k]}' vs offset {ins.Offset} target {ins.IsJumpTarget}");
                        }
                        else
                        {
                            var m = Line313.Match(lines[k]);
                            int? label = m.Groups[1].Success ? int.Parse(m.Groups[1].Value) : (int?)null;
                            string jump = m.Groups[3].Success ? m.Groups[3].Value : "";
                            string ours = CodeDecoder.IsJump(PyDis.Core.Releases.Release.Of(version).Opcodes[ins.OpCode].ArgKind) ? ins.ArgRepr : "";
                            if (m.Groups[2].Value != ins.OpName || label != ins.Label || jump != ours)
                                problems.Add($"{Path.GetFileName(json)} code {c}: '{lines[k]}' vs {ins.OpName} label {ins.Label} '{ours}'");
                        }
                    }
                }
            }
            _out.WriteLine($"{versionText}: {codes} code objects, {checkedLines} dis lines checked");
            foreach (var p in problems.Take(50)) _out.WriteLine(p);
            Assert.True(checkedLines > 0, "no dis text checked for " + versionText);
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        }

        /// <summary>Instruction lines of each code object's disassembly, in dis's recursion order.</summary>
        private static List<List<string>> Sections(string[] lines)
        {
            var sections = new List<List<string>> { new List<string>() };
            bool inTable = false;
            foreach (var line in lines)
            {
                if (line.StartsWith("Disassembly of ", StringComparison.Ordinal)) { sections.Add(new List<string>()); inTable = false; continue; }
                if (line == "ExceptionTable:") { inTable = true; continue; }
                if (line.Length == 0) { continue; }
                if (inTable) continue;
                sections[sections.Count - 1].Add(line);
            }
            return sections;
        }
    }
}
