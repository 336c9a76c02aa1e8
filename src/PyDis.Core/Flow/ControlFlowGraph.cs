using System;
using System.Collections.Generic;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.CodeTables;

namespace PyDis.Core.Flow
{
    /// <summary>How control leaves a basic block for a successor.</summary>
    public enum EdgeKind
    {
        /// <summary>To the next block in the code, when the last instruction does not jump away for good.</summary>
        FallThrough,
        /// <summary>A jump to its runtime target (also BREAK_LOOP to its loop's exit).</summary>
        Jump,
        /// <summary>
        /// To an exception handler: 3.11+ from every block an exception-table entry covers; before 3.11 from
        /// the SETUP_EXCEPT / SETUP_FINALLY / SETUP_WITH / SETUP_ASYNC_WITH that pushes the handler block.
        /// </summary>
        Exception,
    }

    /// <summary>One edge of the graph. Depth and Lasti are those of the exception-table entry (3.11+ handlers).</summary>
    public readonly struct FlowEdge
    {
        public FlowEdge(int target, EdgeKind kind, int? handlerDepth = null, bool lasti = false)
        {
            Target = target; Kind = kind; HandlerDepth = handlerDepth; Lasti = lasti;
        }

        /// <summary>Index of the successor block.</summary>
        public int Target { get; }
        public EdgeKind Kind { get; }
        /// <summary>3.11+ exception edges: the stack depth the table restores before pushing lasti and the exception.</summary>
        public int? HandlerDepth { get; }
        /// <summary>3.11+ exception edges: whether the handler gets the offset of the raising instruction pushed.</summary>
        public bool Lasti { get; }
    }

    /// <summary>A maximal run of instructions entered only at its first and left only after its last.</summary>
    public sealed class BasicBlock
    {
        internal BasicBlock(int index, int first, int count, int startOffset, int endOffset)
        {
            Index = index; First = first; Count = count; StartOffset = startOffset; EndOffset = endOffset;
        }

        public int Index { get; }
        /// <summary>Index of the first instruction in <see cref="ControlFlowGraph.Instructions"/>.</summary>
        public int First { get; }
        public int Count { get; }
        /// <summary>Byte offset of the first instruction (its first EXTENDED_ARG prefix included).</summary>
        public int StartOffset { get; }
        /// <summary>Byte offset just past the last instruction and its inline caches.</summary>
        public int EndOffset { get; }
        public int Last => First + Count - 1;

        public List<FlowEdge> Successors { get; } = new List<FlowEdge>();
        public List<int> Predecessors { get; } = new List<int>();

        /// <summary>3.11+: the exception-table entry covering this block, if any.</summary>
        public ExceptionEntry? Handler { get; internal set; }
        /// <summary>Whether some exception edge enters this block.</summary>
        public bool IsHandler { get; internal set; }
    }

    /// <summary>
    /// The control-flow graph of one code object: an analysis over the decoder's instructions (never inside the
    /// decoder). Leaders are offset 0, every jump target (the compiler's, which dis shows, and the runtime one
    /// where they differ), the instruction after every jump, exit and block setup, and 3.11+ exception-table
    /// range starts, ends and handlers. Edges are the runtime ones: FOR_ITER's exit skips what the interpreter
    /// skips (3.12+ END_FOR), BREAK_LOOP goes to the exit of the innermost SETUP_LOOP around it.
    /// </summary>
    public sealed class ControlFlowGraph
    {
        // Names that mean the same in every version that has them (the rules that differ live in FlowRules).
        private static readonly HashSet<string> Unconditional = new HashSet<string>(StringComparer.Ordinal)
        {
            "JUMP_ABSOLUTE", "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "CONTINUE_LOOP", "JUMP", "JUMP_NO_INTERRUPT",
        };
        private static readonly HashSet<string> Exits = new HashSet<string>(StringComparer.Ordinal)
        {
            "RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE", "INTERPRETER_EXIT", "BREAK_LOOP",
        };
        private static readonly HashSet<string> HandlerSetups = new HashSet<string>(StringComparer.Ordinal)
        {
            "SETUP_EXCEPT", "SETUP_FINALLY", "SETUP_WITH", "SETUP_ASYNC_WITH", "SETUP_CLEANUP",
        };

        private readonly Dictionary<int, int> _indexOfOffset;
        private readonly int[] _blockOfInstruction;

        private ControlFlowGraph(CodeObject code, FlowRules rules, Instruction[] instructions, OpcodeTable table)
        {
            Code = code;
            Rules = rules;
            Instructions = instructions;
            Table = table;
            _indexOfOffset = new Dictionary<int, int>(instructions.Length);
            for (int i = 0; i < instructions.Length; i++) _indexOfOffset[instructions[i].Offset] = i;
            _blockOfInstruction = new int[instructions.Length];
            ExceptionEntries = code.Release.Tables.HasExceptionTable ? ExceptionTable.Parse(code) : Array.Empty<ExceptionEntry>();
            ForIterExitSkip = code.Release.HasStackEffects ? code.Release.StackEffects.ForIterExitSkip : 0;
        }

        public CodeObject Code { get; }
        /// <summary>The code's release's flow rules (<see cref="Release.Flow"/>).</summary>
        public FlowRules Rules { get; }

        /// <summary>
        /// How many instructions after FOR_ITER's dis target an exhausted loop really resumes at (3.12+ skip the
        /// END_FOR dis points at; generated from sys.monitoring's BRANCH event, tests/fixtures/stack).
        /// </summary>
        public int ForIterExitSkip { get; }
        public OpcodeTable Table { get; }
        /// <summary>The decoder's instructions (dis.get_instructions), EXTENDED_ARG rows included.</summary>
        public IReadOnlyList<Instruction> Instructions { get; }
        public IReadOnlyList<BasicBlock> Blocks => _blocks;
        /// <summary>3.11+ co_exceptiontable entries (empty before).</summary>
        public IReadOnlyList<ExceptionEntry> ExceptionEntries { get; }
        /// <summary>Problems met while building the graph (a jump outside the code, …); the graph is built regardless.</summary>
        public IReadOnlyList<FlowNote> Notes => _notes;

        private readonly List<BasicBlock> _blocks = new List<BasicBlock>();
        private readonly List<FlowNote> _notes = new List<FlowNote>();

        /// <summary>Index of the instruction at a byte offset, or -1.</summary>
        public int IndexOfOffset(long offset) =>
            offset >= 0 && offset <= int.MaxValue && _indexOfOffset.TryGetValue((int)offset, out int i) ? i : -1;

        /// <summary>The block holding instruction <paramref name="index"/>.</summary>
        public BasicBlock BlockOf(int index) => _blocks[_blockOfInstruction[index]];

        /// <summary>
        /// Builds the graph of one code object. Throws <see cref="PycFormatException"/> only when its bytecode or
        /// exception table cannot be read at all; <see cref="NotSupportedException"/> for a version without an
        /// opcode table.
        /// </summary>
        public static ControlFlowGraph Build(CodeObject code, IReadOnlyList<Instruction>? instructions = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var table = code.Release.Opcodes;  // NotSupportedException for a release without an opcode table
            var list = instructions is null ? new List<Instruction>(CodeDecoder.Decode(code)) : new List<Instruction>(instructions);
            // dis shows an instruction cut inside its oparg (without an argument); no flow can be built on it.
            if (list.Count > 0 && list[list.Count - 1] is var last && last.Arg is null && table.Ops[last.OpCode].HasArg)
                throw new PycFormatException(last.Offset, "co_code of " + code.DisplayName,
                    $"the instruction {last.OpName} at offset {last.Offset} lacks its oparg byte(s): co_code ends after {code.Code.Length} bytes");
            var g = new ControlFlowGraph(code, code.Release.Flow, list.ToArray(), table);
            g.Split();
            g.Connect();
            return g;
        }

        /// <summary>The ArgKind of an instruction's opcode.</summary>
        public ArgKind KindOf(Instruction ins) => Table[ins.OpCode].ArgKind;

        /// <summary>
        /// The target the compiler gave a jump (dis's target), for the opcodes the compiler's walk follows
        /// (END_ASYNC_FOR's "from" target is not a jump); null when the instruction has none.
        /// </summary>
        public long? CompilerTarget(Instruction ins)
        {
            var kind = KindOf(ins);
            if (kind != ArgKind.JumpForward && kind != ArgKind.JumpBackward && kind != ArgKind.JumpAbsolute) return null;
            if (ins.JumpTarget is int t) return t;
            return ins.Arg is null ? (long?)null : long.MaxValue;  // a target that does not fit: outside the code
        }

        /// <summary>Where a jump really lands: dis's target, except FOR_ITER's exit (<see cref="ForIterExitSkip"/>).</summary>
        public int RuntimeTargetIndex(Instruction ins)
        {
            long? target = CompilerTarget(ins);
            if (target is null) return -1;
            int index = IndexOfOffset(target.Value);
            if (index >= 0 && ins.OpName == "FOR_ITER") index += ForIterExitSkip;
            return index < Instructions.Count ? index : -1;
        }

        public static bool IsUnconditional(string opName) => Unconditional.Contains(opName);
        public static bool IsExit(string opName) => Exits.Contains(opName);
        public static bool IsHandlerSetup(string opName) => HandlerSetups.Contains(opName);

        private void Split()
        {
            int n = Instructions.Count;
            var leader = new bool[n + 1];
            if (n > 0) leader[0] = true;
            for (int i = 0; i < n; i++)
            {
                var ins = Instructions[i];
                long? target = CompilerTarget(ins);
                if (target != null)
                {
                    int t = IndexOfOffset(target.Value);
                    if (t >= 0) leader[t] = true;
                    else _notes.Add(FlowNote.BadTarget(ins, target.Value));
                    int r = RuntimeTargetIndex(ins);
                    if (r >= 0) leader[r] = true;
                    leader[i + 1] = true;
                }
                else if (IsExit(ins.OpName) || IsUnconditional(ins.OpName))
                    leader[i + 1] = true;
            }
            foreach (var e in ExceptionEntries)
            {
                foreach (int at in new[] { e.Start, e.End, e.Target })
                {
                    int k = IndexOfOffset(at);
                    if (k >= 0) leader[k] = true;
                    else if (at != Code.Code.Length) _notes.Add(new FlowNote(FlowNoteKind.TargetNotAnInstruction, at, "",
                        $"the exception table names offset {at}, which is not an instruction"));
                }
            }
            for (int i = 0; i < n;)
            {
                int j = i + 1;
                while (j < n && !leader[j]) j++;
                var first = Instructions[i];
                var last = Instructions[j - 1];
                int start = Math.Min(first.StartOffset, first.Offset);
                var block = new BasicBlock(_blocks.Count, i, j - i, start, last.Offset + last.Size);
                for (int k = i; k < j; k++) _blockOfInstruction[k] = block.Index;
                _blocks.Add(block);
                i = j;
            }
        }

        private void AddEdge(BasicBlock from, int toInstruction, EdgeKind kind, int? depth = null, bool lasti = false)
        {
            if (toInstruction < 0 || toInstruction >= Instructions.Count) return;
            int to = _blockOfInstruction[toInstruction];
            foreach (var e in from.Successors)
                if (e.Target == to && e.Kind == kind) return;
            from.Successors.Add(new FlowEdge(to, kind, depth, lasti));
            if (!_blocks[to].Predecessors.Contains(from.Index)) _blocks[to].Predecessors.Add(from.Index);
            if (kind == EdgeKind.Exception) _blocks[to].IsHandler = true;
        }

        private void Connect()
        {
            foreach (var b in _blocks)
            {
                var last = Instructions[b.Last];
                string name = last.OpName;
                bool falls = !IsExit(name) && !IsUnconditional(name);
                if (name == "BREAK_LOOP")
                    AddEdge(b, LoopExitOf(b.Last), EdgeKind.Jump);
                else if (CompilerTarget(last) != null && name != "SETUP_LOOP")
                    AddEdge(b, RuntimeTargetIndex(last), IsHandlerSetup(name) ? EdgeKind.Exception : EdgeKind.Jump);
                if (falls && b.Last + 1 < Instructions.Count) AddEdge(b, b.Last + 1, EdgeKind.FallThrough);

                var entry = Covering(Instructions[b.First].Offset);
                if (entry is ExceptionEntry e)
                {
                    b.Handler = e;
                    AddEdge(b, IndexOfOffset(e.Target), EdgeKind.Exception, e.Depth, e.Lasti);
                }
            }
        }

        /// <summary>The 3.11+ exception-table entry whose range holds <paramref name="offset"/> (the first, as the interpreter searches).</summary>
        public ExceptionEntry? Covering(int offset)
        {
            foreach (var e in ExceptionEntries)
                if (offset >= e.Start && offset < e.End) return e;
            return null;
        }

        /// <summary>
        /// BREAK_LOOP's runtime target (2.7-3.7): the exit of the innermost SETUP_LOOP whose range holds it, the
        /// way the block stack holds it in compiled code; -1 when none does.
        /// </summary>
        private int LoopExitOf(int breakIndex)
        {
            int breakOffset = Instructions[breakIndex].Offset;
            int best = -1;
            long bestStart = -1;
            for (int i = 0; i < breakIndex; i++)
            {
                var s = Instructions[i];
                if (s.OpName != "SETUP_LOOP" || !(CompilerTarget(s) is long end) || end <= breakOffset) continue;
                if (s.Offset > bestStart) { bestStart = s.Offset; best = IndexOfOffset(end); }
            }
            return best;
        }
    }
}
