using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace PyDis.HelpCompiler
{
    /// <summary>
    /// An about topic in platyPS's about schema (<c># Title</c>, <c>## about_Name</c>, then <c># SHORT DESCRIPTION</c>,
    /// <c># LONG DESCRIPTION</c>, …) turned into the plain text of <c>about_Name.help.txt</c> in the layout of
    /// PowerShell's about-topic template: upper-case section names at the margin, text indented four spaces
    /// and wrapped at 80 columns. Get-Help takes the topic's synopsis from the file's fifth line, so the short
    /// description is written there, on one line.
    /// </summary>
    public sealed class AboutPage
    {
        public const int Width = 80;
        private const string Indent = "    ";

        private AboutPage(string name, string shortDescription, string text)
        {
            Name = name;
            ShortDescription = shortDescription;
            Text = text;
        }

        /// <summary>The topic name, such as about_PyDis.</summary>
        public string Name { get; }

        public string ShortDescription { get; }

        /// <summary>The help.txt content (LF line ends, ending with one).</summary>
        public string Text { get; }

        public static AboutPage? Parse(string file, string text, Diagnostics diagnostics)
        {
            int before = diagnostics.Items.Count;
            var lines = Markdown.Lines(text);
            string expected = Path.GetFileName(file);
            expected = expected.Substring(0, expected.Length - ".help.md".Length);
            // platyPS recognises an about topic by its second line.
            if (lines.Length < 2 || lines[1].Trim() != "## " + expected)
            {
                diagnostics.Error(file, 2, $"the second line of an about topic must be '## {expected}'");
                return null;
            }
            var root = Markdown.Tree(Markdown.Blocks(lines, 2, file, diagnostics));
            if (root.Body.Count > 0) diagnostics.Error(file, root.Body[0].Line, "text before the first '# SECTION' heading");
            var sections = root.Children;
            foreach (var s in sections.Where(s => s.Level != 1))
                diagnostics.Error(file, s.Line, $"'{s.Title}' must be a first-level '# SECTION' heading or sit inside one");
            foreach (var dup in sections.GroupBy(s => s.Title).Where(g => g.Count() > 1))
                diagnostics.Error(file, dup.Last().Line, $"section '# {dup.Key}' appears twice");
            var shortSection = sections.FirstOrDefault(s => s.Title == "SHORT DESCRIPTION");
            var shortText = shortSection == null ? new List<string>() : Markdown.Paragraphs(shortSection.Body);
            if (shortSection == null || shortText.Count != 1 || shortSection.Children.Count > 0 || shortSection.Body.Any(b => b.Kind != BlockKind.Paragraph))
                diagnostics.Error(file, shortSection?.Line ?? 1, "an about topic needs '# SHORT DESCRIPTION' with one paragraph of text");
            if (sections.Take(2).Select(s => s.Title).FirstOrDefault() != "SHORT DESCRIPTION" || sections.ElementAtOrDefault(1)?.Title != "LONG DESCRIPTION")
                diagnostics.Error(file, 3, "an about topic starts with '# SHORT DESCRIPTION' then '# LONG DESCRIPTION'");
            foreach (var s in sections.Where(s => s.Title.ToUpperInvariant() != s.Title))
                diagnostics.Error(file, s.Line, $"section name '{s.Title}' must be upper case, as about topics write them");
            if (diagnostics.Items.Count == before && Indent.Length + shortText[0].Length > Width)
                diagnostics.Error(file, shortSection!.Body[0].Line,
                    $"SHORT DESCRIPTION has {shortText[0].Length} characters: Get-Help lists the topic's fifth line as its synopsis, " +
                    $"so it must fit on one line of at most {Width - Indent.Length}");
            if (diagnostics.Items.Count > before) return null;

            var sb = new StringBuilder();
            sb.Append("TOPIC\n").Append(Indent).Append(expected).Append("\n\n");
            sb.Append("SHORT DESCRIPTION\n").Append(Indent).Append(shortText[0]).Append('\n');
            foreach (var s in sections.Skip(1))
            {
                sb.Append('\n').Append(s.Title).Append('\n');
                WriteBody(sb, s.Body);
                foreach (var sub in s.Children)
                {
                    sb.Append('\n').Append(Indent).Append(sub.Title).Append('\n');
                    sb.Append(Indent).Append(new string('-', sub.Title.Length)).Append('\n');
                    WriteBody(sb, sub.Body);
                    foreach (var deeper in sub.Children)
                        diagnostics.Error(file, deeper.Line, "about topics nest headings two levels deep at most");
                }
            }
            if (diagnostics.Items.Count > before) return null;
            return new AboutPage(expected, shortText[0], sb.ToString());
        }

        private static void WriteBody(StringBuilder sb, IReadOnlyList<Block> body)
        {
            for (int i = 0; i < body.Count; i++)
            {
                var b = body[i];
                // List items follow each other without a blank line, as in the markdown.
                if (i > 0 && !(b.Kind == BlockKind.ListItem && body[i - 1].Kind == BlockKind.ListItem)) sb.Append('\n');
                switch (b.Kind)
                {
                    case BlockKind.Fence:
                    case BlockKind.Table:
                        foreach (var line in b.Lines) sb.Append((Indent + Indent + line).TrimEnd()).Append('\n');
                        break;
                    case BlockKind.ListItem:
                        Wrap(sb, Markdown.Paragraph(b), Indent, Indent + "  ");
                        break;
                    default:
                        Wrap(sb, Markdown.Paragraph(b), Indent, Indent);
                        break;
                }
            }
        }

        /// <summary>Greedy word wrap at <see cref="Width"/>; a word longer than the line stands alone.</summary>
        private static void Wrap(StringBuilder sb, string text, string first, string rest)
        {
            var line = new StringBuilder(first);
            bool empty = true;
            foreach (var word in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    sb.Append(line).Append('\n');
                    line.Clear().Append(rest);
                    empty = true;
                }
                if (!empty) line.Append(' ');
                line.Append(word);
                empty = false;
            }
            sb.Append(line).Append('\n');
        }
    }
}
