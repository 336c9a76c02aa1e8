using System;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.CodeTables
{
    /// <summary>
    /// Line numbers of a code object, as each version's <c>dis</c> derives them:
    /// <list type="bullet">
    /// <item>2.7–3.9: co_lnotab, pairs (byte increment, line increment); line increments unsigned before 3.6,
    /// signed from 3.6 (Objects/lnotab_notes.txt). findlinestarts yields (addr, line) when a byte increment
    /// follows a line change; from 3.8 it stops once addr reaches len(co_code).</item>
    /// <item>3.10: PEP 626 co_linetable, pairs (byte delta u8, line delta s8), -128 = no line (the running line
    /// stays), zero-length ranges skipped, no merging; a negative line reads as None.</item>
    /// <item>3.11+: the location table (<see cref="LocationTable"/>); co_lines gives one range per entry in 3.11
    /// (a negative line reads as None) and merges neighbouring entries of equal line from 3.12 (only -1 is None).</item>
    /// <item>findlinestarts from co_lines: 3.10–3.12 skip None lines and repeats of the last line;
    /// 3.13+ yield every range, None included.</item>
    /// </list>
    /// Tables CPython never writes (an odd pair count, entries reaching past co_code, an entry cut short) are read
    /// as CPython reads them (dis copes, so PyDis does too); the internal overloads taking a <see cref="ProblemSink"/>
    /// also say what was wrong, with the offset inside the table (<see cref="Decoding.CodeProblems"/>).
    /// lnotab entries past the code are normal before 3.8 and follow findlinestarts.
    /// </summary>
    public static class LineTable
    {
        private const string LnotabContext = "co_lnotab";

        /// <summary>Exactly what that version's <c>dis.findlinestarts</c> yields, in order.</summary>
        public static LineStart[] FindLineStarts(CodeObject code) => FindLineStarts(code, null);

        internal static LineStart[] FindLineStarts(CodeObject code, ProblemSink? problems)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var starts = new Growable<LineStart>(0);
            FindLineStarts(code, problems, ref starts);
            return starts.ToArray();
        }

        /// <summary>
        /// findlinestarts appended to <paramref name="starts"/> (a buffer the formatter reuses for every code object).
        /// Returns how many bytes of co_code the 3.10+ table covers (int.MaxValue for an lnotab, which need not
        /// cover them): with the problems reported to <paramref name="problems"/>, what <see cref="Check"/> finds.
        /// </summary>
        internal static int FindLineStarts(CodeObject code, ProblemSink? problems, ref Growable<LineStart> starts)
        {
            var rules = code.Release.Tables;
            if (rules.IsLnotab)
            {
                LnotabStarts(code, rules, problems, ref starts);
                return int.MaxValue;
            }
            var reader = new LineRangeReader(code, rules, problems);
            bool haveLast = false;
            int? lastLine = null;
            while (reader.Next(out var range))
            {
                int? line = range.Line;
                if (rules.StartsKeepNoLine)
                {
                    // 3.13+: `line is not lastline`; co_lines already merged equal neighbours, so every range starts one.
                    if (!haveLast || line != lastLine) starts.Add(new LineStart(range.Start, line));
                }
                else
                {
                    // 3.10-3.12: `line is not None and line != lastline`.
                    if (line is null || (haveLast && line == lastLine)) continue;
                    starts.Add(new LineStart(range.Start, line));
                }
                lastLine = line;
                haveLast = true;
            }
            return reader.End;
        }

        /// <summary>
        /// Reports what is inconsistent in the line table, in one pass without allocation: an odd lnotab; from 3.10
        /// what the readers meet, and a table that covers less than co_code (3.10+ compilers cover every byte).
        /// </summary>
        internal static void Check(CodeObject code, ProblemSink problems)
        {
            var rules = code.Release.Tables;
            byte[] t = code.LineTable;
            if (rules.IsLnotab)
            {
                if ((t.Length & 1) != 0)
                    problems.Add(LnotabContext, t.Length - 1, $"odd length {t.Length}: the last (byte, line) pair is cut short (ignored, as dis does)");
                return;
            }
            int codeLength = code.Code.Length;
            long covered = 0;
            if (rules.LineFormat == LineFormat.Linetable310)
            {
                if ((t.Length & 1) != 0)
                    problems.Add("co_linetable", t.Length - 1, $"odd length {t.Length}: the last (byte, line) pair is cut short (its line delta read as 0, as CPython does)");
                for (int i = 0; i < t.Length; i += 2)
                {
                    covered += t[i];
                    if (covered > codeLength)
                        problems.Add("co_linetable", i, $"entry ends at byte {covered}, past the end of co_code ({codeLength} bytes)");
                }
            }
            else
            {
                // The entries as co_lines reads them; the cursor reports what is wrong with each.
                var cursor = new LocationCursor(t, code.FirstLineNo, codeLength, problems);
                while (cursor.NextChecked()) covered += 2 * cursor.Units;
            }
            if (covered < codeLength)
                problems.Add("co_linetable", t.Length, $"the table covers {covered} of co_code's {code.Code.Length} bytes: the rest has no line number");
        }

        /// <summary>
        /// <c>co_lines()</c> from 3.10. Before 3.10 there is no co_lines: the ranges run from each line start
        /// to the next (the last to len(co_code)), starts at or past the end of the code dropped.
        /// </summary>
        public static LineRange[] Lines(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var rules = code.Release.Tables;
            if (rules.IsLnotab) return RangesFromStarts(FindLineStarts(code, null), code.Code.Length);
            var reader = new LineRangeReader(code, rules, null);
            var ranges = new Growable<LineRange>(reader.UpperBound());
            while (reader.Next(out var range)) ranges.Add(range);
            return ranges.ToArray();
        }

        private static void LnotabStarts(CodeObject code, TableRules rules, ProblemSink? problems, ref Growable<LineStart> starts)
        {
            byte[] t = code.LineTable;
            // dis zips the byte and line increments: a last byte without its pair is ignored.
            if ((t.Length & 1) != 0)
                problems?.Add(LnotabContext, t.Length - 1, $"odd length {t.Length}: the last (byte, line) pair is cut short (ignored, as dis does)");
            int pairs = t.Length & ~1;
            bool signed = rules.LineFormat == LineFormat.LnotabSigned;
            int codeLength = code.Code.Length;
            bool haveLast = false;
            int lastLine = 0;
            int line = code.FirstLineNo;
            int addr = 0;
            unchecked
            {
                for (int i = 0; i < pairs; i += 2)
                {
                    int byteIncr = t[i];
                    if (byteIncr != 0)
                    {
                        if (!haveLast || line != lastLine)
                        {
                            starts.Add(new LineStart(addr, line));
                            lastLine = line;
                            haveLast = true;
                        }
                        addr += byteIncr;
                        // 3.8+: the rest of the table lies past the bytecode (lines optimised away).
                        if (rules.StopsAtCodeEnd && addr >= codeLength) return;
                    }
                    line += signed ? (sbyte)t[i + 1] : t[i + 1];
                }
            }
            if (!haveLast || line != lastLine) starts.Add(new LineStart(addr, line));
        }



        private static LineRange[] RangesFromStarts(LineStart[] starts, int codeLength)
        {
            var ranges = new Growable<LineRange>(starts.Length);
            for (int i = 0; i < starts.Length; i++)
            {
                int start = starts[i].Offset;
                if (start >= codeLength) break;
                int end = i + 1 < starts.Length ? Math.Min(starts[i + 1].Offset, codeLength) : codeLength;
                if (end > start) ranges.Add(new LineRange(start, end, starts[i].Line));
            }
            return ranges.ToArray();
        }
    }
}
