using PyDis.Core.CodeTables;
using PyDis.Core.Model;

namespace PyDis.Core.Decoding
{
    /// <summary>One inline cache entry group of an instruction (3.13+ cache_info: name, size in code units, data).</summary>
    public readonly struct CacheEntry
    {
        public CacheEntry(string name, int size, int dataOffset)
        {
            Name = name; Size = size; DataOffset = dataOffset;
        }

        public string Name { get; }
        /// <summary>Size in 2-byte code units.</summary>
        public int Size { get; }
        /// <summary>Byte offset of the entry's data in co_code.</summary>
        public int DataOffset { get; }
    }

    /// <summary>
    /// One decoded instruction with every field that version's <c>dis.Instruction</c> has (plus its code object,
    /// positions and cache layout as objects). Fields the version lacks keep their neutral value (null / false)
    /// and <see cref="Version"/> says which exist. The module's flat record of it is
    /// <see cref="Records.PyInstruction"/>; pydis --format json writes it with <see cref="Formatting.JsonLinesFormatter"/>.
    /// </summary>
    public sealed class Instruction
    {
        public PyVersion Version { get; set; }
        /// <summary>The code object this instruction belongs to.</summary>
        public CodeObject? Code { get; set; }

        public string OpName { get; set; } = "";
        public int OpCode { get; set; }
        /// <summary>False for an opcode number the version's table does not define (shown as data).</summary>
        public bool IsValid { get; set; } = true;
        /// <summary>The oparg, EXTENDED_ARG prefixes folded in; null for instructions without an argument.</summary>
        public int? Arg { get; set; }
        /// <summary>2.7: the oparg followed an EXTENDED_ARG, so Python 2 holds it as a long (repr with an L suffix).</summary>
        public bool ArgIsLong { get; set; }
        /// <summary>repr() of dis's argval, as that version prints it (e.g. "'x'", "12", "None").</summary>
        public string ArgVal { get; set; } = "None";
        /// <summary>The resolved value dis's argval holds, when it is a plain number (jump targets, counts).</summary>
        public int? ArgValNumber { get; set; }
        public string ArgRepr { get; set; } = "";

        public int Offset { get; set; }
        /// <summary>3.13+: offset of the first EXTENDED_ARG prefix (equal to Offset when there is none).</summary>
        public int StartOffset { get; set; }
        /// <summary>Size of the instruction in bytes including its inline caches (not its EXTENDED_ARGs).</summary>
        public int Size { get; set; }
        public int CacheCount { get; set; }
        /// <summary>
        /// 3.13+ end_offset as dis computes it: offset + 2 + the inline caches of the opcode's own name, which is
        /// 0 for a specialised form (dis looks the specialised name up), so it can fall short of Offset + Size.
        /// </summary>
        public int EndOffset { get; set; }

        /// <summary>The line this instruction starts, when it starts one (3.4–3.12 starts_line; 3.13+ starts_line is the bool).</summary>
        public int? StartsLine { get; set; }
        public bool IsLineStart { get; set; }
        /// <summary>
        /// The source line of the instruction: 3.13+ line_number; 3.11-3.12 the line of its co_positions entry
        /// (what co_lines() and tracebacks give it; None for code with no location); before 3.11 the line in
        /// effect (that of the last line start at or before it). Empty on the formatter's internal path for
        /// 3.11-3.12, which does not compute positions.
        /// </summary>
        public int? LineNumber { get; set; }

        public bool IsJumpTarget { get; set; }
        /// <summary>Target byte offset for jumps (3.13 jump_target), else null.</summary>
        public int? JumpTarget { get; set; }
        /// <summary>3.13+: label number (1-based) when this instruction is a jump target or exception-table boundary.</summary>
        public int? Label { get; set; }

        public Positions Positions { get; set; }
        /// <summary>
        /// Named inline-cache groups after the instruction (3.13+ cache_info). Also filled for 3.11-3.12, where
        /// dis shows the same layout only with show_caches; null when the opcode has no caches.
        /// </summary>
        public CacheEntry[]? CacheInfo { get; set; }

        /// <summary>3.13+: baseopname/baseopcode (deoptimised form of a specialised instruction).</summary>
        public string BaseOpName { get; set; } = "";
        public int BaseOpCode { get; set; }

        // The formatter's text-only decoding (InstructionReader with deferred argreprs) leaves these parts of the
        // argrepr for DisFormatter to write straight into its text, so no string is made per instruction.
        /// <summary>The co_consts index whose repr is the argrepr (ArgRepr left empty); -1 when ArgRepr is complete.</summary>
        internal int DeferredConst { get; set; } = -1;
        /// <summary>Text that goes before ArgRepr (a NULL marker); null for none.</summary>
        internal string? ArgReprPrefix { get; set; }
        /// <summary>Text that goes after ArgRepr (a NULL marker, " + lazy"); null for none.</summary>
        internal string? ArgReprSuffix { get; set; }
        /// <summary>Whether <see cref="ArgReprNumber"/>'s decimal ends the argrepr (a jump's "to " + target, "to L" + label).</summary>
        internal bool HasArgReprNumber { get; set; }
        internal long ArgReprNumber { get; set; }

        public override string ToString() => $"{Offset} {OpName} {(Arg is null ? "" : Arg.ToString())} {ArgRepr}".TrimEnd();
    }
}
