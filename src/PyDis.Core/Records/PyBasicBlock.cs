using System;
using System.Globalization;
using System.Text;
using PyDis.Core.Flow;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// One basic block of a code object's control-flow graph (Get-PyBasicBlock): its offsets, instructions, the
    /// blocks it leads to by kind, its exception handler and the stack depth the walk entered it with.
    /// </summary>
    public sealed class PyBasicBlock
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        /// <summary>Block number within its code object, in offset order (B0 is the entry).</summary>
        public int Index { get; set; }
        public int StartOffset { get; set; }
        /// <summary>Offset just past the last instruction and its inline caches.</summary>
        public int EndOffset { get; set; }
        public int InstructionCount { get; set; }
        public string FirstOpName { get; set; } = "";
        public string LastOpName { get; set; } = "";
        /// <summary>The instructions, one line each: "offset OPNAME oparg (argrepr)".</summary>
        public string Instructions { get; set; } = "";
        /// <summary>"B3 (Jump), B4 (FallThrough), B7 (Exception [1] lasti)".</summary>
        public string Successors { get; set; } = "";
        /// <summary>"B0, B2".</summary>
        public string Predecessors { get; set; } = "";
        /// <summary>The block it falls through to, or null.</summary>
        public int? FallThrough { get; set; }
        /// <summary>The block its last instruction jumps to (runtime target), or null.</summary>
        public int? JumpTarget { get; set; }
        /// <summary>The handler block it leads to when an exception is raised in it, or null.</summary>
        public int? ExceptionTarget { get; set; }
        /// <summary>3.11+: the exception-table depth of that handler.</summary>
        public int? HandlerDepth { get; set; }
        /// <summary>3.11+: whether that handler gets lasti pushed.</summary>
        public bool? HandlerLasti { get; set; }
        /// <summary>Whether an exception edge enters this block.</summary>
        public bool IsHandler { get; set; }
        /// <summary>The stack depth the compiler's walk entered it with; null where it never came.</summary>
        public int? DepthOnEntry { get; set; }

        /// <summary>The record of block <paramref name="b"/> of <paramref name="walk"/>'s graph.</summary>
        public static PyBasicBlock From(StackDepthResult walk, BasicBlock b, WalkedCode where, string? path) =>
            From(walk, b, new CodeContext(where, path));

        internal static PyBasicBlock From(StackDepthResult walk, BasicBlock b, CodeContext ctx)
        {
            var g = walk.Graph;
            var code = ctx.Code;
            var text = new StringBuilder();
            for (int i = b.First; i <= b.Last; i++)
                text.Append(i > b.First ? "\n" : "").Append(GraphWriter.InstructionText(g.Instructions[i]));
            var successors = new StringBuilder();
            int? fall = null, jump = null, exception = null, handlerDepth = null;
            bool? lasti = null;
            foreach (var e in b.Successors)
            {
                if (successors.Length > 0) successors.Append(", ");
                successors.Append('B').Append(e.Target.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(e.Kind.ToString());
                if (e.Kind == EdgeKind.Exception && e.HandlerDepth is int d)
                    successors.Append(" [").Append(d.ToString(CultureInfo.InvariantCulture)).Append(']').Append(e.Lasti ? " lasti" : "");
                successors.Append(')');
                switch (e.Kind)
                {
                    case EdgeKind.FallThrough: fall = e.Target; break;
                    case EdgeKind.Jump: jump = e.Target; break;
                    default: exception = e.Target; handlerDepth = e.HandlerDepth; lasti = e.HandlerDepth is null ? (bool?)null : e.Lasti; break;
                }
            }
            var predecessors = new StringBuilder();
            foreach (int p in b.Predecessors)
                predecessors.Append(predecessors.Length > 0 ? ", " : "").Append('B').Append(p.ToString(CultureInfo.InvariantCulture));
            return new PyBasicBlock
            {
                Path = ctx.Path, PythonVersion = ctx.Version, CodeName = code.Name, QualName = ctx.QualName, CodePath = ctx.Where.Path,
                Index = b.Index, StartOffset = b.StartOffset, EndOffset = b.EndOffset, InstructionCount = b.Count,
                FirstOpName = g.Instructions[b.First].OpName, LastOpName = g.Instructions[b.Last].OpName,
                Instructions = text.ToString(), Successors = successors.ToString(), Predecessors = predecessors.ToString(),
                FallThrough = fall, JumpTarget = jump, ExceptionTarget = exception, HandlerDepth = handlerDepth, HandlerLasti = lasti,
                IsHandler = b.IsHandler, DepthOnEntry = walk.BlockEntryDepth[b.Index],
            };
        }

        public override string ToString() => $"B{Index} {StartOffset}-{EndOffset} -> {Successors}";
    }
}
