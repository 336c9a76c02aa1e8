using System;
using PyDis.Core.Code;

namespace PyDis.Core.Tables
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
    /// </summary>
    public static class LineTable
    {
        private const string LnotabContext = "co_lnotab";
        private const string LinetableContext = "co_linetable";

        /// <summary>Exactly what that version's <c>dis.findlinestarts</c> yields, in order.</summary>
        public static LineStart[] FindLineStarts(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var rules = LineRules.For(code.Version);
            if (rules.Format == LineFormat.LnotabUnsigned || rules.Format == LineFormat.LnotabSigned)
                return LnotabStarts(code, rules);
            return StartsFromRanges(Lines(code), rules.StartsKeepNoLine);
        }

        /// <summary>
        /// <c>co_lines()</c> from 3.10. Before 3.10 there is no co_lines: the ranges run from each line start
        /// to the next (the last to len(co_code)), starts at or past the end of the code dropped.
        /// </summary>
        public static LineRange[] Lines(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var rules = LineRules.For(code.Version);
            switch (rules.Format)
            {
                case LineFormat.Locations: return LocationTable.Lines(code, rules.MergesEqualLines, rules.NegativeLineIsNone);
                case LineFormat.Linetable310: return Linetable310Lines(code);
                default: return RangesFromStarts(FindLineStarts(code), code.Code.Length);
            }
        }

        /// <summary>Per-offset line lookup for the decoder; see <see cref="LineMap"/> for each version's rule.</summary>
        public static LineMap Map(CodeObject code) => new LineMap(FindLineStarts(code), code.Code.Length);

        private static LineStart[] LnotabStarts(CodeObject code, LineRules rules)
        {
            byte[] t = code.LineTable;
            if ((t.Length & 1) != 0)
                throw new PycFormatException(t.Length - 1, LnotabContext, $"odd length {t.Length}: the last (byte, line) pair is cut short");
            bool signed = rules.Format == LineFormat.LnotabSigned;
            int codeLength = code.Code.Length;
            var starts = new Growable<LineStart>(t.Length / 2 + 1);
            bool haveLast = false;
            int lastLine = 0;
            int line = code.FirstLineNo;
            int addr = 0;
            unchecked
            {
                for (int i = 0; i < t.Length; i += 2)
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
                        if (rules.StopsAtCodeEnd && addr >= codeLength) return starts.ToArray();
                    }
                    line += signed ? (sbyte)t[i + 1] : t[i + 1];
                }
            }
            if (!haveLast || line != lastLine) starts.Add(new LineStart(addr, line));
            return starts.ToArray();
        }

        private static LineRange[] Linetable310Lines(CodeObject code)
        {
            byte[] t = code.LineTable;
            if ((t.Length & 1) != 0)
                throw new PycFormatException(t.Length - 1, LinetableContext, $"odd length {t.Length}: the last (byte, line) pair is cut short");
            int codeLength = code.Code.Length;
            var ranges = new Growable<LineRange>(t.Length / 2);
            int computed = code.FirstLineNo;
            int end = 0;
            unchecked
            {
                for (int i = 0; i < t.Length; i += 2)
                {
                    int start = end;
                    end += t[i];
                    if (end > codeLength)
                        throw new PycFormatException(i, LinetableContext, $"entry ends at byte {end} but co_code has {codeLength}");
                    int delta = (sbyte)t[i + 1];
                    int line = -1;
                    if (delta != -128)
                    {
                        computed += delta;
                        line = computed;
                    }
                    // A zero-length pair only carries a line step (large deltas are split this way).
                    if (end == start) continue;
                    ranges.Add(new LineRange(start, end, line < 0 ? (int?)null : line));
                }
            }
            return ranges.ToArray();
        }

        private static LineStart[] StartsFromRanges(LineRange[] ranges, bool keepNoLine)
        {
            var starts = new Growable<LineStart>(ranges.Length);
            bool haveLast = false;
            int? lastLine = null;
            for (int i = 0; i < ranges.Length; i++)
            {
                int? line = ranges[i].Line;
                if (keepNoLine)
                {
                    // 3.13+: `line is not lastline`; 3.13's co_lines already merged equal neighbours, so every range starts one.
                    if (!haveLast || line != lastLine) starts.Add(new LineStart(ranges[i].Start, line));
                }
                else
                {
                    if (line is null || (haveLast && line == lastLine)) continue;
                    starts.Add(new LineStart(ranges[i].Start, line));
                }
                lastLine = line;
                haveLast = true;
            }
            return starts.ToArray();
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
