using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.CodeTables;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// What is inconsistent inside one code object (not its children): co_code of odd length or cut inside an
    /// instruction, jumps outside co_code, a trailing EXTENDED_ARG, opargs past co_consts / co_names / the locals,
    /// and line, location or exception tables that do not fit co_code. The readers cope with all of it as the
    /// version's dis does; this says what they coped with, for the hosts' warnings. Bounded: at most one problem
    /// per table and <see cref="MaxOperandProblems"/> per code object for operands.
    /// </summary>
    public static class CodeProblems
    {
        internal const int MaxOperandProblems = 5;

        private static readonly IReadOnlyList<CodeProblem> None = Array.Empty<CodeProblem>();

        public static IReadOnlyList<CodeProblem> Find(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var sink = new ProblemSink();
            var release = code.Release;
            byte[] bytes = code.Code;
            int length = bytes.Length;
            if (release.Decode.Wordcode && (length & 1) != 0)
                sink.Add("co_code", length - 1, $"odd length {length}: Python {release.Version} code units are 2 bytes");
            if (!code.BareBytecode)
            {
                LineTable.Check(code, sink);
                ExceptionTable.Parse(code, sink);
            }

            CodeDecoder.CheckCode(code, sink);
            return sink.Problems.Count == 0 ? None : sink.Problems;
        }
    }

    /// <summary>Whether an oparg indexes inside the table its opcode reads (dis raises IndexError when not).</summary>
    internal static class OperandCheck
    {
        public static string? Problem(CodeObject code, OpcodeInfo info, long arg)
        {
            var release = code.Release;
            var table = release.Opcodes;
            var s = release.Decode;
            switch (info.ArgKind)
            {
                case ArgKind.Const:
                case ArgKind.UnknownConst: return Range(arg, code.Consts.Length, "co_consts");
                case ArgKind.Name: return Range(arg, code.Names.Length, "co_names");
                case ArgKind.LoadGlobal:
                case ArgKind.LoadAttr: return Range(arg >> 1, code.Names.Length, "co_names", "arg >> 1");
                case ArgKind.LoadSuperAttr:
                case ArgKind.ImportName: return Range(arg >> 2, code.Names.Length, "co_names", "arg >> 2");
                case ArgKind.Local: return Range(arg, code.FastNames.Length, release.Marshal.HasLocalsPlus ? "co_localsplusnames" : "co_varnames");
                case ArgKind.Free:
                    int free = s.FreeIndexIsLocalsPlus ? code.FastNames.Length : code.CellVars.Length + code.FreeVars.Length;
                    return Range(arg, free, s.FreeIndexIsLocalsPlus ? "co_localsplusnames" : "co_cellvars + co_freevars");
                case ArgKind.FastPair:
                    return Range(arg >> 4, code.FastNames.Length, "co_localsplusnames", "arg >> 4") ?? Range(arg & 15, code.FastNames.Length, "co_localsplusnames", "arg & 15");
                case ArgKind.Compare:
                    return Range(arg >> s.CompareShift, table.CmpOp.Count, "the comparison operators", s.CompareShift > 0 ? "arg >> " + s.CompareShift.ToString(CultureInfo.InvariantCulture) : null);
                case ArgKind.BinaryOp: return Known(arg, table.NbOps.Count, "binary operators");
                case ArgKind.Intrinsic1: return Known(arg, table.Intrinsic1.Count, "CALL_INTRINSIC_1 functions");
                case ArgKind.Intrinsic2: return Known(arg, table.Intrinsic2.Count, "CALL_INTRINSIC_2 functions");
                case ArgKind.LoadSpecial: return Known(arg, table.SpecialMethodNames.Count, "special method names");
                case ArgKind.LoadCommonConstant: return Known(arg, table.CommonConstantArgReprs.Count, "common constants");
                case ArgKind.ConvertValue: return Range(arg, 4, "the conversions (none, str, repr, ascii)");
                default: return null;
            }
        }

        private static string? Range(long index, int count, string what, string? how = null) =>
            index >= 0 && index < count ? null
            : $"{(how is null ? "argument" : how)} {index.ToString(CultureInfo.InvariantCulture)} is out of range: {what} has {count.ToString(CultureInfo.InvariantCulture)} item(s)";

        // An operator table the version's opcode module does not list (empty) cannot be checked.
        private static string? Known(long index, int count, string what) => count == 0 ? null : Range(index, count, "the " + what);
    }
}
