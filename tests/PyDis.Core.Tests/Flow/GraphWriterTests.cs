using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using PyDis.Core.Flow;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Flow
{
    /// <summary>
    /// DOT and Mermaid output: well formed for every code object of every fixture (a small parser of each
    /// language checks it), and equal to the golden files for a few functions per version. The goldens are the
    /// engine's own output over the interpreter-produced fixtures; to regenerate them after a deliberate change,
    /// run these tests with PYDIS_UPDATE_GRAPHS=1, then review the diff (and render a few, docs/stack-depth.md).
    /// </summary>
    public class GraphWriterTests
    {
        public const string UpdateVariable = "PYDIS_UPDATE_GRAPHS";

        /// <summary>The golden graphs: (version, fixture, function) whose DOT and Mermaid text is kept.</summary>
        public static readonly (string Version, string Fixture, string Function)[] Golden =
            new[] { "2.7", "3.6", "3.8", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15" }
                .SelectMany(v => new[] { (v, "core_control", "loops"), (v, "core_control", "tries") }).ToArray();

        private static string GoldenFolder => Path.Combine(FixtureCatalog.RepoRoot, "tests", "PyDis.Core.Tests", "Flow", "Graphs");

        private static string GoldenPath(string version, string fixture, string function, GraphFormat format) =>
            Path.Combine(GoldenFolder, version, $"{fixture}.{function}.{(format == GraphFormat.Dot ? "dot" : "mmd")}");

        public static IEnumerable<object[]> GoldenCases() =>
            Golden.SelectMany(g => new[] { GraphFormat.Dot, GraphFormat.Mermaid }.Select(f => new object[] { g.Version, g.Fixture, g.Function, f }));

        private static CodeObject Function(string version, string fixture, string function) =>
            PycFile.Load(FixtureCatalog.Get(PyVersion.Parse(version), fixture).ReadPyc()).Code.Walk().Single(c => c.Name == function);

        private static string Render(CodeObject code, GraphFormat format) =>
            PyDis.Core.Query.FlowGraphText(code, code.Parent is null ? code.Name : "<module>." + code.Name, format);

        [Theory]
        [MemberData(nameof(GoldenCases))]
        public void GraphEqualsItsGoldenFile(string version, string fixture, string function, GraphFormat format)
        {
            string text = Render(Function(version, fixture, function), format);
            string path = GoldenPath(version, fixture, function, format);
            if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            Assert.True(File.Exists(path), $"no golden file {path}: run with {UpdateVariable}=1 and review what it writes");
            Assert.Equal(File.ReadAllText(path, Encoding.UTF8), text);
        }

        [Fact]
        public void EveryGoldenFileIsOneOfTheGoldenCases()
        {
            var expected = GoldenCases().Select(c => GoldenPath((string)c[0], (string)c[1], (string)c[2], (GraphFormat)c[3]))
                .Select(Path.GetFullPath).OrderBy(p => p, StringComparer.Ordinal).ToArray();
            var present = Directory.GetFiles(GoldenFolder, "*", SearchOption.AllDirectories)
                .Select(Path.GetFullPath).OrderBy(p => p, StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, present);
        }

        public static IEnumerable<object[]> Fixtures() => FixtureCatalog.TheoryData();

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void EveryGraphOfEveryFixtureIsWellFormed(string version, string name)
        {
            foreach (var code in PycFile.Load(FixtureCatalog.Get(PyVersion.Parse(version), name).ReadPyc()).Code.Walk())
            {
                var g = ControlFlowGraph.Build(code);
                int edges = g.Blocks.Sum(b => b.Successors.Count);
                var dot = DotChecker.Check(Render(code, GraphFormat.Dot));
                Assert.Equal(g.Blocks.Count, dot.Nodes);
                Assert.Equal(edges, dot.Edges);
                var mermaid = MermaidChecker.Check(Render(code, GraphFormat.Mermaid));
                Assert.Equal(g.Blocks.Count, mermaid.Nodes);
                Assert.Equal(edges, mermaid.Edges);
            }
        }

        [Fact]
        public void TheCheckersRejectBrokenText()
        {
            Assert.ThrowsAny<Exception>(() => DotChecker.Check("digraph \"x\" {\n  b0 [label=\"a\"];\n  b0 -> b1;\n}\n"));     // undefined node
            Assert.ThrowsAny<Exception>(() => DotChecker.Check("digraph \"x\" {\n  b0 [label=\"a\\q\"];\n}\n"));              // bad escape
            Assert.ThrowsAny<Exception>(() => DotChecker.Check("digraph \"x\" {\n  b0 [label=\"a];\n}\n"));                   // open string
            Assert.ThrowsAny<Exception>(() => MermaidChecker.Check("flowchart TD\n    b0[\"a\"b\"]\n"));                       // raw quote
            Assert.ThrowsAny<Exception>(() => MermaidChecker.Check("flowchart TD\n    b0[\"<x>\"]\n"));                        // raw markup
            Assert.ThrowsAny<Exception>(() => MermaidChecker.Check("flowchart TD\n    b0[\"a\"]\n    b0 --> b1\n"));           // undefined node
        }

        [Fact]
        public void LabelsKeepQuotesBackslashesAndMarkupAsText()
        {
            // 3.12 constants: strings with quotes, backslashes, non-ASCII and <code object ...> reprs.
            var code = PycFile.Load(FixtureCatalog.Get(new PyVersion(3, 12), "constants").ReadPyc()).Code;
            var dot = Render(code, GraphFormat.Dot);
            var mermaid = Render(code, GraphFormat.Mermaid);
            DotChecker.Check(dot);
            MermaidChecker.Check(mermaid);
            Assert.Contains("\\\\", dot);          // a backslash of a repr, escaped
            Assert.Contains("#lt;", mermaid);       // '<' as an entity
            Assert.DoesNotContain("<code", mermaid);
        }

        // ---- a small DOT parser for the subset GraphWriter writes ------------------------------------------

        internal static class DotChecker
        {
            private static readonly Regex Token = new Regex(
                "\\G(?:(?<ws>\\s+)|(?<str>\"(?:[^\"\\\\\\n]|\\\\[\\\\\"lnr])*\")|(?<id>[A-Za-z_][A-Za-z0-9_]*)|(?<num>-?[0-9]+)|(?<arrow>->)|(?<sym>[{}\\[\\];,=]))",
                RegexOptions.CultureInvariant);

            public static (int Nodes, int Edges) Check(string text)
            {
                var tokens = new List<string>();
                int pos = 0;
                while (pos < text.Length)
                {
                    var m = Token.Match(text, pos);
                    if (!m.Success || m.Length == 0) throw new FormatException($"DOT: cannot read at {pos}: {text.Substring(pos, Math.Min(20, text.Length - pos))}");
                    if (!m.Groups["ws"].Success) tokens.Add(m.Value);
                    pos += m.Length;
                }
                int i = 0;
                string Next() => i < tokens.Count ? tokens[i++] : throw new FormatException("DOT: unexpected end");
                void Expect(string t) { var n = Next(); if (n != t) throw new FormatException($"DOT: expected {t}, found {n}"); }
                bool IsId(string t) => char.IsLetter(t[0]) || t[0] == '_';
                void Attributes()
                {
                    Expect("[");
                    while (true)
                    {
                        var key = Next();
                        if (!IsId(key)) throw new FormatException("DOT: attribute name " + key);
                        Expect("=");
                        var value = Next();
                        if (!(IsId(value) || value[0] == '"' || char.IsDigit(value[0]))) throw new FormatException("DOT: attribute value " + value);
                        var sep = Next();
                        if (sep == "]") return;
                        if (sep != ",") throw new FormatException("DOT: expected , or ], found " + sep);
                    }
                }

                Expect("digraph");
                if (Next()[0] != '"') throw new FormatException("DOT: the graph has no quoted name");
                Expect("{");
                var nodes = new HashSet<string>();
                int edges = 0;
                while (true)
                {
                    var t = Next();
                    if (t == "}") break;
                    if (t == "node" || t == "edge") { Attributes(); Expect(";"); continue; }
                    if (!IsId(t)) throw new FormatException("DOT: statement starts with " + t);
                    var after = tokens[i];
                    if (after == "->")
                    {
                        i++;
                        var to = Next();
                        if (!nodes.Contains(t) || !nodes.Contains(to)) throw new FormatException($"DOT: edge {t} -> {to} names an undefined node");
                        if (tokens[i] == "[") Attributes();
                        Expect(";");
                        edges++;
                    }
                    else
                    {
                        if (!nodes.Add(t)) throw new FormatException("DOT: node defined twice: " + t);
                        Attributes();
                        Expect(";");
                    }
                }
                if (i != tokens.Count) throw new FormatException("DOT: text after the graph");
                return (nodes.Count, edges);
            }
        }

        // ---- a small Mermaid flowchart checker for the subset GraphWriter writes ----------------------------

        internal static class MermaidChecker
        {
            private static readonly Regex Node = new Regex("^    (b[0-9]+)\\[\"([^\"]*)\"\\]$", RegexOptions.CultureInvariant);
            private static readonly Regex Edge = new Regex("^    (b[0-9]+) (-->|==>\\|jump\\||-\\.->\\|\"[^\"<>|]*\"\\|) (b[0-9]+)$", RegexOptions.CultureInvariant);
            private static readonly Regex Style = new Regex("^    style (b[0-9]+) [a-z-]+: [0-9 ]+$", RegexOptions.CultureInvariant);
            private static readonly Regex Entity = new Regex("#(?:[0-9]+|[a-z]+);", RegexOptions.CultureInvariant);

            public static (int Nodes, int Edges) Check(string text)
            {
                var lines = text.Split('\n');
                if (lines[0] != "flowchart TD") throw new FormatException("Mermaid: the text does not start with 'flowchart TD'");
                if (lines[lines.Length - 1] != "") throw new FormatException("Mermaid: no final line end");
                var nodes = new HashSet<string>();
                int edges = 0;
                foreach (var line in lines.Skip(1).Take(lines.Length - 2))
                {
                    if (line.StartsWith("    %% ", StringComparison.Ordinal)) continue;
                    var m = Node.Match(line);
                    if (m.Success)
                    {
                        // Markup and entities: '<br/>' is the only tag; every '#' starts an entity.
                        var label = m.Groups[2].Value.Replace("<br/>", "\n");
                        if (label.IndexOfAny(new[] { '<', '>', '"', '`' }) >= 0) throw new FormatException("Mermaid: raw markup in " + line);
                        if (Entity.Replace(label, "").Contains('#')) throw new FormatException("Mermaid: a # that starts no entity in " + line);
                        if (!nodes.Add(m.Groups[1].Value)) throw new FormatException("Mermaid: node defined twice: " + line);
                        continue;
                    }
                    m = Edge.Match(line);
                    if (m.Success)
                    {
                        if (!nodes.Contains(m.Groups[1].Value) || !nodes.Contains(m.Groups[3].Value))
                            throw new FormatException("Mermaid: edge names an undefined node: " + line);
                        edges++;
                        continue;
                    }
                    m = Style.Match(line);
                    if (m.Success && nodes.Contains(m.Groups[1].Value)) continue;
                    throw new FormatException("Mermaid: unexpected line: " + line);
                }
                return (nodes.Count, edges);
            }
        }
    }
}
