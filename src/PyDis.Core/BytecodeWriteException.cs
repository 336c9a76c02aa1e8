using System;

namespace PyDis.Core
{
    /// <summary>
    /// The one exception the engine throws when it is asked to write something the target version cannot hold:
    /// an opname the version lacks, an argument out of range, a jump to a missing label, a line or exception
    /// entry its tables cannot express, a code object the interpreter would refuse. It names the code object
    /// and, when there is one, the instruction; nothing has been written when it is thrown.
    /// </summary>
    public sealed class BytecodeWriteException : Exception
    {
        public BytecodeWriteException(string? codeName, string problem, int? instructionIndex = null, string? instruction = null)
            : base(Compose(codeName, problem, instructionIndex, instruction))
        {
            CodeName = codeName;
            Problem = problem;
            InstructionIndex = instructionIndex;
            Instruction = instruction;
        }

        /// <summary>The code object concerned (its code path or qualified name), when known.</summary>
        public string? CodeName { get; }

        /// <summary>What cannot be written, and why.</summary>
        public string Problem { get; }

        /// <summary>0-based position of the instruction in the list given, when the problem is one instruction's.</summary>
        public int? InstructionIndex { get; }

        /// <summary>The instruction as given (opname and argument), when the problem is one instruction's.</summary>
        public string? Instruction { get; }

        private static string Compose(string? codeName, string problem, int? index, string? instruction)
        {
            string where = codeName is null ? "" : $"code object {codeName}";
            if (index.HasValue)
                where += (where.Length > 0 ? ", " : "") + $"instruction {index.Value}" + (instruction is null ? "" : $" ({instruction})");
            return where.Length > 0 ? where + ": " + problem : problem;
        }
    }
}
