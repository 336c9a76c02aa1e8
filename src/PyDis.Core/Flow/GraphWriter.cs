using System;
using System.Globalization;
using System.Text;
using PyDis.Core.Decoding;

namespace PyDis.Core.Flow
{
    /// <summary>The text forms a control-flow graph can be written in.</summary>
    public enum GraphFormat
    {
        /// <summary>Graphviz DOT: <c>dot -Tsvg graph.dot -o graph.svg</c>.</summary>
        Dot,
        /// <summary>Mermaid flowchart text, for a <c>```mermaid</c> block of a Markdown page.</summary>
        Mermaid,
    }

    /// <summary>
    /// Writes a <see cref="ControlFlowGraph"/> as Graphviz DOT or Mermaid: one node per block, labelled with
    /// its offsets, its entry depth (when a walk is given) and its instructions; one edge per successor, drawn by
    /// kind (fall-through plain, jump bold and labelled, exception dashed with the handler's depth and lasti).
    /// The output depends only on the graph, so it can be compared with golden files.
    /// </summary>
    public static class GraphWriter
    {
        /// <summary>Longest argrepr written in a label; longer ones are cut with "…" (graphs are for reading).</summary>
        public const int MaxArgReprLength = 48;

        public static string Write(ControlFlowGraph graph, GraphFormat format, string title, StackDepthResult? walk = null)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            return format == GraphFormat.Dot ? Dot(graph, title, walk) : Mermaid(graph, title, walk);
        }

        /// <summary>One line of a block label: offset, opname, oparg and (argrepr), as dis shows them.</summary>
        public static string InstructionText(Instruction ins)
        {
            var sb = new StringBuilder();
            sb.Append(ins.Offset.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ins.OpName);
            if (ins.Arg is int a)
            {
                sb.Append(' ').Append(a.ToString(CultureInfo.InvariantCulture));
                string repr = ins.ArgRepr;
                if (repr.Length > MaxArgReprLength) repr = repr.Substring(0, MaxArgReprLength - 1) + "…";
                if (repr.Length > 0) sb.Append(" (").Append(repr).Append(')');
            }
            return sb.ToString();
        }

        private static string Heading(ControlFlowGraph g, BasicBlock b, StackDepthResult? walk)
        {
            var sb = new StringBuilder();
            sb.Append('B').Append(b.Index.ToString(CultureInfo.InvariantCulture));
            sb.Append(" @").Append(b.StartOffset.ToString(CultureInfo.InvariantCulture));
            if (walk != null)
                sb.Append(" depth ").Append(walk.BlockEntryDepth[b.Index] is int d ? d.ToString(CultureInfo.InvariantCulture) : "-");
            if (b.IsHandler) sb.Append(" handler");
            return sb.ToString();
        }

        private static string EdgeLabel(FlowEdge e)
        {
            switch (e.Kind)
            {
                case EdgeKind.Jump: return "jump";
                case EdgeKind.Exception:
                    return e.HandlerDepth is int d
                        ? "exception [" + d.ToString(CultureInfo.InvariantCulture) + "]" + (e.Lasti ? " lasti" : "")
                        : "exception";
                default: return "";
            }
        }

        // ---- DOT -------------------------------------------------------------------------------------------

        private static string Dot(ControlFlowGraph g, string title, StackDepthResult? walk)
        {
            var sb = new StringBuilder();
            sb.Append("digraph ").Append(DotString(title)).Append(" {\n");
            sb.Append("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
            sb.Append("  edge [fontname=\"monospace\", fontsize=9];\n");
            foreach (var b in g.Blocks)
            {
                var label = new StringBuilder();
                label.Append(DotEscape(Heading(g, b, walk))).Append("\\l");
                for (int i = b.First; i <= b.Last; i++) label.Append(DotEscape(InstructionText(g.Instructions[i]))).Append("\\l");
                sb.Append("  b").Append(b.Index.ToString(CultureInfo.InvariantCulture)).Append(" [label=\"").Append(label).Append('"');
                if (b.IsHandler) sb.Append(", style=dashed");
                if (walk != null && walk.BlockEntryDepth[b.Index] is null) sb.Append(", color=gray, fontcolor=gray");
                sb.Append("];\n");
            }
            foreach (var b in g.Blocks)
                foreach (var e in b.Successors)
                {
                    sb.Append("  b").Append(b.Index.ToString(CultureInfo.InvariantCulture))
                      .Append(" -> b").Append(e.Target.ToString(CultureInfo.InvariantCulture));
                    switch (e.Kind)
                    {
                        case EdgeKind.Jump: sb.Append(" [label=\"jump\", style=bold]"); break;
                        case EdgeKind.Exception: sb.Append(" [label=\"").Append(DotEscape(EdgeLabel(e))).Append("\", style=dashed, color=red]"); break;
                    }
                    sb.Append(";\n");
                }
            sb.Append("}\n");
            return sb.ToString();
        }

        private static string DotString(string s) => "\"" + DotEscape(s) + "\"";

        // Inside a quoted DOT string: backslash and quote are escaped; a line break would end the label line.
        private static string DotEscape(string s) =>
            s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n");

        // ---- Mermaid ---------------------------------------------------------------------------------------

        private static string Mermaid(ControlFlowGraph g, string title, StackDepthResult? walk)
        {
            var sb = new StringBuilder();
            sb.Append("flowchart TD\n");
            sb.Append("    %% ").Append(MermaidComment(title)).Append('\n');
            foreach (var b in g.Blocks)
            {
                sb.Append("    b").Append(b.Index.ToString(CultureInfo.InvariantCulture)).Append("[\"");
                sb.Append(MermaidEscape(Heading(g, b, walk)));
                for (int i = b.First; i <= b.Last; i++) sb.Append("<br/>").Append(MermaidEscape(InstructionText(g.Instructions[i])));
                sb.Append("\"]\n");
            }
            foreach (var b in g.Blocks)
                foreach (var e in b.Successors)
                {
                    sb.Append("    b").Append(b.Index.ToString(CultureInfo.InvariantCulture));
                    switch (e.Kind)
                    {
                        case EdgeKind.Jump: sb.Append(" ==>|jump| "); break;
                        case EdgeKind.Exception: sb.Append(" -.->|\"").Append(MermaidEscape(EdgeLabel(e))).Append("\"| "); break;
                        default: sb.Append(" --> "); break;
                    }
                    sb.Append('b').Append(e.Target.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            foreach (var b in g.Blocks)
                if (b.IsHandler) sb.Append("    style b").Append(b.Index.ToString(CultureInfo.InvariantCulture)).Append(" stroke-dasharray: 5 5\n");
            return sb.ToString();
        }

        // Mermaid labels in quotes take entity codes: # first, then the characters Mermaid would read as markup.
        private static string MermaidEscape(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (char c in s)
            {
                switch (c)
                {
                    case '#': sb.Append("#35;"); break;
                    case '"': sb.Append("#quot;"); break;
                    case '<': sb.Append("#lt;"); break;
                    case '>': sb.Append("#gt;"); break;
                    case '&': sb.Append("#amp;"); break;
                    case '|': sb.Append("#124;"); break;
                    case '`': sb.Append("#96;"); break;
                    case '\r': case '\n': sb.Append(' '); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }

        private static string MermaidComment(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
    }
}
