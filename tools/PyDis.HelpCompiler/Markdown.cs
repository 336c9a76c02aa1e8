using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace PyDis.HelpCompiler
{
    public enum BlockKind { Heading, Paragraph, ListItem, Fence, Table }

    /// <summary>One markdown block: a heading, a paragraph, a list item, a fenced code block or a table.</summary>
    public sealed class Block
    {
        public Block(BlockKind kind, int line, string info = "", int level = 0)
        {
            Kind = kind;
            Line = line;
            Info = info;
            Level = level;
        }

        public BlockKind Kind { get; }

        /// <summary>1-based line where the block starts.</summary>
        public int Line { get; }

        /// <summary>Heading text, or a fence's info string (the language).</summary>
        public string Info { get; }

        public int Level { get; }

        /// <summary>Source lines of a paragraph, list item, table or fence body.</summary>
        public List<string> Lines { get; } = new List<string>();
    }

    /// <summary>A heading with the blocks up to the next heading and its subsections.</summary>
    public sealed class Section
    {
        public Section(int level, string title, int line)
        {
            Level = level;
            Title = title;
            Line = line;
        }

        public int Level { get; }
        public string Title { get; }
        public int Line { get; }
        public List<Block> Body { get; } = new List<Block>();
        public List<Section> Children { get; } = new List<Section>();
    }

    /// <summary>
    /// The subset of CommonMark that platyPS pages use: front matter, ATX headings, paragraphs, list items,
    /// fenced code and pipe tables. A '#' inside a fence is code, not a heading.
    /// </summary>
    public static class Markdown
    {
        private static readonly Regex HeadingLine = new Regex(@"^(#{1,6})\s+(.*?)\s*#*\s*$");
        private static readonly Regex ListMarker = new Regex(@"^\s{0,3}([-*+]|\d+[.)])\s+");

        /// <summary>The "---" key: value block at the top, or null when the file has none.</summary>
        public static Dictionary<string, (string Value, int Line)>? FrontMatter(IReadOnlyList<string> lines, out int bodyStart)
        {
            bodyStart = 0;
            if (lines.Count == 0 || lines[0].Trim() != "---") return null;
            var result = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
            for (int i = 1; i < lines.Count; i++)
            {
                if (lines[i].Trim() == "---")
                {
                    bodyStart = i + 1;
                    return result;
                }
                int colon = lines[i].IndexOf(':');
                if (colon > 0) result[lines[i].Substring(0, colon).Trim()] = (lines[i].Substring(colon + 1).Trim(), i + 1);
            }
            return null;
        }

        public static List<Block> Blocks(IReadOnlyList<string> lines, int start, string file, Diagnostics diagnostics)
        {
            var blocks = new List<Block>();
            Block? open = null;
            for (int i = start; i < lines.Count; i++)
            {
                string line = lines[i].TrimEnd();
                int number = i + 1;
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    var fence = new Block(BlockKind.Fence, number, line.TrimStart().Substring(3).Trim());
                    int end = i + 1;
                    for (; end < lines.Count && lines[end].Trim() != "```"; end++) fence.Lines.Add(lines[end].TrimEnd());
                    if (end == lines.Count)
                    {
                        diagnostics.Error(file, number, "code fence is never closed (no line with ``` after it)");
                        return blocks;
                    }
                    // A fence ends whatever block was open.
                    blocks.Add(fence);
                    open = null;
                    i = end;
                    continue;
                }
                var heading = HeadingLine.Match(line);
                if (heading.Success && !line.StartsWith(" ", StringComparison.Ordinal))
                {
                    blocks.Add(new Block(BlockKind.Heading, number, heading.Groups[2].Value, heading.Groups[1].Length));
                    open = null;
                    continue;
                }
                if (line.Length == 0)
                {
                    open = null;
                    continue;
                }
                if (line.TrimStart().StartsWith("|", StringComparison.Ordinal))
                {
                    if (open == null || open.Kind != BlockKind.Table)
                    {
                        open = new Block(BlockKind.Table, number);
                        blocks.Add(open);
                    }
                    open.Lines.Add(line.Trim());
                    continue;
                }
                if (ListMarker.IsMatch(line))
                {
                    open = new Block(BlockKind.ListItem, number);
                    blocks.Add(open);
                    open.Lines.Add(line.Trim());
                    continue;
                }
                if (open == null || open.Kind == BlockKind.Table)
                {
                    open = new Block(BlockKind.Paragraph, number);
                    blocks.Add(open);
                }
                open.Lines.Add(line.Trim());
            }
            return blocks;
        }

        /// <summary>Nests the blocks under their headings; the returned root (level 0) holds everything.</summary>
        public static Section Tree(IEnumerable<Block> blocks)
        {
            var root = new Section(0, "", 0);
            var stack = new Stack<Section>();
            stack.Push(root);
            foreach (var b in blocks)
            {
                if (b.Kind == BlockKind.Heading)
                {
                    while (stack.Peek().Level >= b.Level) stack.Pop();
                    var s = new Section(b.Level, b.Info, b.Line);
                    stack.Peek().Children.Add(s);
                    stack.Push(s);
                }
                else
                {
                    stack.Peek().Body.Add(b);
                }
            }
            return root;
        }

        /// <summary>
        /// Help paragraphs of a run of blocks: a paragraph's lines joined (markdown soft breaks), a list item
        /// with its marker, a fence or a table with its lines kept.
        /// </summary>
        public static List<string> Paragraphs(IEnumerable<Block> blocks) =>
            blocks.Select(Paragraph).Where(p => p.Length > 0).ToList();

        public static string Paragraph(Block b) => b.Kind switch
        {
            BlockKind.Paragraph => Inline(string.Join(" ", b.Lines)),
            BlockKind.ListItem => Inline(string.Join(" ", b.Lines)),
            BlockKind.Fence => string.Join("\n", b.Lines),
            BlockKind.Table => string.Join("\n", b.Lines),
            _ => b.Info,
        };

        private static readonly Regex CodeSpan = new Regex("(`+)(.*?)\\1");
        private static readonly Regex Link = new Regex(@"\[([^\]]*)\]\(([^)\s]*)\)");
        private static readonly Regex Strong = new Regex(@"\*\*(.+?)\*\*|__(.+?)__");
        private static readonly Regex Escape = new Regex(@"\\([\\`*_{}\[\]()#+\-.!<>|])");

        /// <summary>
        /// Plain help text of markdown inline content: code spans kept with their backticks (as Microsoft's
        /// own help shows them), links as their text (plus the address when it is absolute), bold markers
        /// and backslash escapes removed.
        /// </summary>
        public static string Inline(string text)
        {
            var sb = new StringBuilder();
            int at = 0;
            foreach (Match m in CodeSpan.Matches(text))
            {
                sb.Append(InlineOutsideCode(text.Substring(at, m.Index - at)));
                sb.Append(m.Value);
                at = m.Index + m.Length;
            }
            sb.Append(InlineOutsideCode(text.Substring(at)));
            return sb.ToString().Trim();
        }

        private static string InlineOutsideCode(string text)
        {
            text = Link.Replace(text, m => IsAbsoluteUri(m.Groups[2].Value) ? $"{m.Groups[1].Value} ({m.Groups[2].Value})" : m.Groups[1].Value);
            text = Strong.Replace(text, m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            return Escape.Replace(text, "$1");
        }

        public static bool IsAbsoluteUri(string uri) =>
            Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

        /// <summary>Splits text into lines, whatever the line ends.</summary>
        public static string[] Lines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
    }
}
