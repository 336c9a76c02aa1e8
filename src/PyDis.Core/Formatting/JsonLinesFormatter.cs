using System;
using System.Globalization;
using System.IO;
using System.Text;
using PyDis.Core.Decoding;
using PyDis.Core.Model;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// JSON Lines, the output format beside dis text (<c>pydis --format json</c>): one JSON object per
    /// instruction of every code object, with dis.Instruction's field names, plus the code object's co_name
    /// chain ("code") and the file. The rows are the decoder's <see cref="Instruction"/>s, the same the module's
    /// PyInstruction records are made from; argval is repr(argval), as the fixtures record it.
    /// </summary>
    public static class JsonLinesFormatter
    {
        /// <summary>The rows of <paramref name="root"/> and every nested code object, in walk order.</summary>
        public static void Write(CodeObject root, string file, TextWriter output)
        {
            if (root is null) throw new ArgumentNullException(nameof(root));
            if (file is null) throw new ArgumentNullException(nameof(file));
            if (output is null) throw new ArgumentNullException(nameof(output));
            var sb = new StringBuilder(256);
            var fileJson = Quote(file);
            foreach (var walked in root.Walk(root.Name, null))
            {
                var code = walked.Code;
                var qualified = Quote(walked.Path);
                bool startsLineIsBool = code.Release.Decode.StartsLineIsBool;
                foreach (var ins in CodeDecoder.Decode(code))
                {
                    sb.Clear();
                    sb.Append("{\"file\":").Append(fileJson);
                    sb.Append(",\"code\":").Append(qualified);
                    sb.Append(",\"opname\":").Append(Quote(ins.OpName));
                    sb.Append(",\"opcode\":").Append(ins.OpCode.ToString(CultureInfo.InvariantCulture));
                    sb.Append(",\"arg\":").Append(Num(ins.Arg));
                    sb.Append(",\"argval\":").Append(Quote(ins.ArgVal));
                    sb.Append(",\"argrepr\":").Append(Quote(ins.ArgRepr));
                    sb.Append(",\"offset\":").Append(ins.Offset.ToString(CultureInfo.InvariantCulture));
                    sb.Append(",\"start_offset\":").Append(ins.StartOffset.ToString(CultureInfo.InvariantCulture));
                    // starts_line is the line (or null) before 3.13 and a bool from 3.13, as in dis.Instruction.
                    sb.Append(",\"starts_line\":").Append(startsLineIsBool ? Bool(ins.IsLineStart) : Num(ins.StartsLine));
                    sb.Append(",\"line_number\":").Append(Num(ins.LineNumber));
                    sb.Append(",\"is_jump_target\":").Append(Bool(ins.IsJumpTarget));
                    sb.Append(",\"label\":").Append(Num(ins.Label));
                    sb.Append(",\"positions\":");
                    var p = ins.Positions;
                    if (p.IsEmpty) sb.Append("null");
                    else sb.Append('[').Append(Num(p.LineNumber)).Append(',').Append(Num(p.EndLineNumber)).Append(',')
                           .Append(Num(p.ColOffset)).Append(',').Append(Num(p.EndColOffset)).Append(']');
                    sb.Append(",\"cache_info\":");
                    if (ins.CacheInfo is null || ins.CacheInfo.Length == 0) sb.Append("null");
                    else
                    {
                        sb.Append('[');
                        for (int i = 0; i < ins.CacheInfo.Length; i++)
                        {
                            var c = ins.CacheInfo[i];
                            if (i > 0) sb.Append(',');
                            sb.Append('[').Append(Quote(c.Name)).Append(',').Append(c.Size.ToString(CultureInfo.InvariantCulture)).Append(",\"");
                            for (int b = 0; b < 2 * c.Size && c.DataOffset + b < code.Code.Length; b++)
                                sb.Append(code.Code[c.DataOffset + b].ToString("x2", CultureInfo.InvariantCulture));
                            sb.Append("\"]");
                        }
                        sb.Append(']');
                    }
                    sb.Append("}\n");
                    output.Write(sb.ToString());
                }
            }
        }

        private static string Num(int? v) => v is int n ? n.ToString(CultureInfo.InvariantCulture) : "null";

        private static string Bool(bool b) => b ? "true" : "false";

        /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, lone surrogates as \\uXXXX.</summary>
        public static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2);
            sb.Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        bool loneSurrogate = char.IsSurrogate(c) &&
                            !(char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) &&
                            !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(s[i - 1]));
                        if (c < 0x20 || loneSurrogate) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
