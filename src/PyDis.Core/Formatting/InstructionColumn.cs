using PyDis.Core.Decoding;
using PyDis.Core.Model;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// A column the formatter writes before each instruction line without computing it itself (pydis --stack:
    /// the stack depth before the instruction). Not part of any dis output: with no annotator the text is
    /// exactly dis's.
    /// </summary>
    public interface IInstructionAnnotator
    {
        /// <summary>The column of one code object; called before its instructions are written. Must be thread-safe.</summary>
        IInstructionColumn For(CodeObject code);
    }

    /// <summary>The column of one code object.</summary>
    public interface IInstructionColumn
    {
        /// <summary>Characters the column takes on every instruction and cache line (its text included).</summary>
        int Width { get; }

        /// <summary>The column's text for an instruction, exactly <see cref="Width"/> characters.</summary>
        string Text(Instruction instruction);
    }
}
