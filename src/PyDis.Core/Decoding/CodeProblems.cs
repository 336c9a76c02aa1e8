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
                sink.Add("co_code", length - 1, $"odd length {length}: Python {release.Version} code units are 2 bytes", kind: "odd_length");
            if (!code.BareBytecode)
            {
                LineTable.Check(code, sink);
                ExceptionTable.Check(code, sink);
            }

            CodeDecoder.CheckCode(code, sink);
            return sink.Problems.Count == 0 ? None : sink.Problems;
        }

        /// <summary>
        /// Whether <see cref="Find"/> would report nothing, from what a pass that decoded the code object met: the
        /// problems its table readers reported (<see cref="Decoding.DecodeContext.Load"/>), how much of co_code the
        /// line table covers, and whether the co_code checks (<see cref="CodeCheck"/>) found anything.
        /// </summary>
        internal static bool NoneFound(CodeObject code, ProblemSink tableProblems, int lineTableCoverage, bool codeSound)
        {
            if (code.Release.Decode.Wordcode && (code.Code.Length & 1) != 0) return false;
            if (!tableProblems.IsEmpty) return false;
            if (!code.BareBytecode && lineTableCoverage < code.Code.Length) return false;
            return codeSound;
        }
    }

    /// <summary>
    /// The co_code checks of <see cref="CodeProblems.Find"/>, one raw instruction at a time, in walk order:
    /// <see cref="CodeDecoder.CheckCode"/> words what they find; the formatter's reader, which walks co_code anyway,
    /// only asks whether they found anything (<see cref="SoundCode"/>).
    /// </summary>
    internal struct CodeCheck
    {
        internal enum Finding { None, Truncated, Operand, Jump }

        private readonly OperandCheck _operands;
        private readonly OpcodeTable _table;
        private readonly Releases.DecodeRules _s;
        private readonly bool _bare;
        private readonly int _length;

        public CodeCheck(CodeObject code)
        {
            _operands = new OperandCheck(code);
            _table = code.Release.Opcodes;
            _s = code.DecodeRules;
            _bare = code.BareBytecode;
            _length = code.Code.Length;
            LastOp = -1;
            LastOffset = 0;
        }

        /// <summary>The last instruction met (-1: none yet) and its offset.</summary>
        public int LastOp { get; private set; }
        public int LastOffset { get; private set; }

        /// <summary>
        /// What is wrong with the instruction: cut off by the end of co_code, an oparg past its table
        /// (<see cref="OperandProblem"/> says how), or a jump outside co_code (to <see cref="JumpTarget"/>).
        /// </summary>
        public Finding Of(ref CodeDecoder.RawInstr r, bool truncated, OpcodeInfo info)
        {
            LastOp = r.Op;
            LastOffset = r.Offset;
            if (truncated) return Finding.Truncated;
            if (!r.HasArg) return Finding.None;
            if (!_bare && _operands.Problem(info, r.Arg) != null) return Finding.Operand;
            if (CodeDecoder.IsJump(info.ArgKind))
            {
                long target = JumpTarget(ref r, info);
                if (target < 0 || target >= _length) return Finding.Jump;
            }
            return Finding.None;
        }

        /// <summary>How an instruction's oparg is past its table (null when it is not).</summary>
        public string? OperandProblem(ref CodeDecoder.RawInstr r, OpcodeInfo info) => _operands.Problem(info, r.Arg);

        public long JumpTarget(ref CodeDecoder.RawInstr r, OpcodeInfo info) =>
            _s.JumpTarget(info.ArgKind, r.Arg, r.Offset, r.Length, info.CacheCount);

        /// <summary>After the walk: co_code ends with an EXTENDED_ARG, whose prefix applies to nothing.</summary>
        public bool EndsWithExtendedArg => LastOp >= 0 && _table.OpArray[LastOp].BaseOpCode == _table.ExtendedArg;
    }

    /// <summary>
    /// Whether an oparg indexes inside the table its opcode reads (dis raises IndexError when not). The table sizes
    /// are taken once per code object: the check runs for every instruction.
    /// </summary>
    internal readonly struct OperandCheck
    {
        private readonly int _consts, _names, _fast, _free, _compareShift;
        private readonly OpcodeTable _table;
        private readonly bool _localsPlus, _freeIsLocalsPlus;

        public OperandCheck(CodeObject code)
        {
            var release = code.Release;
            var s = release.Decode;
            _table = release.Opcodes;
            _consts = code.Consts.Length;
            _names = code.NameList.Length;
            _fast = code.FastNameList.Length;
            _localsPlus = release.Marshal.HasLocalsPlus;
            _freeIsLocalsPlus = s.FreeIndexIsLocalsPlus;
            _free = _freeIsLocalsPlus ? _fast : code.CellVars.Length + code.FreeVars.Length;
            _compareShift = s.CompareShift;
        }

        public static string? Problem(CodeObject code, OpcodeInfo info, long arg) => new OperandCheck(code).Problem(info, arg);

        public string? Problem(OpcodeInfo info, long arg)
        {
            switch (info.ArgKind)
            {
                case ArgKind.Const:
                case ArgKind.UnknownConst: return (ulong)arg < (ulong)_consts ? null : Range(arg, _consts, "co_consts");
                case ArgKind.Name: return (ulong)arg < (ulong)_names ? null : Range(arg, _names, "co_names");
                case ArgKind.LoadGlobal:
                case ArgKind.LoadAttr: return (ulong)(arg >> 1) < (ulong)_names ? null : Range(arg >> 1, _names, "co_names", "arg >> 1");
                case ArgKind.LoadSuperAttr:
                case ArgKind.ImportName: return (ulong)(arg >> 2) < (ulong)_names ? null : Range(arg >> 2, _names, "co_names", "arg >> 2");
                case ArgKind.Local: return (ulong)arg < (ulong)_fast ? null : Range(arg, _fast, _localsPlus ? "co_localsplusnames" : "co_varnames");
                case ArgKind.Free: return (ulong)arg < (ulong)_free ? null : Range(arg, _free, _freeIsLocalsPlus ? "co_localsplusnames" : "co_cellvars + co_freevars");
                case ArgKind.FastPair:
                    return Range(arg >> 4, _fast, "co_localsplusnames", "arg >> 4") ?? Range(arg & 15, _fast, "co_localsplusnames", "arg & 15");
                case ArgKind.Compare:
                    // The "arg >> N" text is made only for a problem: this runs for every COMPARE_OP.
                    return (ulong)(arg >> _compareShift) < (ulong)_table.CmpOp.Count ? null
                        : Range(arg >> _compareShift, _table.CmpOp.Count, "the comparison operators", _compareShift > 0 ? "arg >> " + _compareShift.ToString(CultureInfo.InvariantCulture) : null);
                case ArgKind.BinaryOp: return Known(arg, _table.NbOps.Count, "binary operators");
                case ArgKind.Intrinsic1: return Known(arg, _table.Intrinsic1.Count, "CALL_INTRINSIC_1 functions");
                case ArgKind.Intrinsic2: return Known(arg, _table.Intrinsic2.Count, "CALL_INTRINSIC_2 functions");
                case ArgKind.LoadSpecial: return Known(arg, _table.SpecialMethodNames.Count, "special method names");
                case ArgKind.LoadCommonConstant: return Known(arg, _table.CommonConstantArgReprs.Count, "common constants");
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
