using PyDis.Core.Opcodes;

namespace PyDis.Core.Releases
{
    /// <summary>Which exception-table offsets dis adds to the jump targets it marks or labels.</summary>
    public enum ExceptionLabelRule
    {
        /// <summary>No exception table (before 3.11).</summary>
        None,
        /// <summary>3.11-3.12: the handler target of every non-empty entry is a jump target.</summary>
        Targets,
        /// <summary>3.13+: start, end and target of every entry get a label.</summary>
        StartEndTarget,
    }

    /// <summary>
    /// What dis.dis(bytes) shows for an oparg that indexes co_consts, co_names or the locals, which it does not
    /// have (each is None). Sources: 2.7 and 3.0-3.1 dis.disassemble_string, 3.2-3.3 _disassemble_bytes,
    /// 3.4-3.10 _get_const_info / _get_name_info, 3.11+ _get_const_value / _get_name_info.
    /// </summary>
    public enum BareArgRule
    {
        /// <summary>2.7, 3.0-3.3: "(N)" for hasconst, hasname and haslocal; hasfree shows nothing (no such branch there).</summary>
        IndexExceptFree,
        /// <summary>3.4-3.10: argval = the index, argrepr = repr(index).</summary>
        Index,
        /// <summary>3.11+: argval = dis.UNKNOWN, argrepr '' (the "x + NULL" forms need a name, so they vanish too).</summary>
        Unknown,
    }

    /// <summary>Which CACHE rows of show_caches carry a "name: value" argrepr.</summary>
    public enum CacheValueRule
    {
        /// <summary>Before 3.11: no inline caches.</summary>
        None,
        /// <summary>3.11: the first unit of each field, only when the instruction is quickened (op != deop).</summary>
        WhenQuickened,
        /// <summary>3.12, 3.14+: the first unit of each field, read from the field's own data.</summary>
        Always,
        /// <summary>3.13: the first unit of each field, every field read from the first cache unit (cache_info slices code[offset+2:]).</summary>
        FromFirstUnit,
    }

    /// <summary>
    /// The decode rules of a release: what differs in the decoding algorithm itself (everything else is opcode
    /// table data): instruction encoding, EXTENDED_ARG accumulation, jump arithmetic, label and CACHE rules, and
    /// which fields dis.Instruction has. Sources: each version's Lib/dis.py (_unpack_opargs, findlabels,
    /// _get_instructions_bytes / ArgResolver).
    /// </summary>
    public sealed class DecodeRules
    {
        internal static DecodeRules Of(PyVersion version) => new DecodeRules(version, bareBytecode: false);

        private DecodeRules(PyVersion version, bool bareBytecode)
        {
            Version = version;
            bool py2 = version.Major == 2;
            // Before 3.4 dis.dis(bytes) is disassemble_string (3.2-3.3: _disassemble_bytes), which reads each
            // oparg alone; from 3.4 bytes are decoded like co_code.
            bool bareWalker = version < new PyVersion(3, 4);
            AppliesExtendedArg = !(bareBytecode && bareWalker);
            Wordcode = version >= new PyVersion(3, 6);
            ExtendedArgShift = Wordcode ? 8 : 16;
            ResetExtendedArgOnArgless = version >= new PyVersion(3, 10);
            WrapExtendedArgToInt32 = version >= new PyVersion(3, 11);
            JumpUnitBytes = version >= new PyVersion(3, 10) ? 2 : 1;
            JumpRelativeToCacheEnd = version >= new PyVersion(3, 12);
            AbsoluteJumpShowsTarget = version >= new PyVersion(3, 10);
            CompareShift = version >= new PyVersion(3, 13) ? 5 : version >= new PyVersion(3, 12) ? 4 : 0;
            CompareHasBoolBit = version >= new PyVersion(3, 13);
            FreeIndexIsLocalsPlus = version >= new PyVersion(3, 11);
            LabelsIgnoreExtendedArg = version < new PyVersion(3, 5);
            NArgsFromFullArg = version >= new PyVersion(3, 5);
            FindLabelsUsesBaseOp = version >= new PyVersion(3, 12);
            ExceptionLabels = version >= new PyVersion(3, 13) ? ExceptionLabelRule.StartEndTarget
                : version >= new PyVersion(3, 11) ? ExceptionLabelRule.Targets : ExceptionLabelRule.None;
            Py2LongJumpText = py2 && AppliesExtendedArg;
            NullMarkerIsSuffix = version >= new PyVersion(3, 13);
            BareArgs = bareWalker ? BareArgRule.IndexExceptFree
                : version >= new PyVersion(3, 11) ? BareArgRule.Unknown : BareArgRule.Index;
            CacheValues = version < new PyVersion(3, 11) ? CacheValueRule.None
                : version == new PyVersion(3, 11) ? CacheValueRule.WhenQuickened
                : version == new PyVersion(3, 13) ? CacheValueRule.FromFirstUnit
                : CacheValueRule.Always;
            StartsLineIsBool = version >= new PyVersion(3, 13);
            CachesAreInstructions = version >= new PyVersion(3, 11) && version < new PyVersion(3, 13);
            LineIsPositionsLine = CachesAreInstructions;
            Bare = bareWalker && !bareBytecode ? new DecodeRules(version, bareBytecode: true) : this;
        }

        public PyVersion Version { get; }

        /// <summary>
        /// The rules for bare co_code (<see cref="Model.CodeObject.BareBytecode"/>, dis.dis(bytes)): these rules
        /// themselves, except before 3.4, whose disassemble_string / _disassemble_bytes never applies EXTENDED_ARG.
        /// </summary>
        public DecodeRules Bare { get; }

        /// <summary>3.6+: every code unit is (op, arg8). Before: 1-byte op, plus a 2-byte arg when op &gt;= HAVE_ARGUMENT.</summary>
        public bool Wordcode { get; }
        /// <summary>EXTENDED_ARG contributes arg &lt;&lt; 16 before 3.6, arg &lt;&lt; 8 from 3.6.</summary>
        public int ExtendedArgShift { get; }
        /// <summary>False for bare bytecode before 3.4 only: disassemble_string shows EXTENDED_ARG but never applies it.</summary>
        public bool AppliesExtendedArg { get; }
        /// <summary>3.10+ (bpo-45757): an argless op clears a pending EXTENDED_ARG.</summary>
        public bool ResetExtendedArgOnArgless { get; }
        /// <summary>3.11+: the accumulated EXTENDED_ARG wraps like a C int (dis._INT_OVERFLOW).</summary>
        public bool WrapExtendedArgToInt32 { get; }
        /// <summary>Bytes per jump oparg unit: 1 before 3.10, 2 (instructions) from 3.10.</summary>
        public int JumpUnitBytes { get; }
        /// <summary>3.12+: relative jumps count from the end of the jump's inline caches.</summary>
        public bool JumpRelativeToCacheEnd { get; }
        /// <summary>3.10+: hasjabs instructions get argrepr "to N" (before: no argrepr, argval = arg).</summary>
        public bool AbsoluteJumpShowsTarget { get; }
        /// <summary>COMPARE_OP: cmp_op index is arg &gt;&gt; shift (0 before 3.12, 4 in 3.12, 5 from 3.13).</summary>
        public int CompareShift { get; }
        /// <summary>3.13+: COMPARE_OP bit 16 wraps the argrepr in bool(...).</summary>
        public bool CompareHasBoolBit { get; }
        /// <summary>3.11+: hasfree opargs index localsplus; before, cellvars + freevars.</summary>
        public bool FreeIndexIsLocalsPlus { get; }
        /// <summary>2.7 and 3.0-3.4 findlabels read the 16-bit oparg only, without EXTENDED_ARG (3.5 uses _unpack_opargs).</summary>
        public bool LabelsIgnoreExtendedArg { get; }
        /// <summary>
        /// hasnargs argrepr (3.3-3.5): 3.5 splits the full oparg (arg % 256, arg // 256, EXTENDED_ARG included);
        /// 3.3-3.4 print the instruction's own two oparg bytes (code[i-2], code[i-1]).
        /// </summary>
        public bool NArgsFromFullArg { get; }
        /// <summary>3.12+: findlabels looks at the deoptimised op; before, at the op itself.</summary>
        public bool FindLabelsUsesBaseOp { get; }
        /// <summary>What dis.dis / Bytecode adds from the exception table to jump targets and labels (3.13+: jump argreprs name labels).</summary>
        public ExceptionLabelRule ExceptionLabels { get; }
        /// <summary>2.7: an oparg extended by EXTENDED_ARG is a long, so "(to N)" prints N with an L suffix.</summary>
        public bool Py2LongJumpText { get; }
        /// <summary>LOAD_GLOBAL/LOAD_ATTR method bit: "NULL + x" before 3.13, "x + NULL" from 3.13.</summary>
        public bool NullMarkerIsSuffix { get; }
        /// <summary>Table-indexing opargs of bare bytecode (<see cref="Model.CodeObject.BareBytecode"/>).</summary>
        public BareArgRule BareArgs { get; }
        /// <summary>Which show_caches CACHE rows show their field's value (<see cref="Decoding.CacheRows"/>).</summary>
        public CacheValueRule CacheValues { get; }
        /// <summary>3.13+: Instruction.starts_line is a bool and line_number the line in effect.</summary>
        public bool StartsLineIsBool { get; }
        /// <summary>3.11-3.12: get_instructions(show_caches=True) yields CACHE pseudo-instructions (3.13+ moves them into cache_info).</summary>
        public bool CachesAreInstructions { get; }
        /// <summary>3.11-3.12: an instruction's only per-instruction line is positions.lineno (line_number comes in 3.13).</summary>
        public bool LineIsPositionsLine { get; }

        /// <summary>Jump target byte offset of a jump-kind instruction (dis _get_jump_target / offset_from_jump_arg).</summary>
        public long JumpTarget(ArgKind kind, long arg, int offset, int instrLength, int cacheCount)
        {
            if (kind == ArgKind.JumpAbsolute) return arg * JumpUnitBytes;
            long next = offset + instrLength + (JumpRelativeToCacheEnd ? 2L * cacheCount : 0);
            long delta = arg * JumpUnitBytes;
            return kind == ArgKind.JumpForward ? next + delta : next - delta;
        }

        /// <summary>Folds one EXTENDED_ARG oparg into the pending prefix value.</summary>
        public long NextExtendedArg(long arg)
        {
            if (!AppliesExtendedArg) return 0;
            long ext = arg << ExtendedArgShift;
            if (WrapExtendedArgToInt32 && ext >= 1L << 31) ext -= 1L << 32;
            return ext;
        }
    }
}
