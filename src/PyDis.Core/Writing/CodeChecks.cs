using System;
using System.Globalization;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Writing
{
    /// <summary>
    /// What the interpreter would refuse in a code object, or would read out of bounds: counts that do not fit
    /// the locals, an odd wordcode length, localsplus names without kinds, and operands indexing past
    /// co_consts, co_names, the locals, the cells or the version's operator tables (CPython does not check
    /// those at load time; a bad one crashes the process or reads garbage).
    /// </summary>
    public static class CodeChecks
    {
        /// <summary>Throws <see cref="BytecodeWriteException"/> for the first problem, naming the code object and instruction.</summary>
        public static void ThrowIfUnloadable(CodeObject code, string? codeName = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            string name = codeName ?? code.DisplayName;
            var release = code.Release;
            if (code.ArgCount < 0 || code.PosOnlyArgCount < 0 || code.KwOnlyArgCount < 0 || code.StackSize < 0 || code.NLocals < 0)
                throw new BytecodeWriteException(name, "a count (argcount, posonlyargcount, kwonlyargcount, nlocals or stacksize) is negative");
            if (code.PosOnlyArgCount > code.ArgCount)
                throw new BytecodeWriteException(name, $"co_posonlyargcount {code.PosOnlyArgCount} exceeds co_argcount {code.ArgCount}");
            if (release.Marshal.HasLocalsPlus && code.LocalsPlusNames.Length != code.LocalsPlusKinds.Length)
                throw new BytecodeWriteException(name, $"{code.LocalsPlusNames.Length} co_localsplusnames but {code.LocalsPlusKinds.Length} co_localspluskinds");
            int args = code.ArgCount + code.KwOnlyArgCount
                + ((code.Flags & CodeFlags.VARARGS) != 0 ? 1 : 0) + ((code.Flags & CodeFlags.VARKEYWORDS) != 0 ? 1 : 0);
            if (args > code.VarNames.Length)
                throw new BytecodeWriteException(name, $"the {args} arguments need as many local names, but co_varnames has {code.VarNames.Length} (code: varnames is too small)");
            if (!release.Marshal.HasLocalsPlus && code.NLocals < code.VarNames.Length)
                throw new BytecodeWriteException(name, $"co_nlocals {code.NLocals} is smaller than co_varnames ({code.VarNames.Length} names)");
            if (release.Decode.Wordcode && code.Code.Length % 2 != 0)
                throw new BytecodeWriteException(name, $"co_code has {code.Code.Length} bytes; Python {release.Version} bytecode is made of 2-byte code units");
            CheckOperands(code, name);
        }

        private static void CheckOperands(CodeObject code, string name)
        {
            var release = code.Release;
            var table = release.Opcodes;
            var s = release.Decode;
            var program = ProgramReader.Read(code, name);
            var fast = code.FastNames;
            int free = s.FreeIndexIsLocalsPlus ? fast.Length : code.CellVars.Length + code.FreeVars.Length;
            for (int i = 0; i < program.Instructions.Count; i++)
            {
                var ins = program.Instructions[i];
                var info = table.Ops[ins.OpCode!.Value];
                if (!info.HasArg || ins.Arg is null) continue;
                long arg = ins.Arg.Value;
                string? problem = null;
                switch (info.ArgKind)
                {
                    case ArgKind.Const:
                    case ArgKind.UnknownConst: problem = Range(arg, code.Consts.Length, "co_consts"); break;
                    case ArgKind.Name: problem = Range(arg, code.Names.Length, "co_names"); break;
                    case ArgKind.LoadGlobal:
                    case ArgKind.LoadAttr: problem = Range(arg >> 1, code.Names.Length, "co_names", "arg >> 1"); break;
                    case ArgKind.LoadSuperAttr:
                    case ArgKind.ImportName: problem = Range(arg >> 2, code.Names.Length, "co_names", "arg >> 2"); break;
                    case ArgKind.Local: problem = Range(arg, fast.Length, release.Marshal.HasLocalsPlus ? "co_localsplusnames" : "co_varnames"); break;
                    case ArgKind.Free: problem = Range(arg, free, s.FreeIndexIsLocalsPlus ? "co_localsplusnames" : "co_cellvars + co_freevars"); break;
                    case ArgKind.FastPair:
                        problem = Range(arg >> 4, fast.Length, "co_localsplusnames", "arg >> 4") ?? Range(arg & 15, fast.Length, "co_localsplusnames", "arg & 15");
                        break;
                    case ArgKind.Compare: problem = Range(arg >> s.CompareShift, table.CmpOp.Count, "the comparison operators", s.CompareShift > 0 ? "arg >> " + s.CompareShift.ToString(CultureInfo.InvariantCulture) : null); break;
                    case ArgKind.BinaryOp: problem = Known(arg, table.NbOps.Count, "binary operators"); break;
                    case ArgKind.Intrinsic1: problem = Known(arg, table.Intrinsic1.Count, "CALL_INTRINSIC_1 functions"); break;
                    case ArgKind.Intrinsic2: problem = Known(arg, table.Intrinsic2.Count, "CALL_INTRINSIC_2 functions"); break;
                    case ArgKind.LoadSpecial: problem = Known(arg, table.SpecialMethodNames.Count, "special method names"); break;
                    case ArgKind.LoadCommonConstant: problem = Known(arg, table.CommonConstantArgReprs.Count, "common constants"); break;
                    case ArgKind.ConvertValue: problem = Range(arg, 4, "the conversions (none, str, repr, ascii)"); break;
                }
                if (problem != null)
                    throw new BytecodeWriteException(name, $"{info.Name} at offset {ins.SourceOffset}: {problem}", i, $"{info.Name} {arg.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        private static string? Range(long index, int count, string what, string? how = null) =>
            index >= 0 && index < count ? null
            : $"{(how is null ? "argument" : how)} {index.ToString(CultureInfo.InvariantCulture)} is out of range: {what} has {count.ToString(CultureInfo.InvariantCulture)} item(s)";

        // An operator table the version's opcode module does not list (empty) cannot be checked.
        private static string? Known(long index, int count, string what) => count == 0 ? null : Range(index, count, "the " + what);
    }
}
