using System;
using System.Collections.Generic;

namespace PyDis.Core.Flow
{
    /// <summary>
    /// What the stack-depth walk found for one code object: the maximum it computed (the compiler's
    /// co_stacksize when the walk is faithful), the depth before each instruction and the effects it used,
    /// each block's entry depth, and the problems it met.
    /// </summary>
    public sealed class StackDepthResult
    {
        internal StackDepthResult(ControlFlowGraph graph, int? maxDepth, bool complete, int?[] depthBefore, int?[] effect,
            int?[] jumpEffect, int?[] blockEntryDepth, List<FlowNote> notes)
        {
            Graph = graph;
            MaxDepth = maxDepth;
            IsComplete = complete;
            DepthBefore = depthBefore;
            Effect = effect;
            JumpEffect = jumpEffect;
            BlockEntryDepth = blockEntryDepth;
            Notes = notes;
        }

        public ControlFlowGraph Graph { get; }
        /// <summary>The computed maximum depth; null when the walk could not run at all.</summary>
        public int? MaxDepth { get; }
        /// <summary>co_stacksize of the code object.</summary>
        public int StackSize => Graph.Code.StackSize;
        /// <summary>Whether every reachable instruction had a stack effect and the walk ran to its end.</summary>
        public bool IsComplete { get; }
        /// <summary>Per instruction: the (largest) depth before it, null where the walk never came.</summary>
        public IReadOnlyList<int?> DepthBefore { get; }
        /// <summary>Per instruction: the effect the walk applied when falling through.</summary>
        public IReadOnlyList<int?> Effect { get; }
        /// <summary>Per instruction: the effect on the way to its jump target, where the walk followed one.</summary>
        public IReadOnlyList<int?> JumpEffect { get; }
        /// <summary>Per block: the depth the walk entered it with (the largest, for 2.7-3.6's recursion).</summary>
        public IReadOnlyList<int?> BlockEntryDepth { get; }
        public IReadOnlyList<FlowNote> Notes { get; }

        /// <summary>The depth after instruction <paramref name="index"/> when it falls through.</summary>
        public int? DepthAfter(int index) => DepthBefore[index] + Effect[index];

        public bool Matches => MaxDepth == StackSize;
    }
}
