using System;
using PyDis.Core.Decoding;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// One instruction as a flat record: the fields of that version's <c>dis.Instruction</c> (positions split
    /// into scalars) plus where it came from. Properties are values, not nested objects, so Export-Csv and
    /// ConvertTo-Json need no Select-Object (a tuple argval is a <see cref="TupleValue"/>, whose text is its
    /// repr); fields a version lacks stay null.
    /// </summary>
    public sealed class PyInstruction
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        /// <summary>co_qualname (3.11+), else null.</summary>
        public string? QualName { get; set; }
        /// <summary>co_name chain from the top-level code, e.g. "&lt;module&gt;.f.&lt;lambda&gt;"; groups rows per code object.</summary>
        public string CodePath { get; set; } = "";

        public int Offset { get; set; }
        public int StartOffset { get; set; }
        public string OpName { get; set; } = "";
        public int OpCode { get; set; }
        public int? Arg { get; set; }
        /// <summary>
        /// dis's argval as a value: a name or str constant a string, an int or jump target a number, None null, a
        /// tuple a <see cref="TupleValue"/>, a nested code object its code path (<see cref="RecordValues"/>).
        /// </summary>
        public object? ArgVal { get; set; }
        /// <summary>repr() of dis's argval as that version prints it (what dis.Instruction.argval's repr is).</summary>
        public string ArgValRepr { get; set; } = "None";
        /// <summary>The argument text dis prints in its last column.</summary>
        public string ArgRepr { get; set; } = "";
        /// <summary>The line this instruction starts (3.4-3.12 starts_line); from 3.13 the line when it starts one.</summary>
        public int? StartsLine { get; set; }
        /// <summary>
        /// The source line of the instruction: 3.13+ line_number; 3.11-3.12 the line of its co_positions entry;
        /// before 3.11 the line in effect (the last line start at or before it).
        /// </summary>
        public int? LineNumber { get; set; }
        public bool IsJumpTarget { get; set; }
        public int? JumpTarget { get; set; }
        public int? Label { get; set; }
        public int? EndLineNumber { get; set; }
        public int? ColOffset { get; set; }
        public int? EndColOffset { get; set; }
        public int CacheCount { get; set; }
        public string BaseOpName { get; set; } = "";
        /// <summary>False for a byte the version's opcode table does not define.</summary>
        public bool IsValid { get; set; } = true;

        /// <summary>
        /// The record of one decoded instruction (the same row pydis --format json writes): the Instruction's
        /// fields, positions split into scalars, and where it came from.
        /// </summary>
        public static PyInstruction From(Instruction i, WalkedCode where, string? path) => From(i, new CodeContext(where, path));

        internal static PyInstruction From(Instruction i, CodeContext ctx)
        {
            if (i is null) throw new ArgumentNullException(nameof(i));
            var code = ctx.Code;
            return new PyInstruction
            {
                Path = ctx.Path,
                PythonVersion = ctx.Version,
                CodeName = code.Name,
                QualName = ctx.QualName,
                CodePath = ctx.Where.Path,
                Offset = i.Offset,
                StartOffset = i.StartOffset,
                OpName = i.OpName,
                OpCode = i.OpCode,
                Arg = i.Arg,
                ArgVal = ArgValues.Of(i, ctx),
                ArgValRepr = i.ArgVal,
                ArgRepr = i.ArgRepr,
                StartsLine = i.StartsLine,
                LineNumber = i.LineNumber,
                IsJumpTarget = i.IsJumpTarget,
                JumpTarget = i.JumpTarget,
                Label = i.Label,
                EndLineNumber = i.Positions.EndLineNumber,
                ColOffset = i.Positions.ColOffset,
                EndColOffset = i.Positions.EndColOffset,
                CacheCount = i.CacheCount,
                BaseOpName = i.BaseOpName.Length > 0 ? i.BaseOpName : i.OpName,
                IsValid = i.IsValid,
            };
        }

        public override string ToString() => $"{Offset} {OpName} {ArgRepr}".TrimEnd();
    }
}
