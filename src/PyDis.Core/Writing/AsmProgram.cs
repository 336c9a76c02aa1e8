using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.Releases;

namespace PyDis.Core.Writing
{
    /// <summary>
    /// A place in an instruction list that jumps and exception-table entries refer to. It is placed by giving it
    /// to one instruction (<see cref="AsmInstruction.Label"/>) or as <see cref="AsmProgram.End"/>; its offset is
    /// known only once the assembler has laid the code out.
    /// </summary>
    public sealed class AsmLabel
    {
        public AsmLabel(string? name = null) { Name = name; }

        public string? Name { get; set; }

        public override string ToString() => Name ?? "label";
    }

    /// <summary>
    /// Where an instruction comes from in the source: the line (2.7–3.10 keep only that) and, from 3.11, the
    /// end line and the columns. A null part is missing (CPython's -1); a location whose line is null is
    /// "no location".
    /// </summary>
    public sealed class AsmLocation : IEquatable<AsmLocation>
    {
        public AsmLocation(int? line, int? endLine = null, int? column = null, int? endColumn = null)
        {
            Line = line; EndLine = endLine; Column = column; EndColumn = endColumn;
        }

        public int? Line { get; }
        public int? EndLine { get; }
        public int? Column { get; }
        public int? EndColumn { get; }

        /// <summary>No line and no columns (3.10 "no line", 3.11+ code 15).</summary>
        public static readonly AsmLocation None = new AsmLocation(null);

        public bool Equals(AsmLocation? other) =>
            other != null && Line == other.Line && EndLine == other.EndLine && Column == other.Column && EndColumn == other.EndColumn;

        public override bool Equals(object? obj) => Equals(obj as AsmLocation);

        public override int GetHashCode() => ((Line ?? -1) * 397) ^ ((EndLine ?? -1) * 31) ^ ((Column ?? -1) * 7) ^ (EndColumn ?? -1);

        public override string ToString() =>
            Line is null ? "no location"
            : Column is null && (EndLine is null || EndLine == Line) ? "line " + Line.Value.ToString(CultureInfo.InvariantCulture)
            : $"{Line}:{Text(Column)}-{Text(EndLine)}:{Text(EndColumn)}";

        private static string Text(int? v) => v is int n ? n.ToString(CultureInfo.InvariantCulture) : "?";
    }

    /// <summary>
    /// One instruction to assemble: an opcode (by name or number) and its argument, or a jump to a label.
    /// EXTENDED_ARG prefixes and inline caches are not instructions here: the assembler adds them.
    /// </summary>
    public sealed class AsmInstruction
    {
        public AsmInstruction() { }

        public AsmInstruction(string opName, long? arg = null)
        {
            OpName = opName;
            Arg = arg;
        }

        /// <summary>The opname the version uses (e.g. LOAD_CONST); ignored when <see cref="OpCode"/> is set.</summary>
        public string? OpName { get; set; }

        /// <summary>The opcode number; takes precedence over <see cref="OpName"/>.</summary>
        public int? OpCode { get; set; }

        /// <summary>
        /// The oparg (EXTENDED_ARG prefixes are added as needed). For a jump with a <see cref="Target"/> it is
        /// computed. For an opcode without argument in wordcode (3.6+) it is the ignored argument byte (0 when null).
        /// </summary>
        public long? Arg { get; set; }

        /// <summary>For a jump: where it goes; the assembler encodes it as that version encodes jumps.</summary>
        public AsmLabel? Target { get; set; }

        /// <summary>A label placed at this instruction (at its first EXTENDED_ARG prefix, where jumps land).</summary>
        public AsmLabel? Label { get; set; }

        /// <summary>The source location; null: the same as the instruction before (the first one: co_firstlineno).</summary>
        public AsmLocation? Location { get; set; }

        /// <summary>
        /// 2.7–3.9 (co_lnotab): the compiler records a line event at this instruction even when its line is the
        /// same as the one before (a new statement on the same line). Later versions derive events from the lines.
        /// </summary>
        public bool StartsLine { get; set; }

        /// <summary>
        /// 2.7–3.9 (co_lnotab): lines the table steps through at this instruction before its own, with no code of
        /// their own (the peephole optimizer removed it and left the entries at a zero byte increment).
        /// </summary>
        public int[]? PassedLines { get; set; }

        /// <summary>At least this many EXTENDED_ARG prefixes (CPython 3.6–3.9 may leave an EXTENDED_ARG 0 after shrinking a jump).</summary>
        public int ExtendedArgs { get; set; }

        /// <summary>The inline cache bytes (3.11+; 2 per cache entry) as read; null writes zeros, as the compiler does.</summary>
        public byte[]? CacheData { get; set; }

        /// <summary>Where <see cref="ProgramReader"/> found the instruction: its offset (dis's, after the prefixes) in the code read; null for a new one.</summary>
        public int? SourceOffset { get; set; }

        /// <summary>The offset of its first EXTENDED_ARG prefix in the code read (equal to <see cref="SourceOffset"/> without prefixes).</summary>
        public int? SourceStartOffset { get; set; }

        /// <summary>A copy (labels and targets are the same label objects).</summary>
        public AsmInstruction Clone() => (AsmInstruction)MemberwiseClone();

        public override string ToString()
        {
            string name = OpName ?? (OpCode is int c ? "opcode " + c.ToString(CultureInfo.InvariantCulture) : "?");
            if (Target != null) return name + " to " + Target;
            return Arg is long a ? name + " " + a.ToString(CultureInfo.InvariantCulture) : name;
        }
    }

    /// <summary>One 3.11+ exception-table entry: instructions from Start up to (not including) End are handled at Target.</summary>
    public sealed class AsmExceptionEntry
    {
        public AsmExceptionEntry(AsmLabel start, AsmLabel end, AsmLabel target, int depth, bool lasti)
        {
            Start = start ?? throw new ArgumentNullException(nameof(start));
            End = end ?? throw new ArgumentNullException(nameof(end));
            Target = target ?? throw new ArgumentNullException(nameof(target));
            Depth = depth;
            Lasti = lasti;
        }

        public AsmLabel Start { get; set; }
        public AsmLabel End { get; set; }
        public AsmLabel Target { get; set; }
        /// <summary>Stack depth the handler starts at (below the pushed exception).</summary>
        public int Depth { get; set; }
        /// <summary>Whether the handler also gets the offset of the raising instruction (lasti).</summary>
        public bool Lasti { get; set; }

        public override string ToString() => $"{Start} to {End} -> {Target} [{Depth}]" + (Lasti ? " lasti" : "");
    }

    /// <summary>The input of <see cref="Assembler"/>: a version's instructions, labels and exception-table entries.</summary>
    public sealed class AsmProgram
    {
        /// <exception cref="ArgumentOutOfRangeException">PyDis does not know that release line.</exception>
        public AsmProgram(PyVersion version, int firstLineNo) : this(Release.Of(version), firstLineNo) { }

        public AsmProgram(Release release, int firstLineNo)
        {
            Release = release ?? throw new ArgumentNullException(nameof(release));
            FirstLineNo = firstLineNo;
        }

        public Release Release { get; }

        public PyVersion Version => Release.Version;

        /// <summary>co_firstlineno: the line tables count from it.</summary>
        public int FirstLineNo { get; set; }

        /// <summary>The code object's name for error messages (its code path).</summary>
        public string? CodeName { get; set; }

        public List<AsmInstruction> Instructions { get; } = new List<AsmInstruction>();

        /// <summary>3.11+ exception-table entries, written in this order.</summary>
        public List<AsmExceptionEntry> ExceptionEntries { get; } = new List<AsmExceptionEntry>();

        /// <summary>What <see cref="ProgramReader"/> could not carry over exactly (a jump into the middle of an instruction, …).</summary>
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>2.7–3.9: lines co_lnotab steps through at the very end of the code (after code the optimizer removed).</summary>
        public int[]? LinesAtEnd { get; set; }

        /// <summary>The label of the end of the code (after the last instruction).</summary>
        public AsmLabel End { get; } = new AsmLabel("end");
    }

    /// <summary>What the assembler produced: co_code and its tables, and where each instruction went.</summary>
    public sealed class AssembledCode
    {
        internal AssembledCode(byte[] code, byte[] lineTable, byte[] exceptionTable, int[] offsets, int[] opcodeOffsets)
        {
            Code = code;
            LineTable = lineTable;
            ExceptionTable = exceptionTable;
            Offsets = offsets;
            OpcodeOffsets = opcodeOffsets;
        }

        public byte[] Code { get; }
        /// <summary>co_lnotab (before 3.10) or co_linetable.</summary>
        public byte[] LineTable { get; }
        /// <summary>co_exceptiontable (3.11+; empty before).</summary>
        public byte[] ExceptionTable { get; }
        /// <summary>Byte offset of each instruction (its first EXTENDED_ARG prefix), in list order.</summary>
        public IReadOnlyList<int> Offsets { get; }
        /// <summary>Byte offset of each instruction's opcode (after its prefixes): what dis shows as its offset.</summary>
        public IReadOnlyList<int> OpcodeOffsets { get; }
    }
}
