using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PyDis.HelpCompiler;

namespace PyDis.Tests.Module
{
    /// <summary>
    /// tools/PyDis.HelpCompiler, which turns docs/en-US into the MAML and about topics the build lays out:
    /// the real pages compile against the real PyDis.dll into complete help, and a wrong page or a cmdlet
    /// without a page stops it with the file and line.
    /// </summary>
    public class HelpCompilerTests
    {
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly string Docs = Repo.File("docs", "en-US");
        private static readonly Lazy<HelpCompilation> Compiled = new Lazy<HelpCompilation>(CompileDocs);

        public static IEnumerable<object[]> CmdletTypes() => Repo.Cmdlets().Select(c => new object[] { c.Type.Name });

        private static HelpCompilation CompileDocs()
        {
            var diagnostics = new Diagnostics();
            var help = HelpCompilation.Compile(Docs, Repo.ModuleAssembly.Location, diagnostics);
            Assert.True(help != null, diagnostics.ToString());
            return help!;
        }

        private static XElement CommandMaml(string name)
        {
            var commands = Compiled.Value.Maml().Root!.Elements(Command + "command")
                .Where(c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name).ToList();
            Assert.True(commands.Count == 1, $"{commands.Count} MAML command(s) named {name}");
            return commands[0];
        }

        private static string Text(XElement? e) => e == null ? "" : string.Join("\n", e.Elements(Maml + "para").Select(p => p.Value)).Trim();

        [Fact]
        public void MetadataReaderFindsWhatReflectionFinds()
        {
            var read = ModuleCmdlets.Read(Repo.ModuleAssembly.Location);
            var reflected = Repo.Cmdlets();
            Assert.Equal(reflected.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), read.Select(c => c.Name));
            foreach (var c in reflected)
                Assert.Equal(Repo.HelpParameterNames(c), read.Single(r => r.Name == c.Name).Parameters);
        }

        /// <summary>Independent of the compiler: the [Cmdlet] classes and the page files name the same cmdlets.</summary>
        [Fact]
        public void EveryCmdletHasAPageAndEveryPageIsACmdlet()
        {
            var pages = Directory.GetFiles(Docs, "*.md").Where(f => !f.EndsWith(".help.md", StringComparison.Ordinal))
                .Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(Repo.Cmdlets().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), pages);
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void MamlHasSynopsisDescriptionTwoExamplesAndRelatedLinks(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var maml = CommandMaml(c.Name);
            Assert.Equal(c.Verb, maml.Element(Command + "details")!.Element(Command + "verb")!.Value);
            Assert.Equal(c.Noun, maml.Element(Command + "details")!.Element(Command + "noun")!.Value);
            Assert.NotEmpty(Text(maml.Element(Command + "details")!.Element(Maml + "description")));
            Assert.NotEmpty(Text(maml.Element(Maml + "description")));
            var examples = maml.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.True(examples.Count >= 2, $"{c.Name}: {examples.Count} example(s)");
            Assert.All(examples, e => Assert.Contains(c.Name, e.Element(Dev + "code")!.Value));
            var links = maml.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").Select(l => l.Element(Maml + "linkText")!.Value).ToList();
            Assert.NotEmpty(links);
            var known = Repo.Cmdlets().Select(x => x.Name).Concat(Compiled.Value.Abouts.Select(a => a.Name)).ToList();
            Assert.All(links, l => Assert.Contains(l, known));
        }

        /// <summary>Every public parameter has its own text, in the parameter list and in every syntax item.</summary>
        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void MamlDescribesEveryPublicParameter(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var maml = CommandMaml(c.Name);
            var listed = maml.Element(Command + "parameters")!.Elements(Command + "parameter")
                .ToDictionary(p => p.Element(Maml + "name")!.Value, p => Text(p.Element(Maml + "description")));
            foreach (var p in Repo.Parameters(c.Type))
            {
                Assert.True(listed.ContainsKey(p.Name), $"{c.Name} -{p.Name} is not in the MAML");
                Assert.False(string.IsNullOrWhiteSpace(listed[p.Name]), $"{c.Name} -{p.Name} has no description");
            }
            Assert.Equal(Repo.HelpParameterNames(c).Count, listed.Count);
            foreach (var item in maml.Element(Command + "syntax")!.Elements(Command + "syntaxItem"))
                foreach (var p in item.Elements(Command + "parameter"))
                    Assert.Equal(listed[p.Element(Maml + "name")!.Value], Text(p.Element(Maml + "description")));
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void MamlHasOneSyntaxItemPerParameterSet(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var sets = Repo.Parameters(c.Type).SelectMany(Repo.ParameterAttributes).Select(a => a.ParameterSetName)
                .Where(s => s != "__AllParameterSets").Distinct().ToList();
            var items = CommandMaml(c.Name).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            Assert.Equal(Math.Max(1, sets.Count), items.Count);
            // A set's syntax names exactly the parameters declared in it (or in every set).
            var page = Compiled.Value.Pages.Single(p => p.Name == c.Name);
            foreach (var (set, item) in page.Syntax.Zip(items))
            {
                var expected = Repo.Parameters(c.Type)
                    .Where(p => Repo.ParameterAttributes(p).Any(a => a.ParameterSetName == "__AllParameterSets" || a.ParameterSetName == set.Name))
                    .Select(p => p.Name)
                    .Concat(c.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>())
                    .OrderBy(n => n, StringComparer.Ordinal);
                Assert.Equal(expected, item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal));
            }
        }

        [Fact]
        public void AboutTopicHasItsShortDescriptionOnTheFifthLineAndWrapsAtEightyColumns()
        {
            Assert.NotEmpty(Compiled.Value.Abouts);
            foreach (var about in Compiled.Value.Abouts)
            {
                var lines = about.Text.Split('\n');
                Assert.Equal(new[] { "TOPIC", "    " + about.Name, "", "SHORT DESCRIPTION" }, lines.Take(4));
                // Get-Help lists an about topic with its fifth line as the synopsis.
                Assert.Equal("    " + about.ShortDescription, lines[4]);
                Assert.Contains("LONG DESCRIPTION", lines);
                var code = Regex.Matches(Repo.Text("docs", "en-US", about.Name + ".help.md"), "```\\w*\n(.*?)```", RegexOptions.Singleline)
                    .SelectMany(m => m.Groups[1].Value.Split('\n')).Select(l => l.TrimEnd()).ToHashSet();
                Assert.All(lines.Where(l => l.Length > AboutPage.Width), l => Assert.Contains(l.Trim(), code.Select(x => x.Trim())));
            }
        }

        [Fact]
        public void WritesTheMamlFileAndAboutTopicsAndRemovesStaleTopics()
        {
            var folder = Path.Combine(Path.GetTempPath(), "pydis-help-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "about_Removed.help.txt"), "old");
                Compiled.Value.WriteTo(folder);
                var written = Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
                Assert.Equal(new[] { "PyDis.dll-Help.xml" }.Concat(Compiled.Value.Abouts.Select(a => a.Name + ".help.txt")).OrderBy(n => n, StringComparer.Ordinal), written);
                var bytes = File.ReadAllBytes(Path.Combine(folder, "PyDis.dll-Help.xml"));
                Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
                Assert.Equal("helpItems", XDocument.Load(Path.Combine(folder, "PyDis.dll-Help.xml")).Root!.Name.LocalName);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // ---- malformed pages and a module that does not match its pages ----

        /// <summary>Compiles a copy of docs/en-US with one page changed; returns the problems found.</summary>
        private static (IReadOnlyList<Diagnostic> Problems, HelpCompilation? Help) CompileChanged(
            string file, Func<string, string> change, IReadOnlyList<CmdletDeclaration>? cmdlets = null)
        {
            var root = Path.Combine(Path.GetTempPath(), "pydis-help-" + Guid.NewGuid().ToString("N"));
            var copy = Path.Combine(root, "en-US");
            try
            {
                Directory.CreateDirectory(copy);
                foreach (var f in Directory.GetFiles(Docs)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
                var page = Path.Combine(copy, file);
                string before = File.ReadAllText(page).Replace("\r\n", "\n");
                string after = change(before);
                Assert.NotEqual(before, after);
                File.WriteAllText(page, after);
                var diagnostics = new Diagnostics();
                var help = HelpCompilation.Compile(copy, "PyDis", "PyDis.dll-Help.xml", cmdlets ?? ModuleCmdlets.Read(Repo.ModuleAssembly.Location), diagnostics);
                Assert.Equal(help == null, diagnostics.HasErrors);
                return (diagnostics.Items, help);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        private static Func<string, string> Replace(string from, string to) => s => s.Replace(from, to);

        /// <summary>A way to break Get-PyOpcode.md, and what the compiler must say about it.</summary>
        private static readonly Dictionary<string, (Func<string, string> Change, string Message)> Breakages = new()
        {
            ["a missing section"] = (Replace("## NOTES\n", ""), "second-level headings must be exactly"),
            ["the wrong MAML file"] = (Replace("external help file: PyDis.dll-Help.xml", "external help file: Other.dll-Help.xml"), "expected 'PyDis.dll-Help.xml'"),
            ["a title that is not the file name"] = (Replace("# Get-PyOpcode\n", "# Get-PyOpcodes\n"), "differs from the file name"),
            ["a parameter without description"] = (s => Regex.Replace(s, "(### -Name\n)Keeps only opcodes [^\n]*\n", "$1"), "-Name has no description"),
            ["a parameter without yaml"] = (s => Regex.Replace(s, "(### -Name\n.*?\n)```yaml\n.*?```\n", "$1", RegexOptions.Singleline), "-Name has no ```yaml block"),
            ["a yaml value that is not True or False"] = (Replace("Required: True", "Required: Yes"), "expected True or False"),
            ["an unknown yaml key"] = (Replace("Accept wildcard characters: True", "Accept wildcards: True"), "unknown yaml line"),
            ["an example that does not start with code"] = (Replace("### Example 1: The opcodes of Python 3.12\n", "### Example 1: The opcodes of Python 3.12\nFirst some words.\n\n"), "does not start with a ```powershell code block"),
            ["a fence that is never closed"] = (s => s + "\n```powershell\nGet-PyOpcode 3.12\n", "never closed"),
            ["syntax naming an undocumented parameter"] = (Replace("[<CommonParameters>]", "[-Bogus] [<CommonParameters>]"), "names -Bogus, which ## PARAMETERS does not document"),
            ["a parameter in a set the syntax lacks"] = (Replace("Parameter Sets: (All)", "Parameter Sets: Elsewhere"), "names parameter set 'Elsewhere'"),
            ["a link to a page that does not exist"] = (Replace("(Get-PyInstruction.md)", "(Get-PyNothing.md)"), "neither an http(s) address nor a page"),
            ["no CommonParameters section"] = (s => Regex.Replace(s, "### CommonParameters\n.*?\n\n", "", RegexOptions.Singleline), "no '### CommonParameters'"),
        };

        public static IEnumerable<object[]> BrokenPages() => Breakages.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(BrokenPages))]
        public void AMalformedPageStopsTheCompilerWithFileAndLine(string what)
        {
            var (change, message) = Breakages[what];
            var problems = CompileChanged("Get-PyOpcode.md", change).Problems;
            Assert.True(problems.Any(p => p.Message.Contains(message, StringComparison.Ordinal)), what + ": " + string.Join("\n", problems));
            Assert.All(problems, p => Assert.Equal("Get-PyOpcode.md", Path.GetFileName(p.File)));
            Assert.All(problems, p => Assert.True(p.Line > 0, p.ToString()));
            Assert.Matches(@"Get-PyOpcode\.md\(\d+\): error PYDISHELP: ", problems[0].ToString());
        }

        [Fact]
        public void AnAboutTopicWithoutShortDescriptionStopsTheCompiler()
        {
            var problems = CompileChanged("about_PyDis.help.md", s => Regex.Replace(s, "# SHORT DESCRIPTION\n.*?\n\n", "", RegexOptions.Singleline)).Problems;
            Assert.Contains(problems, p => p.Message.Contains("SHORT DESCRIPTION", StringComparison.Ordinal));
        }

        private static List<CmdletDeclaration> ModuleWith(Func<CmdletDeclaration, CmdletDeclaration?> change, params CmdletDeclaration[] extra) =>
            ModuleCmdlets.Read(Repo.ModuleAssembly.Location).Select(change).Where(c => c != null).Select(c => c!).Concat(extra).ToList();

        private static IReadOnlyList<Diagnostic> CompileAgainst(List<CmdletDeclaration> cmdlets)
        {
            var diagnostics = new Diagnostics();
            Assert.Null(HelpCompilation.Compile(Docs, "PyDis", "PyDis.dll-Help.xml", cmdlets, diagnostics));
            return diagnostics.Items;
        }

        [Fact]
        public void ANewCmdletWithoutAPageStopsTheCompiler()
        {
            var problems = CompileAgainst(ModuleWith(c => c, new CmdletDeclaration("GetPyThingCommand", "Get-PyThing", null, new[] { "Path" })));
            var p = Assert.Single(problems);
            Assert.Equal("Get-PyThing.md", Path.GetFileName(p.File));
            Assert.Contains("has no help page", p.Message);
        }

        [Fact]
        public void APageWithoutACmdletStopsTheCompiler()
        {
            var problems = CompileAgainst(ModuleWith(c => c.Name == "Get-PyOpcode" ? null : c));
            Assert.Contains("the module has no cmdlet Get-PyOpcode", Assert.Single(problems).Message);
        }

        [Fact]
        public void AnUndocumentedOrRemovedParameterStopsTheCompiler()
        {
            var problems = CompileAgainst(ModuleWith(c => c.Name != "Get-PyOpcode" ? c
                : c with { Parameters = c.Parameters.Where(p => p != "Name").Append("Extra").ToList() }));
            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.Message.Contains("-Extra of Get-PyOpcode is not documented", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Message.Contains("Get-PyOpcode has no parameter -Name", StringComparison.Ordinal));
        }

        [Fact]
        public void HelpUriAndOnlineVersionMustAgreeAndBecomeTheFirstLink()
        {
            const string uri = "https://example.invalid/Get-PyOpcode";
            var problems = CompileAgainst(ModuleWith(c => c.Name == "Get-PyOpcode" ? c with { HelpUri = uri } : c));
            Assert.Contains("differs from the cmdlet's HelpUri", Assert.Single(problems).Message);

            var module = ModuleWith(c => c.Name == "Get-PyOpcode" ? c with { HelpUri = uri } : c);
            var (none, help) = CompileChanged("Get-PyOpcode.md", Replace("online version:\n", "online version: " + uri + "\n"), module);
            Assert.Empty(none);
            var first = help!.Maml().Descendants(Command + "command").Single(c => c.Descendants(Command + "name").First().Value == "Get-PyOpcode")
                .Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").First();
            Assert.Equal("Online Version:", first.Element(Maml + "linkText")!.Value);
            Assert.Equal(uri, first.Element(Maml + "uri")!.Value);
        }
    }
}
