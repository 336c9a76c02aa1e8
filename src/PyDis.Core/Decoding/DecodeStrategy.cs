using System;
using PyDis.Core.Code;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Decoding
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
    /// have (each is None). Sources: 2.7 dis.disassemble_string, 3.6-3.10 _get_const_info / _get_name_info,
    /// 3.11+ _get_const_value / _get_name_info.
    /// </summary>
    public enum BareArgRule
    {
        /// <summary>2.7: "(N)" for hasconst, hasname and haslocal; hasfree shows nothing (no such branch there).</summary>
        IndexExceptFree,
        /// <summary>3.6-3.10: argval = the index, argrepr = repr(index).</summary>
        Index,
        /// <summary>3.11+: argval = dis.UNKNOWN, argrepr '' (the "x + NULL" forms need a name, so they vanish too).</summary>
        Unknown,
    }

    /// <summary>
    /// The per-version differences in the decoding algorithm itself (everything else is table data):
    /// instruction encoding, EXTENDED_ARG accumulation, jump arithmetic and label rules.
    /// Sources: each version's Lib/dis.py (_unpack_opargs, findlabels, _get_instructions_bytes / ArgResolver).
    /// </summary>
    public sealed class DecodeStrategy
    {
        private DecodeStrategy(PyVersion version, bool bare)
        {
            Version = version;
            // 2.7 dis.dis(str) is disassemble_string, which reads each oparg alone; 3.x decodes bytes as co_code.
            AppliesExtendedArg = !(bare && version.Major == 2);
            Wordcode = version >= PyVersion.V3_6;
            ExtendedArgShift = Wordcode ? 8 : 16;
            ResetExtendedArgOnArgless = version >= PyVersion.V3_10;
            WrapExtendedArgToInt32 = version >= PyVersion.V3_11;
            JumpUnitBytes = version >= PyVersion.V3_10 ? 2 : 1;
            JumpRelativeToCacheEnd = version >= PyVersion.V3_12;
            AbsoluteJumpShowsTarget = version >= PyVersion.V3_10;
            JumpArgReprUsesLabels = version >= PyVersion.V3_13;
            CompareShift = version >= PyVersion.V3_13 ? 5 : version >= PyVersion.V3_12 ? 4 : 0;
            CompareHasBoolBit = version >= PyVersion.V3_13;
            FreeIndexIsLocalsPlus = version >= PyVersion.V3_11;
            LabelsIgnoreExtendedArg = !Wordcode;
            FindLabelsUsesBaseOp = version >= PyVersion.V3_12;
            ExceptionLabels = version >= PyVersion.V3_13 ? ExceptionLabelRule.StartEndTarget
                : version >= PyVersion.V3_11 ? ExceptionLabelRule.Targets : ExceptionLabelRule.None;
            HasPositions = version >= PyVersion.V3_11;
            Py2LongJumpText = version.Major == 2 && AppliesExtendedArg;
            NullMarkerIsSuffix = version >= PyVersion.V3_13;
            BareArgs = version.Major == 2 ? BareArgRule.IndexExceptFree
                : version >= PyVersion.V3_11 ? BareArgRule.Unknown : BareArgRule.Index;
            CacheValues = version < PyVersion.V3_11 ? CacheValueRule.None
                : version == PyVersion.V3_11 ? CacheValueRule.WhenQuickened
                : version == PyVersion.V3_13 ? CacheValueRule.FromFirstUnit
                : CacheValueRule.Always;
        }

        public PyVersion Version { get; }
        /// <summary>3.6+: every code unit is (op, arg8). Before: 1-byte op, plus a 2-byte arg when op &gt;= HAVE_ARGUMENT.</summary>
        public bool Wordcode { get; }
        /// <summary>EXTENDED_ARG contributes arg &lt;&lt; 16 before 3.6, arg &lt;&lt; 8 from 3.6.</summary>
        public int ExtendedArgShift { get; }
        /// <summary>False for 2.7 bare bytecode only: disassemble_string shows EXTENDED_ARG but never applies it.</summary>
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
        /// <summary>3.13+: jump argrepr names the label ("to L3") instead of the offset.</summary>
        public bool JumpArgReprUsesLabels { get; }
        /// <summary>COMPARE_OP: cmp_op index is arg &gt;&gt; shift (0 before 3.12, 4 in 3.12, 5 from 3.13).</summary>
        public int CompareShift { get; }
        /// <summary>3.13+: COMPARE_OP bit 16 wraps the argrepr in bool(...).</summary>
        public bool CompareHasBoolBit { get; }
        /// <summary>3.11+: hasfree opargs index localsplus; before, cellvars + freevars.</summary>
        public bool FreeIndexIsLocalsPlus { get; }
        /// <summary>2.7 findlabels reads the 16-bit oparg only, without EXTENDED_ARG.</summary>
        public bool LabelsIgnoreExtendedArg { get; }
        /// <summary>3.12+: findlabels looks at the deoptimised op; before, at the op itself.</summary>
        public bool FindLabelsUsesBaseOp { get; }
        /// <summary>What dis.dis / Bytecode adds from the exception table to jump targets and labels.</summary>
        public ExceptionLabelRule ExceptionLabels { get; }
        /// <summary>3.11+: instructions carry co_positions.</summary>
        public bool HasPositions { get; }
        /// <summary>2.7: an oparg extended by EXTENDED_ARG is a long, so "(to N)" prints N with an L suffix.</summary>
        public bool Py2LongJumpText { get; }

        /// <summary>LOAD_GLOBAL/LOAD_ATTR method bit: "NULL + x" before 3.13, "x + NULL" from 3.13.</summary>
        public bool NullMarkerIsSuffix { get; }

        /// <summary>Table-indexing opargs of bare bytecode (<see cref="Code.CodeObject.BareBytecode"/>).</summary>
        public BareArgRule BareArgs { get; }

        /// <summary>Which show_caches CACHE rows show their field's value (<see cref="CacheRows"/>).</summary>
        public CacheValueRule CacheValues { get; }

        /// <summary>3.13+: Instruction.starts_line is a bool and line_number the line in effect.</summary>
        public bool StartsLineIsBool => Version >= PyVersion.V3_13;

        /// <summary>3.11-3.12: get_instructions(show_caches=True) yields CACHE pseudo-instructions (3.13+ moves them into cache_info).</summary>
        public bool CachesAreInstructions => Version >= PyVersion.V3_11 && Version < PyVersion.V3_13;

        /// <summary>3.11-3.12: an instruction's only per-instruction line is positions.lineno (line_number comes in 3.13).</summary>
        public bool LineIsPositionsLine => Version >= PyVersion.V3_11 && Version < PyVersion.V3_13;

        private static readonly DecodeStrategy?[] Cache = new DecodeStrategy?[17];
        private static DecodeStrategy? _bare27;

        /// <summary>The strategy of a version that has an opcode table (2.7, 3.6+).</summary>
        public static DecodeStrategy For(PyVersion version)
        {
            if (!OpcodeTable.Has(version))
                throw new ArgumentException($"no opcode table for {version}", nameof(version));
            int slot = version.Major == 2 ? 0 : version.Minor + 1;
            return Cache[slot] ??= new DecodeStrategy(version, bare: false);
        }

        /// <summary>The strategy for this code object: bare bytecode (<see cref="CodeObject.BareBytecode"/>) differs on 2.7.</summary>
        public static DecodeStrategy For(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return code.BareBytecode && code.Version.Major == 2
                ? _bare27 ??= new DecodeStrategy(code.Version, bare: true)
                : For(code.Version);
        }

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
