using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PyDis.Tests.Module
{
    /// <summary>
    /// The PlatyPS (v1, schema 2.0.0) markdown in docs/en-US documents every cmdlet and every parameter, with
    /// yaml facts that agree with the cmdlet's attributes, so the MAML tools/PyDis.HelpCompiler makes from it at
    /// build time is complete and right (HelpCompilerTests checks that MAML).
    /// </summary>
    public class HelpTests
    {
        private static readonly string[] RequiredH2 =
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        public static IEnumerable<object[]> CmdletTypes() => Repo.Cmdlets().Select(c => new object[] { c.Type.Name });

        private static string Page(Repo.CmdletInfo c) => Repo.Text("docs", "en-US", c.Name + ".md").Replace("\r\n", "\n");

        /// <summary>The text of each "### -Name" section under PARAMETERS, by parameter name.</summary>
        private static Dictionary<string, string> ParameterSections(string page)
        {
            var parameters = Section(page, "PARAMETERS");
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(parameters, @"^### -(\w+)\n(.*?)(?=^### |\z)", RegexOptions.Multiline | RegexOptions.Singleline))
                result.Add(m.Groups[1].Value, m.Groups[2].Value);
            return result;
        }

        private static string Section(string page, string h2)
        {
            var m = Regex.Match(page, "^## " + h2 + @"\n(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(m.Success, "no ## " + h2);
            return m.Groups[1].Value;
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void PageHasFrontMatterTitleAndTheRequiredHeadingsInOrder(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var page = Page(c);
            var front = Regex.Match(page, @"\A---\n(.*?)\n---\n", RegexOptions.Singleline);
            Assert.True(front.Success, "front matter");
            Assert.Contains("external help file: PyDis.dll-Help.xml", front.Groups[1].Value);
            Assert.Contains("Module Name: PyDis", front.Groups[1].Value);
            Assert.Contains("schema: 2.0.0", front.Groups[1].Value);
            Assert.Matches(new Regex("^# " + Regex.Escape(c.Name) + "$", RegexOptions.Multiline), page);

            var h2 = Regex.Matches(page, @"^## (.+)$", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.Equal(RequiredH2, h2);
            Assert.False(string.IsNullOrWhiteSpace(Section(page, "SYNOPSIS")));
            Assert.False(string.IsNullOrWhiteSpace(Section(page, "DESCRIPTION")));
            Assert.Contains("### CommonParameters", Section(page, "PARAMETERS"));
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void PageHasAtLeastTwoExamplesEachWithCodeThatCallsTheCmdlet(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var examples = Regex.Split(Section(Page(c), "EXAMPLES"), @"^### ", RegexOptions.Multiline).Skip(1).ToList();
            Assert.True(examples.Count >= 2, $"{c.Name} has {examples.Count} example(s)");
            foreach (var e in examples)
            {
                var code = Regex.Match(e, "```powershell\n(.*?)```", RegexOptions.Singleline);
                Assert.True(code.Success, "example without a powershell code block: " + e.Split('\n')[0]);
                Assert.Contains(c.Name, code.Groups[1].Value);
            }
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void EveryParameterIsDocumentedAndNothingElse(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var documented = ParameterSections(Page(c)).Keys.OrderBy(n => n, StringComparer.Ordinal);
            var real = Repo.HelpParameterNames(c);
            Assert.Equal(real, documented);
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void ParameterYamlAgreesWithTheAttributes(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var sections = ParameterSections(Page(c));
            foreach (var p in Repo.Parameters(c.Type))
            {
                var text = sections[p.Name];
                var description = text.Split(new[] { "```yaml" }, StringSplitOptions.None)[0];
                Assert.False(string.IsNullOrWhiteSpace(description), $"-{p.Name} has no description");

                var blocks = Regex.Matches(text, "```yaml\n(.*?)```", RegexOptions.Singleline).Cast<Match>()
                    .Select(m => Yaml(m.Groups[1].Value)).ToList();
                Assert.NotEmpty(blocks);
                var attrs = Repo.ParameterAttributes(p);
                foreach (var a in attrs)
                {
                    var set = a.ParameterSetName == "__AllParameterSets" ? "(All)" : a.ParameterSetName;
                    var block = blocks.SingleOrDefault(b => b["Parameter Sets"].Split(new[] { ", " }, StringSplitOptions.None).Contains(set));
                    Assert.True(block != null, $"-{p.Name}: no yaml block for set {set}");
                    Assert.Equal(a.Mandatory ? "True" : "False", block!["Required"]);
                    Assert.Equal(a.Position < 0 ? "Named" : a.Position.ToString(), block["Position"]);
                    var pipe = new List<string>();
                    if (a.ValueFromPipelineByPropertyName) pipe.Add("ByPropertyName");
                    if (a.ValueFromPipeline) pipe.Add("ByValue");
                    Assert.Equal(pipe.Count == 0 ? "False" : "True (" + string.Join(", ", pipe) + ")", block["Accept pipeline input"]);
                    Assert.Equal(Attr.One<SupportsWildcardsAttribute>(p) != null ? "True" : "False", block["Accept wildcard characters"]);
                    var aliases = Attr.One<AliasAttribute>(p)?.Args.Cast<string>() ?? Enumerable.Empty<string>();
                    Assert.Equal(string.Join(", ", aliases), block["Aliases"]);
                    Assert.Equal(TypeName(p.PropertyType), block["Type"]);
                }
            }
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void OutputsSectionNamesTheOutputTypes(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var outputs = Section(Page(c), "OUTPUTS");
            foreach (var t in Attr.All<OutputTypeAttribute>(c.Type).SelectMany(a => a.Args).OfType<Type>())
                Assert.Contains("### " + t.FullName, outputs);
        }

        [Fact]
        public void RelatedLinksPointToPagesThatExist()
        {
            foreach (var page in Directory.GetFiles(Repo.File("docs", "en-US"), "*.md"))
                foreach (Match m in Regex.Matches(System.IO.File.ReadAllText(page), @"\]\(([\w-]+\.(?:help\.)?md)\)"))
                    Assert.True(System.IO.File.Exists(Repo.File("docs", "en-US", m.Groups[1].Value)), $"{Path.GetFileName(page)} links to {m.Groups[1].Value}");
        }

        [Fact]
        public void AboutTopicCoversVersionsPropertiesAndRecipes()
        {
            var about = Repo.Text("docs", "en-US", "about_PyDis.help.md").Replace("\r\n", "\n");
            // platyPS 0.14 treats a file as an about topic when its second line is the "## about_<Name>" heading.
            Assert.Equal("## about_PyDis", about.Split('\n')[1]);
            var h1 = Regex.Matches(about, @"^# (.+)$", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.Equal(new[] { "PyDis", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "NOTE", "SEE ALSO", "KEYWORDS" }, h1);
            foreach (var v in PyDis.Core.Releases.ReleaseRegistry.Supported.All.Select(r => r.Version.ToString()).Where(v => v == "2.7" || v == "3.0" || v == "3.15"))
                Assert.Contains(v, about);
            foreach (var prop in typeof(PyDis.Core.Records.PyInstruction).GetProperties().Where(p => p.Name != "IsValid"))
                Assert.Contains(prop.Name, about);
            foreach (var c in Repo.Cmdlets())
                Assert.Contains(c.Name, about);
            foreach (var id in typeof(PyDis.Core.Hosting.PyDisError).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                Assert.Contains((string)id.GetValue(null)!, about);
        }

        private static Dictionary<string, string> Yaml(string block) =>
            block.Split('\n').Where(l => l.Contains(':'))
                .ToDictionary(l => l.Substring(0, l.IndexOf(':')), l => l.Substring(l.IndexOf(':') + 1).Trim());

        private static string TypeName(Type t)
        {
            var u = Nullable.GetUnderlyingType(t) ?? t;
            return u.Name;
        }
    }
}
