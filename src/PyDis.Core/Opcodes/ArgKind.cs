namespace PyDis.Core.Opcodes
{
    /// <summary>
    /// How dis resolves an instruction's oparg into argval/argrepr. Assigned per opcode and version by the
    /// table generator from the opcode module's has* lists and each version's dis.py rules; the decoder has
    /// one resolver per kind.
    /// </summary>
    public enum ArgKind
    {
        /// <summary>No oparg (argval None).</summary>
        None,
        /// <summary>An oparg dis shows as the number itself (argval = arg, no argrepr).</summary>
        Plain,
        /// <summary>co_consts index.</summary>
        Const,
        /// <summary>
        /// 3.11 hasconst ops other than LOAD_CONST (KW_NAMES): dis resolves only LOAD_CONST, so argval is the
        /// dis.UNKNOWN sentinel (repr "&lt;unknown&gt;") and argrepr is empty.
        /// </summary>
        UnknownConst,
        /// <summary>co_names index.</summary>
        Name,
        /// <summary>Local variable index (co_varnames; 3.11+ localsplus).</summary>
        Local,
        /// <summary>Cell/free index (cellvars + freevars before 3.11; localsplus from 3.11).</summary>
        Free,
        /// <summary>cmp_op index (shifted from 3.12, with the bool() bit from 3.13).</summary>
        Compare,
        /// <summary>Relative jump forward (2.7-3.10 hasjrel; 3.11+ forward jumps).</summary>
        JumpForward,
        /// <summary>Relative jump backward (3.11+).</summary>
        JumpBackward,
        /// <summary>3.14+ END_ASYNC_FOR: a backward target shown as "from Lx".</summary>
        JumpBackwardFrom,
        /// <summary>Absolute jump (hasjabs, before 3.11).</summary>
        JumpAbsolute,
        /// <summary>
        /// 3.3-3.5 hasnargs (CALL_FUNCTION*): argval = arg, argrepr "P positional, K keyword pair" from the
        /// oparg's low and high byte (<see cref="Releases.DecodeRules.NArgsFromFullArg"/>).
        /// </summary>
        NArgs,
        /// <summary>3.11+ LOAD_GLOBAL: name index arg>>1, low bit pushes NULL.</summary>
        LoadGlobal,
        /// <summary>3.12+ LOAD_ATTR: name index arg>>1, low bit = method load (NULL|self).</summary>
        LoadAttr,
        /// <summary>3.12+ LOAD_SUPER_ATTR: name index arg>>2, low bit = method load.</summary>
        LoadSuperAttr,
        /// <summary>3.15+ IMPORT_NAME: name index arg>>2, bit 0 lazy, bit 1 eager.</summary>
        ImportName,
        /// <summary>3.13+ superinstructions over two locals: arg>>4 and arg&amp;15.</summary>
        FastPair,
        /// <summary>3.6-3.12 FORMAT_VALUE: conversion in the low 2 bits, bit 2 = with format spec.</summary>
        FormatValue,
        /// <summary>3.13+ CONVERT_VALUE: conversion index.</summary>
        ConvertValue,
        /// <summary>3.8-3.12 MAKE_FUNCTION and 3.13+ SET_FUNCTION_ATTRIBUTE: flag names.</summary>
        FunctionFlags,
        /// <summary>3.11+ BINARY_OP: _nb_ops index.</summary>
        BinaryOp,
        /// <summary>3.12+ CALL_INTRINSIC_1.</summary>
        Intrinsic1,
        /// <summary>3.12+ CALL_INTRINSIC_2.</summary>
        Intrinsic2,
        /// <summary>3.14+ IS_OP: argrepr "is" / "is not".</summary>
        IsOp,
        /// <summary>3.14+ CONTAINS_OP: argrepr "in" / "not in".</summary>
        ContainsOp,
        /// <summary>3.14+ LOAD_SMALL_INT: the oparg is the value (dis shows it like <see cref="Plain"/>).</summary>
        LoadSmallInt,
        /// <summary>3.14+ LOAD_COMMON_CONSTANT: _common_constants index.</summary>
        LoadCommonConstant,
        /// <summary>3.14+ LOAD_SPECIAL: _special_method_names index.</summary>
        LoadSpecial,
    }
}
