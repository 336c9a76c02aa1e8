using System;
using System.Collections.Generic;

namespace PyDis.Core.Releases
{
    /// <summary>How a release's compiler walks its blocks to compute co_stacksize.</summary>
    public enum DepthWalkKind
    {
        /// <summary>
        /// 2.7 and 3.0-3.6 compile.c stackdepth_walk: a recursive walk of every path, a block re-entered only
        /// with a greater depth, cycles cut by the blocks on the current path, one effect per opcode with
        /// special depths for some jump targets.
        /// </summary>
        RecursivePaths,
        /// <summary>
        /// 3.7+ stackdepth / calculate_stackdepth: a worklist; each block walked at its first (largest) depth,
        /// separate effects for the jump and the fall-through (stack_effect(jump)).
        /// </summary>
        Worklist,
    }

    /// <summary>What the peephole pass that ran after the compiler's depth walk could change (2.7-3.9).</summary>
    public enum PeepholePass
    {
        /// <summary>No pass after the walk (3.10+: the CFG optimizer runs before it).</summary>
        None,
        /// <summary>
        /// 2.7-3.6 peephole.c: folds constant tuples, sets and operations, and removes unreachable code after
        /// RETURN_VALUE.
        /// </summary>
        FoldsAndRemovesDeadCode,
        /// <summary>3.7-3.9: the AST optimizer folds constants first; peephole.c still folds a function's defaults tuple.</summary>
        FoldsDefaults,
    }

    /// <summary>Depth adjustments of stackdepth_walk (2.7, 3.0-3.6) for one jump opcode.</summary>
    // A class, not a struct: every release's FlowRules is built at start-up, and ReadyToRun cannot precompile a
    // Dictionary whose value is a PyDis struct (ten methods were JIT-compiled on every pydis start).
    public sealed class TargetRule
    {
        public TargetRule(int targetDelta, bool targetCountsInMax, int fallThroughDelta)
        {
            TargetDelta = targetDelta; TargetCountsInMax = targetCountsInMax; FallThroughDelta = fallThroughDelta;
        }

        /// <summary>Added to the depth after the instruction to get its target's depth (FOR_ITER -2, SETUP_* +3).</summary>
        public int TargetDelta { get; }
        /// <summary>Whether the target depth itself raises the maximum (SETUP_FINALLY/SETUP_EXCEPT).</summary>
        public bool TargetCountsInMax { get; }
        /// <summary>Added to the depth when the walk falls through (JUMP_IF_*_OR_POP -1).</summary>
        public int FallThroughDelta { get; }
    }

    /// <summary>
    /// The rules of the control-flow graph and the stack-depth walk (PyDis.Core.Flow, docs/stack-depth.md):
    /// how the release's compiler computed co_stacksize. Sources: each release's compile.c stackdepth_walk /
    /// stackdepth and flowgraph.c _PyCfg_Stackdepth / calculate_stackdepth, checked against every stdlib.
    /// </summary>
    public sealed class FlowRules
    {
        internal static FlowRules Of(PyVersion version) => new FlowRules(version);

        // The opname sets are made on first use: every release's rules are built at start-up, and only the
        // stack-depth walk reads them.
        private OpnameSets? _sets;
        private OpnameSets Sets => _sets ??= new OpnameSets(Version, Walk == DepthWalkKind.RecursivePaths);

        private sealed class OpnameSets
        {
            private static readonly Dictionary<string, TargetRule> NoTargetRules = new Dictionary<string, TargetRule>();
            private static readonly Dictionary<string, int> NoPeaks = new Dictionary<string, int>();

            public OpnameSets(PyVersion version, bool recursive)
            {
                // stackdepth_walk's special target depths: none in 3.0-3.1; FOR_ITER and SETUP_* from 3.2;
                // JUMP_IF_*_OR_POP in 2.7 and 3.4-3.6.
                var targets = new Dictionary<string, TargetRule>(StringComparer.Ordinal);
                if (recursive && (version.Major == 2 || version >= new PyVersion(3, 2)))
                {
                    targets["FOR_ITER"] = new TargetRule(-2, false, 0);
                    targets["SETUP_FINALLY"] = new TargetRule(3, true, 0);
                    targets["SETUP_EXCEPT"] = new TargetRule(3, true, 0);
                }
                if (recursive && (version.Major == 2 || version >= new PyVersion(3, 4)))
                {
                    targets["JUMP_IF_TRUE_OR_POP"] = new TargetRule(0, false, -1);
                    targets["JUMP_IF_FALSE_OR_POP"] = new TargetRule(0, false, -1);
                }
                TargetRules = targets.Count > 0 ? targets : NoTargetRules;

                // Where the compiler's walk treats the rest of a block as dead.
                var stops = new List<string> { "JUMP_ABSOLUTE", "JUMP_FORWARD" };
                if (!recursive) stops.AddRange(new[] { "RETURN_VALUE", "RAISE_VARARGS" });
                if (version == new PyVersion(3, 7)) stops.AddRange(new[] { "BREAK_LOOP", "CONTINUE_LOOP" });
                if (version >= new PyVersion(3, 9)) stops.Add("RERAISE");
                // 3.11+: IS_UNCONDITIONAL_JUMP_OPCODE and IS_SCOPE_EXIT_OPCODE (RETURN_CONST in 3.12-3.13).
                if (version >= new PyVersion(3, 11)) stops.AddRange(new[] { "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "RETURN_CONST" });
                Stops = new HashSet<string>(stops, StringComparer.Ordinal);

                var notFollowed = new List<string>();
                if (version == new PyVersion(3, 7)) notFollowed.Add("CONTINUE_LOOP");
                if (version == new PyVersion(3, 8)) notFollowed.Add("CALL_FINALLY");
                TargetNotFollowed = new HashSet<string>(notFollowed, StringComparer.Ordinal);

                // The conditional jumps an if statement compiles to (their target is its else branch): 3.0's
                // JUMP_IF_FALSE / JUMP_IF_TRUE leave the condition on the stack for a POP_TOP on either path; 2.7 and
                // 3.1+ POP_JUMP_IF_* pop it. Only the recursive walk's peephole replay asks.
                IfJumps = !recursive ? NoNames
                    : version == new PyVersion(3, 0)
                        ? new HashSet<string>(StringComparer.Ordinal) { "JUMP_IF_FALSE", "JUMP_IF_TRUE" }
                        : new HashSet<string>(StringComparer.Ordinal) { "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE" };

                Peaks = version == new PyVersion(3, 13)
                    ? new Dictionary<string, int>(StringComparer.Ordinal) { ["RETURN_CONST"] = 1 }
                    : NoPeaks;
            }

            public IReadOnlyDictionary<string, TargetRule> TargetRules { get; }
            public ISet<string> Stops { get; }
            public ISet<string> TargetNotFollowed { get; }
            public IReadOnlyDictionary<string, int> Peaks { get; }
            public ISet<string> IfJumps { get; }
            private static readonly HashSet<string> NoNames = new HashSet<string>(StringComparer.Ordinal);
        }

        private FlowRules(PyVersion version)
        {
            Version = version;
            bool recursive = version < new PyVersion(3, 7);
            Walk = recursive ? DepthWalkKind.RecursivePaths : DepthWalkKind.Worklist;

            StartDepthCap = version >= new PyVersion(3, 8) ? 100 : int.MaxValue;
            CountsPostDepths = version < new PyVersion(3, 14);
            // 3.10 GEN_START and 3.11-3.12 RETURN_GENERATOR/POP_TOP pop the value send() pushed first.
            GeneratorEntryDepth = version >= new PyVersion(3, 10) && version <= new PyVersion(3, 12) ? 1 : 0;
            HasExceptionTable = version >= new PyVersion(3, 11);
            MinimumDepth = version >= new PyVersion(3, 13) ? 1 : 0;
            Peephole = recursive ? PeepholePass.FoldsAndRemovesDeadCode
                : version <= new PyVersion(3, 9) ? PeepholePass.FoldsDefaults : PeepholePass.None;
            PeepholeRewritesOrPopJumps = version >= new PyVersion(3, 1) && version <= new PyVersion(3, 3);
            ElseBranchPopsCondition = version == new PyVersion(3, 0);
        }

        public PyVersion Version { get; }
        public DepthWalkKind Walk { get; }
        /// <summary>RecursivePaths: the special target/fall-through depths by opname.</summary>
        public IReadOnlyDictionary<string, TargetRule> TargetRules => Sets.TargetRules;
        /// <summary>Opnames after which the compiler's walk treats the rest of the block as dead.</summary>
        public ISet<string> Stops => Sets.Stops;
        /// <summary>Opnames whose jump target the compiler's walk does not follow (3.7 CONTINUE_LOOP, 3.8 CALL_FINALLY).</summary>
        public ISet<string> TargetNotFollowed => Sets.TargetNotFollowed;
        /// <summary>Worklist: a block already walked is walked again only from a greater depth below this cap (3.8+: 100).</summary>
        public int StartDepthCap { get; }
        /// <summary>
        /// True: the maximum counts the depth after each instruction and every jump target's depth (3.7-3.13);
        /// false: the depth before each instruction (3.14+ calculate_stackdepth).
        /// </summary>
        public bool CountsPostDepths { get; }
        /// <summary>The entry depth of a generator, coroutine or async generator (3.10-3.12: 1, the value send() pushes).</summary>
        public int GeneratorEntryDepth { get; }
        /// <summary>3.11+: exception handlers come from co_exceptiontable, entered at depth + 1 + lasti.</summary>
        public bool HasExceptionTable { get; }
        /// <summary>
        /// Instructions the compiler formed from a pair after it computed the depth, so the maximum also counts the
        /// pair's middle: depth before + peak (3.13 RETURN_CONST = LOAD_CONST + RETURN_VALUE: +1).
        /// </summary>
        public IReadOnlyDictionary<string, int> Peaks => Sets.Peaks;
        /// <summary>
        /// The smallest co_stacksize the compiler writes (3.13+: 1, even for code that never pushes, such as
        /// <c>def f(): raise</c> or <c>while True: pass</c>; so on every code object of the 3.13-3.15 stdlib).
        /// </summary>
        public int MinimumDepth { get; }
        /// <summary>What the peephole pass after the walk could change, for naming the cause of a difference.</summary>
        public PeepholePass Peephole { get; }
        /// <summary>
        /// 3.1-3.3: peephole.c rewrote a JUMP_IF_*_OR_POP that led to another conditional jump (into a POP_JUMP_IF_*
        /// past it, or into that jump itself), while the compiler's walk had counted it with no pop on either path
        /// (these releases have no JUMP_IF_*_OR_POP rule in stackdepth_walk), so the depths it reached drift above the
        /// final code's.
        /// </summary>
        public bool PeepholeRewritesOrPopJumps { get; }
        /// <summary>
        /// RecursivePaths: the conditional jumps an if statement compiles to, whose target is the start of its else
        /// branch (its end when it has none): 3.0 JUMP_IF_FALSE / JUMP_IF_TRUE, 2.7 and 3.1-3.6 POP_JUMP_IF_*.
        /// </summary>
        public ISet<string> IfJumps => Sets.IfJumps;
        /// <summary>
        /// 3.0: an if statement's conditional jump leaves the condition on the stack, so its else branch (and, with
        /// no else, its end) starts with the POP_TOP of the condition; the body's JUMP_FORWARD goes past it.
        /// </summary>
        public bool ElseBranchPopsCondition { get; }
    }
}
