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
            var table = code.Release.Opcodes;
            var program = ProgramReader.Read(code, name);
            for (int i = 0; i < program.Instructions.Count; i++)
            {
                var ins = program.Instructions[i];
                var info = table.Ops[ins.OpCode!.Value];
                if (!info.HasArg || ins.Arg is null) continue;
                long arg = ins.Arg.Value;
                string? problem = Decoding.OperandCheck.Problem(code, info, arg);
                if (problem != null)
                    throw new BytecodeWriteException(name, $"{info.Name} at offset {ins.SourceOffset}: {problem}", i, $"{info.Name} {arg.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }
}
