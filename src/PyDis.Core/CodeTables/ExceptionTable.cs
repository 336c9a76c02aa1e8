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

        /// <summary>
        /// The entries with byte offsets, as dis reads them; empty before 3.11. An entry the table ends inside is
        /// dropped (dis stops at StopIteration); entries and targets outside co_code are kept (dis prints them).
        /// </summary>
        public static ExceptionEntry[] Parse(CodeObject code) => Parse(code, null);

        /// <summary>Reports what is wrong with the table, without keeping the entries.</summary>
        internal static void Check(CodeObject code, ProblemSink problems)
        {
            var none = new Growable<ExceptionEntry>(0);
            Read(code, problems, ref none, collect: false);
        }

        internal static ExceptionEntry[] Parse(CodeObject code, ProblemSink? problems)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (!code.Release.Tables.HasExceptionTable) return NoEntries;
            // Each entry takes at least four bytes.
            var entries = new Growable<ExceptionEntry>(code.ExceptionTable.Length / 4);
            Read(code, problems, ref entries, collect: true);
            return entries.ToArray();
        }

        /// <summary>The entries appended to <paramref name="entries"/> (a buffer the formatter reuses); none before 3.11.</summary>
        internal static void Read(CodeObject code, ProblemSink? problems, ref Growable<ExceptionEntry> entries, bool collect = true)
        {
            if (!code.Release.Tables.HasExceptionTable) return;
            byte[] t = code.ExceptionTable;
            int codeLength = code.Code.Length;
            int pos = 0;
            while (pos < t.Length)
            {
                int at = pos;
                if (!ReadVarint(t, ref pos, problems, out long start) || !ReadVarint(t, ref pos, problems, out long length)
                    || !ReadVarint(t, ref pos, problems, out long target) || !ReadVarint(t, ref pos, problems, out long dl))
                    break;
                start *= 2;
                long end = start + length * 2;
                target *= 2;
                if (end > codeLength)
                    problems?.Add(Context, at, $"entry covers bytes {start}..{end}, past the end of co_code ({codeLength} bytes)");
                else if (target >= codeLength)
                    problems?.Add(Context, at, $"handler target {target} is past the end of co_code ({codeLength} bytes)");
                if (collect) entries.Add(new ExceptionEntry((int)start, (int)end, (int)target, (int)(dl >> 1), (dl & 1) != 0));
            }
        }

        // False when the table ends inside the varint (dis: StopIteration ends the table, the entry is dropped) or
        // when the value outgrows what an offset can be (dis would carry on with a huge Python int; PyDis stops).
        private static bool ReadVarint(byte[] t, ref int pos, ProblemSink? problems, out long value)
        {
            int at = pos;
            value = 0;
            if (pos >= t.Length)
            {
                problems?.Add(Context, pos, "the table ends inside an entry (the entry is dropped, as dis does)");
                return false;
            }
            int b = t[pos++];
            value = b & 63;
            while ((b & 64) != 0)
            {
                if (pos >= t.Length)
                {
                    problems?.Add(Context, pos, "the table ends inside a varint (the entry is dropped, as dis does)");
                    return false;
                }
                b = t[pos++];
                value = value << 6 | (long)(b & 63);
                if (value > int.MaxValue / 4)
                {
                    problems?.Add(Context, at, "varint too large for an offset (PyDis reads no further entries)");
                    return false;
                }
            }
            return true;
        }
    }
}
