using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Records
{
    /// <summary>
    /// dis's argval of a decoded instruction as a value (<see cref="PyInstruction.ArgVal"/>). The decoder has resolved
    /// it already (its repr is <see cref="Instruction.ArgVal"/>, a plain number <see cref="Instruction.ArgValNumber"/>);
    /// this picks the object it resolved to — a constant, a name, a comparison operator — from the code object, by
    /// the opcode's <see cref="ArgKind"/>, without allocating for names and numbers.
    /// </summary>
    internal static class ArgValues
    {
        // dis.py's conversion names (FORMAT_VALUE / CONVERT_VALUE): argval holds the builtins str, repr and ascii.
        private static readonly string?[] Conversions = { null, "str", "repr", "ascii" };
        private const string Unknown = "<unknown>";

        public static object? Of(Instruction i, CodeContext ctx)
        {
            string repr = i.ArgVal;
            if (repr == "None") return null;  // no argument, a None constant, a CACHE row: only None has this repr
            if (i.ArgValNumber is int n) return RecordValues.Int(n);
            if (repr == Unknown) return Unknown;  // dis.UNKNOWN (3.11 KW_NAMES, table lookups of bare bytecode)
            var code = ctx.Code;
            long arg = i.Arg ?? 0;
            if (i.IsValid && i.Arg != null)
            {
                var rules = code.DecodeRules;
                var table = code.Release.Opcodes;
                switch (table[i.OpCode].ArgKind)
                {
                    case ArgKind.Const:
                    {
                        int k = Index(arg, code.Consts.Length);
                        if (k >= 0) return ctx.Const(k);
                        break;
                    }
                    case ArgKind.Name: return Name(code.Names, arg) ?? Fallback(repr);
                    case ArgKind.LoadGlobal:
                    case ArgKind.LoadAttr: return Name(code.Names, arg >> 1) ?? Fallback(repr);
                    case ArgKind.LoadSuperAttr:
                    case ArgKind.ImportName: return Name(code.Names, arg >> 2) ?? Fallback(repr);
                    case ArgKind.Local: return Name(code.FastNames, arg) ?? Fallback(repr);
                    case ArgKind.Free:
                        return Name(rules.FreeIndexIsLocalsPlus ? code.FastNames : ctx.FreeNames, arg) ?? Fallback(repr);
                    case ArgKind.Compare:
                    {
                        int k = Index(arg >> rules.CompareShift, table.CmpOp.Count);
                        if (k >= 0) return table.CmpOp[k];
                        break;
                    }
                    case ArgKind.FormatValue:
                        return new TupleValue(new object?[] { Conversions[arg & 3], RecordValues.Bool((arg & 4) != 0) }, repr);
                    case ArgKind.ConvertValue:
                    {
                        int k = Index(arg, Conversions.Length);
                        if (k > 0) return Conversions[k];
                        break;
                    }
                    case ArgKind.LoadCommonConstant:
                        return RecordValues.OfRepr(repr, i.ArgRepr);
                    case ArgKind.FastPair:
                    {
                        var names = code.FastNames;
                        int a = Index(arg >> 4, names.Length), b = Index(arg & 15, names.Length);
                        if (a >= 0 && b >= 0) return new TupleValue(new object?[] { names[a], names[b] }, repr);
                        if (code.BareBytecode) return new TupleValue(new object?[] { Unknown, Unknown }, repr);
                        break;
                    }
                }
            }
            return Fallback(repr);
        }

        // An argval the decoder left as a number too large for Int32, or text: the number, else the text.
        private static object? Fallback(string repr) => RecordValues.ParseNumber(repr) ?? repr;

        private static string? Name(string[] names, long index)
        {
            int k = Index(index, names.Length);
            return k >= 0 ? names[k] : null;
        }

        /// <summary>Python sequence indexing, as the decoder does it: negative indexes count from the end; -1 when out of range.</summary>
        private static int Index(long index, int length)
        {
            if (index < 0) index += length;
            return index >= 0 && index < length ? (int)index : -1;
        }
    }
}
