using System;
using System.Linq;
using System.Text;
using PyDis.Core.Decoding;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>An Instruction field as the fixture JSON spells that dis.Instruction field.</summary>
    internal static class InstructionFields
    {
        public static object? Value(Instruction ins, string field)
        {
            bool v313 = ins.Version >= new PyVersion(3, 13);
            switch (field)
            {
                case "opname": return ins.OpName;
                case "arg_is_long": return ins.ArgIsLong;
                case "opcode": return ins.OpCode;
                case "arg": return ins.Arg;
                case "oparg": return ins.Arg;
                case "argval": return ins.ArgVal;
                case "argrepr": return ins.ArgRepr;
                case "offset": return ins.Offset;
                case "start_offset": return ins.StartOffset;
                case "starts_line": return v313 ? ins.IsLineStart : (object?)ins.StartsLine;
                case "line_number": return ins.LineNumber;
                case "is_jump_target": return ins.IsJumpTarget;
                case "label": return ins.Label;
                case "jump_target": return ins.JumpTarget;
                case "baseopname": return ins.BaseOpName;
                case "baseopcode": return ins.BaseOpCode;
                case "cache_offset": return ins.Offset + 2;
                case "end_offset": return ins.EndOffset;
                case "positions":
                    var p = ins.Positions;
                    return new object?[] { p.LineNumber, p.EndLineNumber, p.ColOffset, p.EndColOffset };
                case "cache_info":
                    if (ins.CacheInfo is null) return null;
                    var code = ins.Code!.Code;
                    return ins.CacheInfo.Select(c => new object[] { c.Name, c.Size, HexSlice(code, c.DataOffset, 2 * c.Size) }).ToArray();
                default: throw new ArgumentException("unknown Instruction field " + field);
            }
        }

        private static string HexSlice(byte[] code, int start, int length)
        {
            var sb = new StringBuilder();
            for (int i = start; i < start + length && i < code.Length; i++) sb.Append(code[i].ToString("x2"));
            return sb.ToString();
        }
    }
}
