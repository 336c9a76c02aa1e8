using System;
using System.Collections.Generic;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Flow
{
    /// <summary>Why a computed maximum depth differs from co_stacksize (or that it does not).</summary>
    public enum StackDepthCause
    {
        /// <summary>The computed maximum equals co_stacksize.</summary>
        Match,
        /// <summary>
        /// 2.7-3.6: the peephole pass, run after the compiler's walk, removed unreachable code after a RETURN_VALUE:
        /// a jump that had ended that walk (without it the walk on the final bytecode falls into the next block at
        /// a depth the compiler never used), the JUMP_FORWARD that ended an if statement's body, from whose target
        /// (the end of the if; 3.0: past the POP_TOP that starts the else branch) the compiler walked on with the
        /// depth after the RETURN_VALUE, a try body's POP_BLOCK / LOAD_CONST None before its finally block, or
        /// statements the compiler had counted (their nested code objects stay in co_consts, loaded by nothing).
        /// </summary>
        PeepholeDeadCode,
        /// <summary>
        /// 2.7-3.9: the peephole pass folded LOAD_CONSTs and a BUILD_TUPLE (3.2+: BUILD_SET in a membership
        /// test) into one constant after the compiler counted the depth they needed.
        /// </summary>
        PeepholeConstantFolding,
        /// <summary>Both peephole changes above together.</summary>
        PeepholeDeadCodeAndFolding,
        /// <summary>
        /// 3.1-3.3: the peephole pass rewrote JUMP_IF_*_OR_POPs that led to other conditional jumps (into
        /// POP_JUMP_IF_*), after the compiler's walk had counted them popping nothing (constants may have been
        /// folded too): co_stacksize lies between the walk of the final code and the walk that takes every
        /// POP_JUMP_IF_* for such a jump.
        /// </summary>
        PeepholeJumpRewrite,
        /// <summary>
        /// 3.11+: the compiler walked an exception handler whose protected range the optimizer emptied, so no
        /// exception-table entry leads to it and the final code never enters it.
        /// </summary>
        HandlerWithoutRange,
        /// <summary>The walk could not finish (no stack effect for an opcode, or the work limit); see the notes.</summary>
        WalkIncomplete,
        /// <summary>The code could not be analysed at all (unreadable bytecode).</summary>
        NotAnalysed,
        /// <summary>A difference none of the above explains: odd, hand-made or obfuscated bytecode, or a PyDis bug.</summary>
        Unexplained,
    }

    /// <summary>The stack-depth verdict on one code object: computed maximum, co_stacksize and the cause of a difference.</summary>
    public sealed class StackCheckResult
    {
        internal StackCheckResult(CodeObject code, StackDepthResult? walk, StackDepthCause cause, string? reason, int? explainedDepth)
        {
            Code = code; Walk = walk; Cause = cause; Reason = reason; ExplainedDepth = explainedDepth;
        }

        public CodeObject Code { get; }
        /// <summary>The faithful walk (null when the code could not be analysed).</summary>
        public StackDepthResult? Walk { get; }
        public int? ComputedMaxDepth => Walk?.MaxDepth;
        public int StackSize => Code.StackSize;
        public bool Matches => Cause == StackDepthCause.Match;
        public StackDepthCause Cause { get; }
        /// <summary>A sentence on the difference (null for a match).</summary>
        public string? Reason { get; }
        /// <summary>The maximum under the assumption that explains the difference, when one does.</summary>
        public int? ExplainedDepth { get; }
        /// <summary>Whether a difference is explained by a named cause (a match counts as explained).</summary>
        public bool IsExplained => Cause != StackDepthCause.Unexplained && Cause != StackDepthCause.WalkIncomplete && Cause != StackDepthCause.NotAnalysed;
    }

    /// <summary>Compares the walk with co_stacksize and names the cause of a difference.</summary>
    public static class StackCheck
    {
        /// <summary>Checks one code object; never throws for bad bytecode (the result says why it could not).</summary>
        public static StackCheckResult Check(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            ControlFlowGraph graph;
            try
            {
                graph = ControlFlowGraph.Build(code);
            }
            catch (Exception e) when (e is PycFormatException || e is NotSupportedException || e is ArgumentException)
            {
                return new StackCheckResult(code, null, StackDepthCause.NotAnalysed, e.Message, null);
            }
            return Check(graph);
        }

        public static StackCheckResult Check(ControlFlowGraph graph)
        {
            var walk = StackDepthWalk.Run(graph);
            var code = graph.Code;
            if (!walk.IsComplete)
                return new StackCheckResult(code, walk, walk.MaxDepth is null ? StackDepthCause.NotAnalysed : StackDepthCause.WalkIncomplete,
                    FirstProblem(walk), null);
            if (walk.Matches) return new StackCheckResult(code, walk, StackDepthCause.Match, null, null);

            var rules = graph.Rules;
            var peephole = Assumable(rules.Peephole);
            if (peephole != WalkAssumption.None)
            {
                foreach (var (general, cause, how) in Assumptions)
                {
                    if ((general & ~peephole) != 0) continue;
                    var assume = general | (peephole & WalkAssumption.DefaultsOnly);
                    // Folding is known only up to which constants were operations: co_stacksize must lie between
                    // unfolding tuples alone and unfolding every number and string as well.
                    var low = StackDepthWalk.Run(graph, assume).MaxDepth;
                    var high = (assume & WalkAssumption.UnfoldConstants) != 0 && (assume & WalkAssumption.DefaultsOnly) == 0
                        ? StackDepthWalk.Run(graph, assume | WalkAssumption.UnfoldOperations).MaxDepth
                        : low;
                    if (low <= code.StackSize && code.StackSize <= high)
                        return new StackCheckResult(code, walk, cause,
                            $"computed {walk.MaxDepth}, co_stacksize {code.StackSize}: {Describe(cause)} ({how}, the walk gives "
                            + (low == high ? $"{low})" : $"{low} to {high})"),
                            code.StackSize);
                }
            }
            if (rules.PeepholeRewritesOrPopJumps && walk.MaxDepth < code.StackSize)
            {
                // The final code's walk (with every other peephole change assumed) is the low end; taking every
                // POP_JUMP_IF_* for a JUMP_IF_*_OR_POP is the high end.
                // Each model of the code removed after RETURN_VALUEs gives its own high end.
                var low = walk.MaxDepth;
                int? high = null;
                foreach (var deadCode in DeadCodeModels)
                {
                    var others = (peephole & ~AnyDeadCodeModel) | deadCode | WalkAssumption.UnfoldOperations;
                    var h = StackDepthWalk.Run(graph, others | WalkAssumption.PopJumpsWereOrPop).MaxDepth;
                    if (high is null || h > high) high = h;
                }
                if (low <= code.StackSize && code.StackSize <= high)
                    return new StackCheckResult(code, walk, StackDepthCause.PeepholeJumpRewrite,
                        $"computed {walk.MaxDepth}, co_stacksize {code.StackSize}: {Describe(StackDepthCause.PeepholeJumpRewrite)} "
                        + $"(assuming every POP_JUMP_IF_* was one, the walk gives up to {high})", null);
            }
            if ((peephole & WalkAssumption.ReturnEndsWalk) != 0 && walk.MaxDepth < code.StackSize
                && UnloadedCode(graph) is string orphan)
                return new StackCheckResult(code, walk, StackDepthCause.PeepholeDeadCode,
                    $"computed {walk.MaxDepth}, co_stacksize {code.StackSize}: {Describe(StackDepthCause.PeepholeDeadCode)} "
                    + $"(co_consts still holds {orphan}, which no instruction loads: the removed code defined it)", null);
            if (code.Release.Tables.HasExceptionTable && walk.MaxDepth < code.StackSize && HasUnreachedHandler(graph, walk))
                return new StackCheckResult(code, walk, StackDepthCause.HandlerWithoutRange,
                    $"computed {walk.MaxDepth}, co_stacksize {code.StackSize}: {Describe(StackDepthCause.HandlerWithoutRange)}", null);
            return new StackCheckResult(code, walk, StackDepthCause.Unexplained,
                $"computed {walk.MaxDepth}, co_stacksize {code.StackSize}, and no known compiler pass explains the difference", null);
        }

        /// <summary>What the walk may assume a release's peephole pass changed.</summary>
        private static WalkAssumption Assumable(PeepholePass pass)
        {
            switch (pass)
            {
                case PeepholePass.FoldsAndRemovesDeadCode:
                    return WalkAssumption.ReturnEndsWalk | WalkAssumption.ReplaysJumpAfterReturn | WalkAssumption.UnfoldConstants;
                case PeepholePass.FoldsDefaults: return WalkAssumption.UnfoldConstants | WalkAssumption.DefaultsOnly;
                default: return WalkAssumption.None;
            }
        }

        /// <summary>The two models of the code the peephole pass removed after RETURN_VALUEs (the walk takes one at a time).</summary>
        private static readonly WalkAssumption[] DeadCodeModels = { WalkAssumption.ReturnEndsWalk, WalkAssumption.ReplaysJumpAfterReturn };
        private const WalkAssumption AnyDeadCodeModel = WalkAssumption.ReturnEndsWalk | WalkAssumption.ReplaysJumpAfterReturn;

        private const string Replaying = "replaying the jumps the compiler had put after RETURN_VALUEs (to the end of an if statement, back to a loop's head)";

        /// <summary>The assumptions tried in order, the cause each names, and how the reason says what was assumed.</summary>
        private static readonly (WalkAssumption, StackDepthCause, string)[] Assumptions =
        {
            (WalkAssumption.ReturnEndsWalk, StackDepthCause.PeepholeDeadCode, "assuming it"),
            (WalkAssumption.UnfoldConstants, StackDepthCause.PeepholeConstantFolding, "assuming it"),
            (WalkAssumption.ReturnEndsWalk | WalkAssumption.UnfoldConstants, StackDepthCause.PeepholeDeadCodeAndFolding, "assuming it"),
            (WalkAssumption.ReplaysJumpAfterReturn, StackDepthCause.PeepholeDeadCode, Replaying),
            (WalkAssumption.ReplaysJumpAfterReturn | WalkAssumption.UnfoldConstants, StackDepthCause.PeepholeDeadCodeAndFolding, Replaying + " and unfolding constants"),
        };

        /// <summary>The name of a code object in co_consts that no LOAD_CONST loads (its definition was removed), or null.</summary>
        private static string? UnloadedCode(ControlFlowGraph graph)
        {
            var loaded = new HashSet<int>();
            foreach (var ins in graph.Instructions)
                if (ins.OpName == "LOAD_CONST" && ins.Arg is int k) loaded.Add(k);
            var consts = graph.Code.Consts;
            for (int i = 0; i < consts.Length; i++)
                if (consts[i] is PyCodeRef c && !loaded.Contains(i)) return "the code object " + c.Code.Name;
            return null;
        }

        /// <summary>A handler-looking block (PUSH_EXC_INFO first) that no edge reaches and the walk never entered.</summary>
        private static bool HasUnreachedHandler(ControlFlowGraph graph, StackDepthResult walk)
        {
            foreach (var b in graph.Blocks)
                if (walk.BlockEntryDepth[b.Index] is null && graph.Instructions[b.First].OpName == "PUSH_EXC_INFO" && !b.IsHandler)
                    return true;
            return false;
        }

        private static string FirstProblem(StackDepthResult walk)
        {
            foreach (var n in walk.Notes)
                if (n.Kind == FlowNoteKind.InvalidStackEffect || n.Kind == FlowNoteKind.WorkLimit || n.Kind == FlowNoteKind.Unreadable)
                    return n.Message;
            return "the walk did not finish";
        }

        /// <summary>One sentence per cause, for reports.</summary>
        public static string Describe(StackDepthCause cause)
        {
            switch (cause)
            {
                case StackDepthCause.Match: return "the computed maximum equals co_stacksize";
                case StackDepthCause.PeepholeDeadCode:
                    return "the peephole pass removed unreachable code after a RETURN_VALUE, which the compiler's walk had counted";
                case StackDepthCause.PeepholeConstantFolding:
                    return "the peephole pass folded constants (LOAD_CONSTs and BUILD_TUPLE/BUILD_SET) after the compiler counted their depth";
                case StackDepthCause.PeepholeDeadCodeAndFolding:
                    return "the peephole pass both removed unreachable code after a RETURN_VALUE and folded constants";
                case StackDepthCause.PeepholeJumpRewrite:
                    return "the peephole pass turned JUMP_IF_*_OR_POPs that led to other conditional jumps into POP_JUMP_IF_*s, "
                        + "after the compiler's walk had counted them popping nothing";
                case StackDepthCause.HandlerWithoutRange:
                    return "the compiler walked an exception handler whose protected range was optimised away, so no exception-table entry reaches it";
                case StackDepthCause.WalkIncomplete: return "the walk could not finish";
                case StackDepthCause.NotAnalysed: return "the code could not be analysed";
                default: return "no known compiler pass explains the difference";
            }
        }
    }
}
