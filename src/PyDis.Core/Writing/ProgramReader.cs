using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.CodeTables;
using PyDis.Core.Decoding;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Writing
{
    /// <summary>
    /// A code object's bytecode as an <see cref="AsmProgram"/>: instructions without their EXTENDED_ARG prefixes
    /// (the count is kept), jumps and exception-table entries as labels, each instruction's location from the
    /// line table, inline cache bytes as read. Assembling the program gives co_code and the tables back.
    /// </summary>
    public static class ProgramReader
    {
        public static AsmProgram Read(CodeObject code, string? codeName = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            string name = codeName ?? code.DisplayName;
            var release = code.Release;
            var table = release.Opcodes;
            var s = release.Decode;
            var program = new AsmProgram(release, code.FirstLineNo) { CodeName = name };
            var bytes = code.Code;

            var starts = new List<int>();           // instruction start (first prefix) per instruction
            var opcodeAt = new List<int>();
            var jumpTargets = new List<long>();     // -1: not a jump
            long ext = 0;
            int prefixes = 0, firstPrefix = -1;
            int i = 0;
            while (i < bytes.Length)
            {
                int op = bytes[i];
                var info = table.Ops[op];
                int len = s.Wordcode ? 2 : info.HasArg ? 3 : 1;
                if (i + len > bytes.Length)
                    throw new BytecodeWriteException(name, $"co_code ends inside the instruction at offset {i}");
                long raw = s.Wordcode ? bytes[i + 1] : info.HasArg ? bytes[i + 1] | bytes[i + 2] << 8 : 0;
                long arg = info.HasArg ? raw + ext : raw;
                bool isExt = info.IsValid && info.BaseOpCode == table.ExtendedArg;
                if (info.HasArg) ext = isExt ? s.NextExtendedArg(arg) : 0;
                else if (s.ResetExtendedArgOnArgless) ext = 0;
                if (isExt)
                {
                    if (firstPrefix < 0) firstPrefix = i;
                    prefixes++;
                    i += len;
                    continue;
                }
                int caches = 2 * info.CacheCount;
                if (i + len + caches > bytes.Length)
                    throw new BytecodeWriteException(name, $"co_code ends inside the inline caches of the instruction at offset {i}");
                var ins = new AsmInstruction
                {
                    OpCode = op,
                    OpName = info.Name,
                    Arg = info.HasArg ? unchecked((long)(uint)arg) : (s.Wordcode ? raw : (long?)null),
                    ExtendedArgs = prefixes,
                    SourceOffset = i,
                    SourceStartOffset = firstPrefix >= 0 ? firstPrefix : i,
                };
                if (caches > 0)
                {
                    var data = new byte[caches];
                    Buffer.BlockCopy(bytes, i + len, data, 0, caches);
                    if (!AllZero(data)) ins.CacheData = data;
                }
                program.Instructions.Add(ins);
                starts.Add(firstPrefix >= 0 ? firstPrefix : i);
                opcodeAt.Add(i);
                jumpTargets.Add(info.HasArg && CodeDecoder.IsJump(info.ArgKind)
                    ? s.JumpTarget(info.ArgKind, arg, i, len, info.CacheCount) : -1);
                prefixes = 0;
                firstPrefix = -1;
                i += len + caches;
            }
            if (prefixes > 0)
                throw new BytecodeWriteException(name, $"co_code ends with an EXTENDED_ARG that extends nothing (offset {firstPrefix})");

            var byOffset = new Dictionary<long, int>(starts.Count + 1);
            for (int k = 0; k < starts.Count; k++) byOffset[starts[k]] = k;
            var labels = new Dictionary<int, AsmLabel>();
            AsmLabel LabelAt(int index)
            {
                if (index == starts.Count) return program.End;
                if (!labels.TryGetValue(index, out var l)) labels.Add(index, l = new AsmLabel());
                return l;
            }

            for (int k = 0; k < starts.Count; k++)
            {
                long t = jumpTargets[k];
                if (t < 0) continue;
                if (t == bytes.Length) program.Instructions[k].Target = program.End;
                else if (byOffset.TryGetValue(t, out int index)) program.Instructions[k].Target = LabelAt(index);
                else program.Warnings.Add($"the jump at offset {opcodeAt[k]} goes to offset {t}, where no instruction starts; its argument is kept as it is and will not follow edits");
            }

            foreach (var e in ExceptionTable.Parse(code))
            {
                program.ExceptionEntries.Add(new AsmExceptionEntry(Anchor(e.Start, "start"), Anchor(e.End, "end"), Anchor(e.Target, "handler"), e.Depth, e.Lasti));

                AsmLabel Anchor(int offset, string what)
                {
                    if (offset == bytes.Length) return program.End;
                    if (byOffset.TryGetValue(offset, out int index)) return LabelAt(index);
                    throw new BytecodeWriteException(name, $"the exception-table entry {e} has its {what} at offset {offset}, where no instruction starts");
                }
            }

            ReadLocations(code, program, starts);

            // Label names in code order, as dis numbers them from 3.13.
            var ordered = new List<int>(labels.Keys);
            ordered.Sort();
            for (int k = 0; k < ordered.Count; k++)
            {
                labels[ordered[k]].Name = "L" + (k + 1).ToString(CultureInfo.InvariantCulture);
                program.Instructions[ordered[k]].Label = labels[ordered[k]];
            }
            return program;
        }

        private static bool AllZero(byte[] data)
        {
            foreach (var b in data) if (b != 0) return false;
            return true;
        }

        private static void ReadLocations(CodeObject code, AsmProgram program, List<int> starts)
        {
            var rules = code.Release.Tables;
            var instrs = program.Instructions;
            switch (rules.LineFormat)
            {
                case LineFormat.LnotabSigned:
                case LineFormat.LnotabUnsigned:
                {
                    var events = LnotabEvents(code.LineTable, code.FirstLineNo, rules.LineFormat == LineFormat.LnotabSigned);
                    int e = 0, line = code.FirstLineNo, lastEventOffset = 0;
                    var passed = new List<int>();
                    for (int k = 0; k < instrs.Count; k++)
                    {
                        bool starts_ = false;
                        passed.Clear();
                        int before = line;
                        for (; e < events.Count && events[e].Offset <= starts[k]; e++)
                        {
                            if (events[e].Offset < starts[k])
                                program.Warnings.Add($"co_lnotab has a line event at offset {events[e].Offset}, inside an instruction; it is moved to offset {starts[k]}");
                            if (starts_) passed.Add(line);
                            line = events[e].Line;
                            starts_ = true;
                        }
                        // An event that moves neither the offset nor the line is one the compiler's own rule would drop;
                        // it is in the table all the same, so it is kept as a passed line (always written).
                        bool noMove = passed.Count > 0 ? line == passed[passed.Count - 1] : starts[k] == lastEventOffset && line == before;
                        if (starts_) lastEventOffset = starts[k];
                        if (starts_ && noMove)
                        {
                            passed.Add(line);
                            starts_ = false;
                        }
                        instrs[k].Location = new AsmLocation(line);
                        instrs[k].StartsLine = starts_;
                        if (passed.Count > 0) instrs[k].PassedLines = passed.ToArray();
                    }
                    var atEnd = new List<int>();
                    for (; e < events.Count && events[e].Offset == code.Code.Length; e++) atEnd.Add(events[e].Line);
                    if (atEnd.Count > 0) program.LinesAtEnd = atEnd.ToArray();
                    if (e < events.Count)
                        program.Warnings.Add($"co_lnotab has {events.Count - e} line event(s) past the end of the code (offset {events[e].Offset}); they are not kept");
                    break;
                }
                case LineFormat.Linetable310:
                {
                    var ranges = LineTable.Lines(code);
                    int r = 0;
                    for (int k = 0; k < instrs.Count; k++)
                    {
                        while (r < ranges.Length && ranges[r].End <= starts[k]) r++;
                        int? line = r < ranges.Length && ranges[r].Start <= starts[k] ? ranges[r].Line : null;
                        instrs[k].Location = line is null ? AsmLocation.None : new AsmLocation(line);
                    }
                    break;
                }
                default:
                {
                    var positions = LocationTable.Positions(code);
                    for (int k = 0; k < instrs.Count; k++)
                    {
                        int unit = starts[k] / 2;
                        var p = unit < positions.Length ? positions[unit] : default;
                        instrs[k].Location = new AsmLocation(p.LineNumber, p.EndLineNumber, p.ColOffset, p.EndColOffset);
                    }
                    break;
                }
            }
        }

        private readonly struct LineEvent
        {
            public LineEvent(int offset, int line) { Offset = offset; Line = line; }
            public readonly int Offset, Line;
        }

        /// <summary>
        /// co_lnotab as the events assemble_lnotab wrote: pairs are summed until one that is neither a byte split
        /// (255, 0) nor a line split continued by a (0, …) pair.
        /// </summary>
        private static List<LineEvent> LnotabEvents(byte[] t, int firstLine, bool signed)
        {
            var events = new List<LineEvent>();
            int offset = 0, line = firstLine;
            int maxStep = signed ? 127 : 255;
            for (int i = 0; i + 1 < t.Length; i += 2)
            {
                int b = t[i];
                int d = signed ? (sbyte)t[i + 1] : t[i + 1];
                offset += b;
                line += d;
                if (b == 255 && d == 0) continue;
                bool lineSplit = (d == maxStep || (signed && d == -128)) && i + 3 < t.Length && t[i + 2] == 0;
                if (lineSplit) continue;
                events.Add(new LineEvent(offset, line));
            }
            return events;
        }
    }
}
