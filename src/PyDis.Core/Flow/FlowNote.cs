using PyDis.Core.Decoding;

namespace PyDis.Core.Flow
{
    /// <summary>What kind of problem the graph or the walk met (never an exception: odd code is reported).</summary>
    public enum FlowNoteKind
    {
        /// <summary>A jump target outside the code.</summary>
        TargetOutsideCode,
        /// <summary>A jump or exception-table offset inside an instruction (or its caches).</summary>
        TargetNotAnInstruction,
        /// <summary>An opcode the version's stack effects do not know (CPython's compiler would stop).</summary>
        InvalidStackEffect,
        /// <summary>The depth went below zero.</summary>
        StackUnderflow,
        /// <summary>A block reached again with a different depth (the compiler asserts this never happens).</summary>
        InconsistentDepth,
        /// <summary>The walk stopped at its work limit (hostile or pathological flow).</summary>
        WorkLimit,
        /// <summary>The code cannot be decoded or the version has no tables.</summary>
        Unreadable,
    }

    /// <summary>One problem, at a byte offset, with a sentence for the user.</summary>
    public sealed class FlowNote
    {
        public FlowNote(FlowNoteKind kind, int offset, string opName, string message)
        {
            Kind = kind; Offset = offset; OpName = opName; Message = message;
        }

        public FlowNoteKind Kind { get; }
        public int Offset { get; }
        public string OpName { get; }
        public string Message { get; }

        internal static FlowNote BadTarget(Instruction ins, long target) =>
            new FlowNote(target < 0 || target >= (ins.Code?.Code.Length ?? 0) ? FlowNoteKind.TargetOutsideCode : FlowNoteKind.TargetNotAnInstruction,
                ins.Offset, ins.OpName,
                target == long.MaxValue
                    ? $"{ins.OpName} at offset {ins.Offset} jumps outside the code"
                    : $"{ins.OpName} at offset {ins.Offset} jumps to {target}, which is not an instruction of this code");

        public override string ToString() => $"{Offset}: {Message}";
    }
}
