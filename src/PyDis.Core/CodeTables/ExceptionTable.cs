using System;
using PyDis.Core.Model;

namespace PyDis.Core.CodeTables
{
    /// <summary>
    /// The 3.11+ exception table (InternalDocs/exception_handling.md), read as <c>dis._parse_exception_table</c>
    /// does: per entry four varints start, length, target, (depth &lt;&lt; 1) | lasti, all in code units. Varints
    /// are 6-bit chunks, most significant first, 0x40 = more follows; 0x80 marks an entry's first byte and is
    /// ignored here exactly as dis ignores it.
    /// </summary>
    public static class ExceptionTable
    {
        private static readonly ExceptionEntry[] NoEntries = new ExceptionEntry[0];

        private const string Context = "co_exceptiontable";

        /// <summary>The entries with byte offsets; empty before 3.11.</summary>
        public static ExceptionEntry[] Parse(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (!code.Release.Tables.HasExceptionTable) return NoEntries;
            byte[] t = code.ExceptionTable;
            int codeLength = code.Code.Length;
            // Each entry takes at least four bytes.
            var entries = new Growable<ExceptionEntry>(t.Length / 4);
            int pos = 0;
            while (pos < t.Length)
            {
                int at = pos;
                long start = ReadVarint(t, ref pos) * 2;
                long end = start + ReadVarint(t, ref pos) * 2;
                long target = ReadVarint(t, ref pos) * 2;
                long dl = ReadVarint(t, ref pos);
                if (end > codeLength)
                    throw new PycFormatException(at, Context, $"entry covers bytes {start}..{end} but co_code has {codeLength}");
                if (target >= codeLength)
                    throw new PycFormatException(at, Context, $"handler target {target} is past the end of co_code ({codeLength} bytes)");
                entries.Add(new ExceptionEntry((int)start, (int)end, (int)target, (int)(dl >> 1), (dl & 1) != 0));
            }
            return entries.ToArray();
        }

        private static long ReadVarint(byte[] t, ref int pos)
        {
            int at = pos;
            if (pos >= t.Length) throw new PycFormatException(pos, Context, "the table ends inside an entry");
            int b = t[pos++];
            long value = b & 63;
            while ((b & 64) != 0)
            {
                if (pos >= t.Length) throw new PycFormatException(pos, Context, "the table ends inside a varint");
                b = t[pos++];
                value = value << 6 | (long)(b & 63);
                if (value > int.MaxValue) throw new PycFormatException(at, Context, "varint does not fit in 31 bits");
            }
            return value;
        }
    }
}
