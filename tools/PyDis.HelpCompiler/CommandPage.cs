using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PyDis.HelpCompiler
{
    /// <summary>One parameter set of the SYNTAX section, with its parameters in the order the syntax line names them.</summary>
    public sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> Parameters, int Line);

    /// <summary>One yaml block of a parameter: its facts in the parameter sets it names.</summary>
    public sealed record ParameterFacts(
        string Type, IReadOnlyList<string> Sets, IReadOnlyList<string> Aliases, bool Required, int? Position,
        string DefaultValue, string PipelineInput, bool Globbing, IReadOnlyList<string> AcceptedValues, int Line)
    {
        public const string AllSets = "(All)";

        public bool AppliesTo(string set) => Sets.Contains(AllSets) || Sets.Contains(set);

        public bool IsSwitch => Type == "SwitchParameter";
    }

    public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterFacts> Facts, int Line);

    public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks, int Line);

    public sealed record TypeHelp(string Name, IReadOnlyList<string> Description);

    /// <summary>A related link; Uri is null for a link to another help page (shown by name only).</summary>
    public sealed record LinkHelp(string Text, string? Uri);

    /// <summary>
    /// A cmdlet help page in platyPS's markdown schema (v1, "schema: 2.0.0"), read and checked. Parse reports
    /// every deviation that would make the MAML wrong or incomplete and then returns null.
    /// </summary>
    public sealed class CommandPage
    {
        /// <summary>The second-level headings platyPS requires, in this order.</summary>
        public static readonly IReadOnlyList<string> Sections = new[]
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        /// <summary>Keys of a parameter's yaml block; the first eight are required.</summary>
        public static readonly IReadOnlyList<string> YamlKeys = new[]
        {
            "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input",
            "Accept wildcard characters", "Accepted values", "Applicable",
        };

        private const int RequiredYamlKeys = 8;
        private static readonly Regex CmdletName = new Regex(@"^[A-Z][A-Za-z]*-[A-Z][A-Za-z0-9]*$");
        private static readonly Regex SyntaxParameter = new Regex(@"(?<=[\s\[])-([A-Za-z][A-Za-z0-9]*)");
        private static readonly Regex PipelineInput = new Regex(@"^(False|True \((ByPropertyName|ByValue)(, (ByPropertyName|ByValue))?\))$");
        private static readonly Regex LinkLine = new Regex(@"^\[([^\]]+)\]\(([^)\s]*)\)$");
        private static readonly Regex ExampleTitle = new Regex(@"^Example \d+");

        private CommandPage(string file) { File = file; }

        public string File { get; }
        public string Name { get; private set; } = "";
        public string Verb => Name.Substring(0, Name.IndexOf('-'));
        public string Noun => Name.Substring(Name.IndexOf('-') + 1);
        public string? OnlineVersion { get; private set; }
        public string Synopsis { get; private set; } = "";
        public IReadOnlyList<string> Description { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<SyntaxSet> Syntax { get; private set; } = Array.Empty<SyntaxSet>();
        public IReadOnlyList<ExampleHelp> Examples { get; private set; } = Array.Empty<ExampleHelp>();
        public IReadOnlyList<ParameterHelp> Parameters { get; private set; } = Array.Empty<ParameterHelp>();
        public IReadOnlyList<TypeHelp> Inputs { get; private set; } = Array.Empty<TypeHelp>();
        public IReadOnlyList<TypeHelp> Outputs { get; private set; } = Array.Empty<TypeHelp>();
        public IReadOnlyList<string> Notes { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<LinkHelp> RelatedLinks { get; private set; } = Array.Empty<LinkHelp>();

        /// <param name="file">Path of the page; relative links are checked against the files beside it.</param>
        /// <param name="helpFile">The MAML file name the page must name in "external help file".</param>
        public static CommandPage? Parse(string file, string text, string helpFile, string moduleName, string culture, Diagnostics diagnostics)
        {
            var page = new CommandPage(file);
            int before = diagnostics.Items.Count;
            page.Read(Markdown.Lines(text), helpFile, moduleName, culture, new PageErrors(file, diagnostics));
            return diagnostics.Items.Count == before ? page : null;
        }

        private sealed class PageErrors
        {
            private readonly string _file;
            private readonly Diagnostics _diagnostics;

            public PageErrors(string file, Diagnostics diagnostics)
            {
                _file = file;
                _diagnostics = diagnostics;
            }

            public void At(int line, string message) => _diagnostics.Error(_file, line, message);

            public Diagnostics All => _diagnostics;
        }

        private void Read(string[] lines, string helpFile, string moduleName, string culture, PageErrors errors)
        {
            var front = Markdown.FrontMatter(lines, out int bodyStart);
            if (front == null)
            {
                errors.At(1, "no front matter: the page must start with a '---' block (external help file, Module Name, online version, schema)");
                return;
            }
            Expect(front, "external help file", helpFile, errors);
            Expect(front, "Module Name", moduleName, errors);
            Expect(front, "schema", "2.0.0", errors);
            if (front.TryGetValue("Locale", out var locale) && locale.Value != culture)
                errors.At(locale.Line, $"Locale is '{locale.Value}' but the page is in the {culture} folder");
            if (!front.TryGetValue("online version", out var online))
                errors.At(1, "front matter has no 'online version' key (leave its value empty when there is no online page)");
            else if (online.Value.Length > 0 && !Markdown.IsAbsoluteUri(online.Value))
                errors.At(online.Line, $"online version '{online.Value}' is not an http(s) address");
            else if (online.Value.Length > 0)
                OnlineVersion = online.Value;

            var root = Markdown.Tree(Markdown.Blocks(lines, bodyStart, File, errors.All));
            if (root.Body.Count > 0) errors.At(root.Body[0].Line, "text before the '# <cmdlet name>' title");
            if (root.Children.Count != 1 || root.Children[0].Level != 1)
            {
                errors.At(bodyStart + 1, "the page must have exactly one '# <cmdlet name>' title, with everything else below it");
                return;
            }
            var title = root.Children[0];
            Name = title.Title;
            string expected = Path.GetFileNameWithoutExtension(File);
            if (!CmdletName.IsMatch(Name)) errors.At(title.Line, $"title '{Name}' is not a Verb-Noun cmdlet name");
            else if (Name != expected) errors.At(title.Line, $"title '{Name}' differs from the file name '{expected}'");
            if (title.Body.Count > 0) errors.At(title.Body[0].Line, "text between the title and ## SYNOPSIS");

            var found = title.Children.Select(s => s.Title).ToList();
            if (!found.SequenceEqual(Sections) || title.Children.Any(s => s.Level != 2))
            {
                errors.At(title.Line, "the second-level headings must be exactly, in order: ## " + string.Join(", ## ", Sections) +
                    "; found: " + (found.Count == 0 ? "none" : "## " + string.Join(", ## ", found)));
                return;
            }
            var sections = title.Children.ToDictionary(s => s.Title);

            Synopsis = ReadSynopsis(sections["SYNOPSIS"], errors);
            Description = ReadText(sections["DESCRIPTION"], required: true, errors);
            Parameters = ReadParameters(sections["PARAMETERS"], errors);
            Syntax = ReadSyntax(sections["SYNTAX"], errors);
            Examples = ReadExamples(sections["EXAMPLES"], errors);
            Inputs = ReadTypes(sections["INPUTS"], errors);
            Outputs = ReadTypes(sections["OUTPUTS"], errors);
            Notes = ReadText(sections["NOTES"], required: false, errors);
            RelatedLinks = ReadLinks(sections["RELATED LINKS"], errors);
            CheckSetsAgree(errors);
        }

        private static void Expect(Dictionary<string, (string Value, int Line)> front, string key, string value, PageErrors errors)
        {
            if (!front.TryGetValue(key, out var v)) errors.At(1, $"front matter has no '{key}: {value}'");
            else if (v.Value != value) errors.At(v.Line, $"{key} is '{v.Value}', expected '{value}'");
        }

        private static void NoSubsections(Section s, PageErrors errors)
        {
            foreach (var c in s.Children) errors.At(c.Line, $"unexpected heading '{c.Title}' inside ## {s.Title}");
        }

        private static string ReadSynopsis(Section s, PageErrors errors)
        {
            NoSubsections(s, errors);
            var text = Markdown.Paragraphs(s.Body);
            if (text.Count != 1 || s.Body.Any(b => b.Kind != BlockKind.Paragraph))
            {
                errors.At(s.Line, "## SYNOPSIS must be one paragraph of text");
                return "";
            }
            return text[0];
        }

        private static IReadOnlyList<string> ReadText(Section s, bool required, PageErrors errors)
        {
            NoSubsections(s, errors);
            var text = Markdown.Paragraphs(s.Body);
            if (required && text.Count == 0) errors.At(s.Line, $"## {s.Title} is empty");
            return text;
        }

        private IReadOnlyList<SyntaxSet> ReadSyntax(Section s, PageErrors errors)
        {
            if (s.Body.Count > 0) errors.At(s.Body[0].Line, "## SYNTAX holds only '### <parameter set>' headings, each with one code block");
            if (s.Children.Count == 0) errors.At(s.Line, "## SYNTAX has no '### <parameter set>' heading");
            var sets = new List<SyntaxSet>();
            foreach (var c in s.Children)
            {
                bool isDefault = c.Title.EndsWith(" (Default)", StringComparison.Ordinal);
                string name = isDefault ? c.Title.Substring(0, c.Title.Length - " (Default)".Length) : c.Title;
                NoSubsections(c, errors);
                if (c.Body.Count != 1 || c.Body[0].Kind != BlockKind.Fence || c.Body[0].Lines.Count == 0)
                {
                    errors.At(c.Line, $"syntax of set '{name}' must be exactly one code block");
                    continue;
                }
                string line = string.Join(" ", c.Body[0].Lines.Select(l => l.Trim()));
                if (!line.StartsWith(Name + " ", StringComparison.Ordinal) && line != Name)
                    errors.At(c.Body[0].Line, $"syntax of set '{name}' does not start with '{Name}'");
                var names = SyntaxParameter.Matches(line).Select(m => m.Groups[1].Value).ToList();
                foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1))
                    errors.At(c.Body[0].Line, $"syntax of set '{name}' names -{dup.Key} twice");
                if (sets.Any(x => x.Name == name)) errors.At(c.Line, $"parameter set '{name}' is listed twice");
                sets.Add(new SyntaxSet(name, isDefault, names, c.Line));
            }
            if (sets.Count(x => x.IsDefault) > 1) errors.At(s.Line, "more than one parameter set is marked (Default)");
            return sets;
        }

        private static IReadOnlyList<ExampleHelp> ReadExamples(Section s, PageErrors errors)
        {
            if (s.Body.Count > 0) errors.At(s.Body[0].Line, "## EXAMPLES holds only '### Example N: <title>' sections");
            if (s.Children.Count == 0) errors.At(s.Line, "## EXAMPLES has no '### Example 1: <title>' section");
            var examples = new List<ExampleHelp>();
            foreach (var c in s.Children)
            {
                NoSubsections(c, errors);
                if (!ExampleTitle.IsMatch(c.Title)) errors.At(c.Line, $"example title '{c.Title}' does not start with 'Example <number>'");
                // The code blocks that open the example are its code; what follows is the explanation.
                var code = c.Body.TakeWhile(b => b.Kind == BlockKind.Fence).ToList();
                if (code.Count == 0)
                {
                    errors.At(c.Line, $"example '{c.Title}' does not start with a ```powershell code block");
                    continue;
                }
                var remarks = Markdown.Paragraphs(c.Body.Skip(code.Count));
                examples.Add(new ExampleHelp(c.Title, string.Join("\n\n", code.Select(b => string.Join("\n", b.Lines))), remarks, c.Line));
            }
            return examples;
        }

        private static IReadOnlyList<ParameterHelp> ReadParameters(Section s, PageErrors errors)
        {
            if (s.Body.Count > 0) errors.At(s.Body[0].Line, "## PARAMETERS holds only '### -<Name>' sections and '### CommonParameters'");
            var result = new List<ParameterHelp>();
            bool common = false;
            foreach (var c in s.Children)
            {
                NoSubsections(c, errors);
                if (c.Title == "CommonParameters")
                {
                    common = true;
                    continue;
                }
                if (!c.Title.StartsWith("-", StringComparison.Ordinal) || c.Title.Length < 2)
                {
                    errors.At(c.Line, $"parameter heading '{c.Title}' must be '### -<Name>'");
                    continue;
                }
                string name = c.Title.Substring(1);
                if (result.Any(p => p.Name == name)) errors.At(c.Line, $"-{name} is documented twice");
                var description = Markdown.Paragraphs(c.Body.TakeWhile(b => !(b.Kind == BlockKind.Fence && b.Info == "yaml")));
                if (description.Count == 0) errors.At(c.Line, $"-{name} has no description (text before its yaml block)");
                var facts = c.Body.Where(b => b.Kind == BlockKind.Fence && b.Info == "yaml").Select(b => ReadYaml(name, b, errors)).ToList();
                if (facts.Count == 0) errors.At(c.Line, $"-{name} has no ```yaml block (Type, Parameter Sets, Required, Position, …)");
                var trailing = c.Body.SkipWhile(b => !(b.Kind == BlockKind.Fence && b.Info == "yaml")).FirstOrDefault(b => !(b.Kind == BlockKind.Fence && b.Info == "yaml"));
                if (trailing != null) errors.At(trailing.Line, $"text after the yaml block of -{name}: put the description before it");
                var nonNull = facts.Where(f => f != null).Select(f => f!).ToList();
                foreach (var set in nonNull.SelectMany(f => f.Sets).GroupBy(x => x).Where(g => g.Count() > 1))
                    errors.At(c.Line, $"-{name}: two yaml blocks both describe set '{set.Key}'");
                result.Add(new ParameterHelp(name, description, nonNull, c.Line));
            }
            if (!common) errors.At(s.Line, "## PARAMETERS has no '### CommonParameters' section");
            return result;
        }

        private static ParameterFacts? ReadYaml(string parameter, Block yaml, PageErrors errors)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            int before = errors.All.Items.Count;
            for (int i = 0; i < yaml.Lines.Count; i++)
            {
                string line = yaml.Lines[i];
                if (line.Trim().Length == 0) continue;
                int colon = line.IndexOf(':');
                string key = colon > 0 ? line.Substring(0, colon).Trim() : line.Trim();
                if (colon <= 0 || !YamlKeys.Contains(key))
                {
                    errors.At(yaml.Line + 1 + i, $"-{parameter}: unknown yaml line '{line.Trim()}' (keys: {string.Join(", ", YamlKeys)})");
                    continue;
                }
                if (values.ContainsKey(key)) errors.At(yaml.Line + 1 + i, $"-{parameter}: '{key}' appears twice");
                values[key] = line.Substring(colon + 1).Trim();
            }
            foreach (var key in YamlKeys.Take(RequiredYamlKeys).Where(k => !values.ContainsKey(k)))
                errors.At(yaml.Line, $"-{parameter}: yaml block has no '{key}:'");
            if (errors.All.Items.Count > before) return null;

            bool Bool(string key)
            {
                if (values[key] == "True") return true;
                if (values[key] != "False") errors.At(yaml.Line, $"-{parameter}: {key} is '{values[key]}', expected True or False");
                return false;
            }

            int? position = null;
            if (values["Position"] != "Named")
            {
                if (int.TryParse(values["Position"], NumberStyles.None, CultureInfo.InvariantCulture, out int p)) position = p;
                else errors.At(yaml.Line, $"-{parameter}: Position is '{values["Position"]}', expected Named or a number");
            }
            if (values["Type"].Length == 0) errors.At(yaml.Line, $"-{parameter}: Type is empty");
            var sets = List(values["Parameter Sets"]);
            if (sets.Count == 0) errors.At(yaml.Line, $"-{parameter}: Parameter Sets is empty (use (All) for every set)");
            if (!PipelineInput.IsMatch(values["Accept pipeline input"]))
                errors.At(yaml.Line, $"-{parameter}: Accept pipeline input is '{values["Accept pipeline input"]}', expected False or True (ByPropertyName, ByValue)");
            return new ParameterFacts(
                values["Type"], sets, List(values["Aliases"]), Bool("Required"), position,
                values["Default value"], values["Accept pipeline input"], Bool("Accept wildcard characters"),
                values.TryGetValue("Accepted values", out var accepted) ? List(accepted) : Array.Empty<string>(), yaml.Line);
        }

        private static List<string> List(string value) =>
            value.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).ToList();

        private static IReadOnlyList<TypeHelp> ReadTypes(Section s, PageErrors errors)
        {
            if (s.Body.Count > 0) errors.At(s.Body[0].Line, $"## {s.Title} holds only '### <type name>' sections (### None when there is none)");
            if (s.Children.Count == 0) errors.At(s.Line, $"## {s.Title} has no '### <type name>' section (### None when there is none)");
            foreach (var c in s.Children) NoSubsections(c, errors);
            return s.Children.Select(c => new TypeHelp(c.Title, Markdown.Paragraphs(c.Body))).ToList();
        }

        private IReadOnlyList<LinkHelp> ReadLinks(Section s, PageErrors errors)
        {
            NoSubsections(s, errors);
            var links = new List<LinkHelp>();
            if (OnlineVersion != null) links.Add(new LinkHelp("Online Version:", OnlineVersion));
            foreach (var b in s.Body)
            {
                var m = b.Kind == BlockKind.Paragraph && b.Lines.Count == 1 ? LinkLine.Match(b.Lines[0]) : Match.Empty;
                if (!m.Success)
                {
                    errors.At(b.Line, "## RELATED LINKS holds only '[text](target)' lines, one per paragraph");
                    continue;
                }
                string target = m.Groups[2].Value;
                if (Markdown.IsAbsoluteUri(target))
                {
                    links.Add(new LinkHelp(m.Groups[1].Value, target));
                    continue;
                }
                if (!System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(File) ?? ".", target)))
                    errors.At(b.Line, $"related link '{target}' is neither an http(s) address nor a page in this folder");
                links.Add(new LinkHelp(m.Groups[1].Value, null));
            }
            return links;
        }

        /// <summary>Each syntax line names exactly the parameters whose yaml covers that set.</summary>
        private void CheckSetsAgree(PageErrors errors)
        {
            var setNames = Syntax.Select(x => x.Name).ToList();
            foreach (var p in Parameters)
                foreach (var f in p.Facts)
                    foreach (var set in f.Sets.Where(x => x != ParameterFacts.AllSets && !setNames.Contains(x)))
                        errors.At(f.Line, $"-{p.Name} names parameter set '{set}', which ## SYNTAX does not have");
            foreach (var set in Syntax)
            {
                foreach (var name in set.Parameters.Where(n => !Parameters.Any(p => p.Name == n)))
                    errors.At(set.Line, $"syntax of set '{set.Name}' names -{name}, which ## PARAMETERS does not document");
                foreach (var p in Parameters.Where(p => p.Facts.Any(f => f.AppliesTo(set.Name)) && !set.Parameters.Contains(p.Name)))
                    errors.At(set.Line, $"syntax of set '{set.Name}' lacks -{p.Name}, whose yaml says it belongs to that set");
                foreach (var p in Parameters.Where(p => set.Parameters.Contains(p.Name) && p.Facts.Count > 0 && !p.Facts.Any(f => f.AppliesTo(set.Name))))
                    errors.At(set.Line, $"syntax of set '{set.Name}' names -{p.Name}, whose yaml does not list that set");
            }
        }

        /// <summary>The yaml facts of a parameter in one set (null when it is not in that set).</summary>
        public static ParameterFacts? FactsIn(ParameterHelp p, string set) => p.Facts.FirstOrDefault(f => f.AppliesTo(set));
    }
}
