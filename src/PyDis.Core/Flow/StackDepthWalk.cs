using System;
using System.Collections.Generic;
using PyDis.Core.Decoding;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;

namespace PyDis.Core.Flow
{
    /// <summary>
    /// The stack-depth walk of one code object, done the way its version's compiler did it (so the maximum
    /// is that version's co_stacksize): 2.7-3.6 stackdepth_walk's recursion over paths, 3.7+ the worklist with
    /// jump-specific effects, 3.11+ handlers from the exception table. Never throws; bounded work.
    /// </summary>
    /// <summary>What a walk assumes a later compiler pass changed (see <see cref="StackDepthWalk.Run(ControlFlowGraph, WalkAssumption)"/>).</summary>
    [Flags]
    internal enum WalkAssumption
    {
        None = 0,
        /// <summary>
        /// The peephole pass removed unreachable code after a RETURN_VALUE: a jump that ended the compiler's walk,
        /// or before a finally block the try body's POP_BLOCK / LOAD_CONST None.
        /// </summary>
        ReturnEndsWalk = 1,
        /// <summary>The peephole pass folded LOAD_CONST runs and BUILD_TUPLE into one constant.</summary>
        UnfoldConstants = 2,
        /// <summary>With <see cref="UnfoldConstants"/>: every number, string or bytes constant was a folded binary operation too.</summary>
        UnfoldOperations = 4,
        /// <summary>
        /// With <see cref="UnfoldConstants"/>, 3.7-3.9: only a function's defaults tuple was folded by the peephole
        /// pass (the AST optimizer folds every other constant tuple and operation before the compiler sees them).
        /// </summary>
        DefaultsOnly = 8,
        /// <summary>
        /// 3.1-3.3 (<see cref="FlowRules.PeepholeRewritesOrPopJumps"/>): every POP_JUMP_IF_* may have been a
        /// JUMP_IF_*_OR_POP when the compiler walked, which pops on neither path there.
        /// </summary>
        PopJumpsWereOrPop = 16,
        /// <summary>
        /// Instead of <see cref="ReturnEndsWalk"/>: the walk replays the unconditional jump the compiler put after a
        /// RETURN_VALUE that ends a loop's body or an if statement's body, which the peephole pass removed as
        /// unreachable. Before a loop's exit (the POP_BLOCK of a SETUP_LOOP; 3.0: after the POP_TOP of a while's
        /// test) it went back to the loop's head, on the compiler's path, which ended that walk; before an if
        /// statement's else branch (a target of one of the if's conditional jumps) it went to the end of the if with
        /// the depth after the RETURN_VALUE, which the walk takes to be the start of the else branch (3.0: past the
        /// POP_TOP of the condition that starts it): exact when the if has no else, a bound when it has one. After
        /// any other RETURN_VALUE the walk goes on, as the compiler's did.
        /// </summary>
        ReplaysJumpAfterReturn = 32,
    }

    public static class StackDepthWalk
    {
        /// <summary>Instruction steps allowed per instruction of the code (plus a floor), before the walk gives up.</summary>
        public const int StepsPerInstruction = 64;
        public const int MinimumSteps = 100_000;

        // Opcodes the final bytecode holds but the compiler's walk never saw: prefixes and left-over NOPs.
        private static readonly HashSet<string> CompilerNeverSaw = new HashSet<string>(StringComparer.Ordinal) { "EXTENDED_ARG", "NOP" };

        /// <summary>The walk as the version's compiler did it.</summary>
        public static StackDepthResult Run(ControlFlowGraph graph) => Run(graph, WalkAssumption.None);

        /// <summary>
        /// The walk under assumptions about what a pass after the compiler's walk changed (2.7-3.9 peephole):
        /// used to name the cause of a difference from co_stacksize, never to report the depth itself.
        /// </summary>
        internal static StackDepthResult Run(ControlFlowGraph graph, WalkAssumption assume)
        {
            if (graph is null) throw new ArgumentNullException(nameof(graph));
            var state = new State(graph, assume);
            if (state.Effects is null)
                state.Note(new FlowNote(FlowNoteKind.Unreadable, 0, "", $"PyDis has no stack effects for Python {graph.Code.Version}."));
            else if (graph.Blocks.Count > 0)
            {
                if (graph.Rules.Walk == DepthWalkKind.RecursivePaths) Recursive(state);
                else Worklist(state);
            }
            return state.Result();
        }

        private sealed class State
        {
            public readonly ControlFlowGraph G;
            public readonly FlowRules Rules;
            public readonly WalkAssumption Assume;
            public readonly StackEffectTable? Effects;
            public readonly long[] Start;          // per block: entry depth (long.MinValue: not reached)
            public readonly long?[] Before;        // per instruction: the largest depth before it
            public readonly int?[] Effect;         // per instruction: the effect the walk used when it falls through
            public readonly int?[] JumpEffect;     // per instruction with a followed target
            public readonly List<FlowNote> Notes = new List<FlowNote>();
            private readonly HashSet<(FlowNoteKind, int)> _noted = new HashSet<(FlowNoteKind, int)>();
            public long Max;  // starts at the version's minimum co_stacksize
            public long Steps;
            public readonly long StepLimit;
            public bool Stopped;

            public State(ControlFlowGraph g, WalkAssumption assume)
            {
                G = g;
                Assume = assume;
                Rules = g.Rules;
                Effects = g.Code.Release.HasStackEffects ? g.Code.Release.StackEffects : null;
                Start = new long[g.Blocks.Count];
                for (int i = 0; i < Start.Length; i++) Start[i] = long.MinValue;
                int n = g.Instructions.Count;
                Before = new long?[n];
                Effect = new int?[n];
                JumpEffect = new int?[n];
                StepLimit = Math.Max(MinimumSteps, (long)StepsPerInstruction * n);
                Max = g.Rules.MinimumDepth;
                foreach (var note in g.Notes) Note(note);
            }

            public void Note(FlowNote note)
            {
                if (_noted.Add((note.Kind, note.Offset))) Notes.Add(note);
            }

            /// <summary>Counts one step; false (and a note) once the limit is reached.</summary>
            public bool Step(Instruction ins)
            {
                if (Stopped) return false;
                if (++Steps <= StepLimit) return true;
                Stopped = true;
                Note(new FlowNote(FlowNoteKind.WorkLimit, ins.Offset, ins.OpName,
                    $"the walk stopped after {StepLimit} steps (the flow re-enters blocks with ever larger depths)"));
                return false;
            }

            /// <summary>The effect the compiler used; null (and a note) when the version knows none.</summary>
            public int? EffectOf(Instruction ins, JumpCase jump)
            {
                int effect = 0;
                var error = ins.Arg < 0
                    ? StackEffectError.Invalid
                    : Effects!.Evaluate(ins.OpCode, ins.Arg, jump, out effect);
                if (error == StackEffectError.None) return effect;
                if (CompilerNeverSaw.Contains(ins.OpName)) return 0;
                Note(new FlowNote(FlowNoteKind.InvalidStackEffect, ins.Offset, ins.OpName,
                    $"{ins.OpName} at offset {ins.Offset} has no stack effect in Python {G.Code.Version} ({StackEffectException.MessageOf(error)})"));
                return null;
            }

            /// <summary>Records the depth before instruction <paramref name="index"/>, and an underflow when its effect goes below zero.</summary>
            public void Record(int index, long before, long after)
            {
                if (Before[index] is null || Before[index] < before) Before[index] = before;
                if (after < 0 && before >= 0)
                {
                    var ins = G.Instructions[index];
                    Note(new FlowNote(FlowNoteKind.StackUnderflow, ins.Offset, ins.OpName,
                        $"{ins.OpName} at offset {ins.Offset} takes more than the {before} item(s) on the stack (depth {after} after it)"));
                }
            }

            public void Raise(long depth)
            {
                if (depth > Max) Max = depth;
            }

            /// <summary>
            /// The walk's own stops, plus, when assuming the peephole removed code after a RETURN_VALUE, that
            /// RETURN_VALUE: the compiler had a jump there which ended its walk (<see cref="FallsIntoFinally"/>
            /// names the other case).
            /// </summary>
            public bool Stops(Instruction ins) =>
                Rules.Stops.Contains(ins.OpName)
                || ((Assume & WalkAssumption.ReturnEndsWalk) != 0 && ins.OpName == "RETURN_VALUE" && !FallsIntoFinally(ins))
                || ((Assume & WalkAssumption.ReplaysJumpAfterReturn) != 0 && ins.OpName == "RETURN_VALUE" && IsLoopExit(Next(ins)));

            private int Next(Instruction ins) => G.IndexOfOffset(ins.Offset) + 1;

            /// <summary>
            /// Under <see cref="WalkAssumption.ReplaysJumpAfterReturn"/>, a RETURN_VALUE right before the else branch
            /// of an if statement (a target of one of the release's <see cref="FlowRules.IfJumps"/>; 3.0: a POP_TOP)
            /// that is not a loop's exit: the walk goes on past the depth <see cref="ElseBranchPop"/> lower.
            /// </summary>
            public bool JumpsToIfEnd(Instruction ins)
            {
                if ((Assume & WalkAssumption.ReplaysJumpAfterReturn) == 0 || ins.OpName != "RETURN_VALUE") return false;
                int next = Next(ins);
                _elseStarts ??= ElseStarts();
                return _elseStarts.Contains(next) && !IsLoopExit(next);
            }

            /// <summary>The depth the walk adds going on after a RETURN_VALUE into an else branch (3.0: the POP_TOP it steps over).</summary>
            public int ElseBranchPop => Rules.ElseBranchPopsCondition ? 1 : 0;

            private HashSet<int>? _elseStarts;

            private HashSet<int> ElseStarts()
            {
                var starts = new HashSet<int>();
                foreach (var ins in G.Instructions)
                    if (Rules.IfJumps.Contains(ins.OpName) && G.CompilerTarget(ins) is long t && G.IndexOfOffset(t) is int k && k >= 0
                        && (!Rules.ElseBranchPopsCondition || G.Instructions[k].OpName == "POP_TOP"))
                        starts.Add(k);
                return starts;
            }

            /// <summary>
            /// Whether instruction <paramref name="index"/> is where a loop's body ends: the POP_BLOCK of a SETUP_LOOP
            /// (3.0: or the POP_TOP of a while's test before it).
            /// </summary>
            private bool IsLoopExit(int index)
            {
                var ins = G.Instructions;
                if (index < ins.Count && Rules.ElseBranchPopsCondition && ins[index].OpName == "POP_TOP") index++;
                return index < ins.Count && ins[index].OpName == "POP_BLOCK" && InnermostSetup(index) == "SETUP_LOOP";
            }

            private string? InnermostSetup(int index)
            {
                int offset = G.Instructions[index].Offset;
                string? best = null;
                for (int i = 0; i < index; i++)
                {
                    var s = G.Instructions[i];
                    if (!s.OpName.StartsWith("SETUP_", StringComparison.Ordinal) || !(G.CompilerTarget(s) is long end) || end <= offset) continue;
                    best = s.OpName;  // later setups are nested inside earlier ones
                }
                return best;
            }

            /// <summary>
            /// Under <see cref="WalkAssumption.ReturnEndsWalk"/>, a RETURN_VALUE right before a finally block: the
            /// compiler ended the try body with POP_BLOCK and LOAD_CONST None (compiler_try_finally), which the
            /// peephole pass removed as unreachable, so its walk entered the finally block one deeper.
            /// </summary>
            public bool FallsIntoFinally(Instruction ins)
            {
                if ((Assume & WalkAssumption.ReturnEndsWalk) == 0 || ins.OpName != "RETURN_VALUE") return false;
                int next = G.IndexOfOffset(ins.Offset) + 1;
                if (next >= G.Instructions.Count) return false;
                _finallyStarts ??= FinallyStarts();
                return _finallyStarts.Contains(next);
            }

            private HashSet<int>? _finallyStarts;

            private HashSet<int> FinallyStarts()
            {
                var starts = new HashSet<int>();
                foreach (var ins in G.Instructions)
                    if (ins.OpName == "SETUP_FINALLY" && G.CompilerTarget(ins) is long t && G.IndexOfOffset(t) is int k && k >= 0)
                        starts.Add(k);
                return starts;
            }

            /// <summary>With <see cref="WalkAssumption.UnfoldConstants"/>: the peak of the instructions a folded constant replaced.</summary>
            public void RaiseFolded(Instruction ins, long before)
            {
                if ((Assume & WalkAssumption.UnfoldConstants) == 0 || ins.OpName != "LOAD_CONST" || ins.Arg is not int k) return;
                if ((Assume & WalkAssumption.DefaultsOnly) != 0 && !LoadsDefaults(ins)) return;
                if (NamesTuple(ins)) return;
                var consts = G.Code.Consts;
                if (k >= 0 && k < consts.Length) Raise(before + FoldedPeak(consts[k], 0, (Assume & WalkAssumption.UnfoldOperations) != 0));
            }

            // Tuples the compiler itself loads as one constant: key names, keyword names, an import's fromlist.
            private static readonly HashSet<string> NamesTupleUsers = new HashSet<string>(StringComparer.Ordinal)
                { "BUILD_CONST_KEY_MAP", "CALL_FUNCTION_KW", "IMPORT_NAME" };

            private bool NamesTuple(Instruction load)
            {
                int next = G.IndexOfOffset(load.Offset) + 1;
                while (next < G.Instructions.Count && CompilerNeverSaw.Contains(G.Instructions[next].OpName)) next++;
                return next < G.Instructions.Count && NamesTupleUsers.Contains(G.Instructions[next].OpName);
            }

            /// <summary>
            /// Whether this load is the defaults tuple of a MAKE_FUNCTION later in the block: that MAKE_FUNCTION
            /// takes defaults (flag 1) and pops exactly this value and everything pushed after it.
            /// </summary>
            private bool LoadsDefaults(Instruction load)
            {
                int i = G.IndexOfOffset(load.Offset);
                var block = G.BlockOf(i);
                long above = 0;
                for (int j = i + 1; j <= block.Last; j++)
                {
                    var ins = G.Instructions[j];
                    if (CompilerNeverSaw.Contains(ins.OpName)) continue;
                    if (Effects!.Evaluate(ins.OpCode, ins.Arg, JumpCase.NotTaken, out int effect) != StackEffectError.None) return false;
                    if (ins.OpName == "MAKE_FUNCTION") return (ins.Arg & 1) != 0 && above == -effect;
                    above += effect;
                    if (above < 0) return false;
                }
                return false;
            }

            /// <summary>
            /// The depth the compiler may have reached building a constant the peephole pass folded: a tuple (or
            /// 3.2+ frozenset) of n constants was n LOAD_CONSTs and a BUILD_TUPLE, its items folded first; a
            /// number, string or bytes may have been operations on constants (1 &lt;&lt; 16, '\n' + 8 * ' ': up to 3 deep).
            /// </summary>
            private static long FoldedPeak(Model.PyObject value, int nesting, bool operations)
            {
                switch (value.Kind)
                {
                    case Model.PyKind.Tuple:
                    case Model.PyKind.FrozenSet:
                        if (nesting > 64 || !(value is Model.PySequence seq)) return 1;
                        long peak = 1;
                        for (int i = 0; i < seq.Items.Length; i++) peak = Math.Max(peak, i + FoldedPeak(seq.Items[i], nesting + 1, operations));
                        return peak;
                    case Model.PyKind.Int:
                    case Model.PyKind.Float:
                    case Model.PyKind.Complex:
                    case Model.PyKind.Str:
                    case Model.PyKind.Bytes:
                        return operations ? 3 : 1;
                    default:
                        return 1;
                }
            }

            public int TargetBlock(Instruction ins)
            {
                long? target = G.CompilerTarget(ins);
                int t = target is null ? -1 : G.IndexOfOffset(target.Value);
                return t < 0 ? -1 : G.BlockOf(t).Index;
            }

            public StackDepthResult Result()
            {
                var entry = new int?[Start.Length];
                for (int i = 0; i < Start.Length; i++) entry[i] = Start[i] == long.MinValue ? (int?)null : Clamp(Start[i]);
                var before = new int?[Before.Length];
                for (int i = 0; i < Before.Length; i++) before[i] = Before[i] is long b ? Clamp(b) : (int?)null;
                bool complete = Effects != null && !Stopped && !Notes.Exists(n => n.Kind == FlowNoteKind.InvalidStackEffect || n.Kind == FlowNoteKind.Unreadable);
                return new StackDepthResult(G, Effects is null ? (int?)null : Clamp(Max), complete, before, Effect, JumpEffect, entry, Notes);
            }

            private static int Clamp(long v) => v > int.MaxValue ? int.MaxValue : v < int.MinValue ? int.MinValue : (int)v;
        }

        // ---- 3.7+ ----------------------------------------------------------------------------------------

        private static void Worklist(State s)
        {
            var g = s.G;
            var rules = s.Rules;
            var stack = new Stack<int>();
            void Push(int block, long depth, Instruction from)
            {
                long start = s.Start[block];
                if (start == long.MinValue || (start < depth && start < rules.StartDepthCap))
                {
                    if (start != long.MinValue)
                        s.Note(new FlowNote(FlowNoteKind.InconsistentDepth, g.Blocks[block].StartOffset, from.OpName,
                            $"the block at offset {g.Blocks[block].StartOffset} is reached with depth {start} and with {depth}"));
                    s.Start[block] = depth;
                    stack.Push(block);
                }
                else if (start != depth)
                    s.Note(new FlowNote(FlowNoteKind.InconsistentDepth, g.Blocks[block].StartOffset, from.OpName,
                        $"the block at offset {g.Blocks[block].StartOffset} is reached with depth {start} and with {depth}"));
            }

            if (g.Blocks.Count == 0) return;
            bool generator = (g.Code.Flags & (CodeFlags.GENERATOR | CodeFlags.COROUTINE | CodeFlags.ASYNC_GENERATOR)) != 0;
            s.Start[0] = generator ? rules.GeneratorEntryDepth : 0;
            stack.Push(0);
            bool split = s.Effects!.HasJumpSplit;
            var fallCase = split ? JumpCase.NotTaken : JumpCase.Either;
            var jumpCase = split ? JumpCase.Taken : JumpCase.Either;
            while (stack.Count > 0 && !s.Stopped)
            {
                var b = g.Blocks[stack.Pop()];
                long depth = s.Start[b.Index];
                bool next = true;
                for (int i = b.First; i <= b.Last; i++)
                {
                    var ins = g.Instructions[i];
                    if (!s.Step(ins)) return;
                    int? fall = s.EffectOf(ins, fallCase);
                    if (fall is null) { next = false; break; }
                    s.Effect[i] = fall;
                    long after = depth + fall.Value;
                    s.Record(i, depth, after);
                    s.Raise(rules.CountsPostDepths ? after : depth);
                    s.RaiseFolded(ins, depth);
                    if (rules.Peaks.TryGetValue(ins.OpName, out int peak)) s.Raise(depth + peak);
                    if (g.CompilerTarget(ins) != null && !rules.TargetNotFollowed.Contains(ins.OpName))
                    {
                        int? jump = s.EffectOf(ins, jumpCase);
                        int target = s.TargetBlock(ins);
                        if (jump != null)
                        {
                            s.JumpEffect[i] = jump;
                            long targetDepth = depth + jump.Value;
                            if (rules.CountsPostDepths) s.Raise(targetDepth);
                            if (target >= 0) Push(target, targetDepth, ins);
                        }
                    }
                    if (b.Handler is CodeTables.ExceptionEntry e && i == b.First)
                    {
                        int handler = g.IndexOfOffset(e.Target);
                        long handlerDepth = (long)e.Depth + 1 + (e.Lasti ? 1 : 0);
                        if (rules.CountsPostDepths) s.Raise(handlerDepth);
                        if (handler >= 0) Push(g.BlockOf(handler).Index, handlerDepth, ins);
                    }
                    depth = after;
                    if (s.Stops(ins)) { next = false; break; }
                }
                if (next && b.Index + 1 < g.Blocks.Count) Push(b.Index + 1, depth, g.Instructions[b.Last]);
            }
        }

        // ---- 2.7, 3.0-3.6 ----------------------------------------------------------------------------------

        private sealed class Frame
        {
            public int Block;
            public int Next;        // next instruction index to walk
            public long Depth;
            public bool Done;       // the rest is dead (after JUMP_ABSOLUTE / JUMP_FORWARD) or already handled
            public bool NextWalked;
        }

        /// <summary>stackdepth_walk without recursion: an explicit stack of frames, so hostile code cannot overflow it.</summary>
        private static void Recursive(State s)
        {
            var g = s.G;
            var rules = s.Rules;
            var seen = new bool[g.Blocks.Count];
            var frames = new Stack<Frame>();

            void Enter(int block, long depth)
            {
                if (block < 0 || seen[block] || s.Start[block] >= depth) return;
                seen[block] = true;
                s.Start[block] = depth;
                frames.Push(new Frame { Block = block, Next = g.Blocks[block].First, Depth = depth });
            }

            Enter(0, 0);
            while (frames.Count > 0 && !s.Stopped)
            {
                var f = frames.Peek();
                var b = g.Blocks[f.Block];
                if (!f.Done && f.Next <= b.Last)
                {
                    int i = f.Next++;
                    var ins = g.Instructions[i];
                    if (!s.Step(ins)) return;
                    int? effect = s.EffectOf(ins, JumpCase.Either);
                    if (effect is null) { f.Done = true; f.NextWalked = true; continue; }
                    if ((s.Assume & WalkAssumption.PopJumpsWereOrPop) != 0 && ins.OpName.StartsWith("POP_JUMP_IF_", StringComparison.Ordinal))
                        effect = 0;
                    s.Effect[i] = effect;
                    s.Record(i, f.Depth, f.Depth + effect.Value);
                    long before = f.Depth;
                    f.Depth += effect.Value;
                    s.Raise(f.Depth);
                    s.RaiseFolded(ins, before);
                    if (g.CompilerTarget(ins) != null)
                    {
                        long targetDepth = f.Depth;
                        if (rules.TargetRules.TryGetValue(ins.OpName, out var rule))
                        {
                            targetDepth += rule.TargetDelta;
                            if (rule.TargetCountsInMax) s.Raise(targetDepth);
                            f.Depth += rule.FallThroughDelta;
                        }
                        s.JumpEffect[i] = (int)(targetDepth - before);
                        if (s.Stops(ins)) { f.Done = true; f.NextWalked = true; }
                        Enter(s.TargetBlock(ins), targetDepth);
                    }
                    else if (s.Stops(ins)) { f.Done = true; f.NextWalked = true; }
                    else if (s.FallsIntoFinally(ins)) f.Depth += 1;
                    else if (s.JumpsToIfEnd(ins)) f.Depth += s.ElseBranchPop;
                    continue;
                }
                if (!f.NextWalked)
                {
                    f.NextWalked = true;
                    if (f.Block + 1 < g.Blocks.Count) Enter(f.Block + 1, f.Depth);
                    continue;
                }
                seen[f.Block] = false;
                frames.Pop();
            }
        }
    }
}
