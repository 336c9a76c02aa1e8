using System;
using System.Collections.Generic;
using PyDis.Core.Releases;

namespace PyDis.Core.CodeTables
{
    /// <summary>The source location of one instruction as the compiler keeps it (i_lineno / i_loc): -1 for a missing part.</summary>
    internal readonly struct InstrLocation
    {
        public InstrLocation(int offset, int size, int line, int endLine, int column, int endColumn, bool startsLine)
        {
            Offset = offset; Size = size; Line = line; EndLine = endLine; Column = column; EndColumn = endColumn; StartsLine = startsLine;
        }

        /// <summary>Byte offset of the instruction (its first EXTENDED_ARG prefix) and its size in bytes, caches included.</summary>
        public readonly int Offset, Size;
        public readonly int Line, EndLine, Column, EndColumn;
        /// <summary>2.7–3.9: a line event is recorded here even when the line does not change.</summary>
        public readonly bool StartsLine;

        public bool SameLocation(in InstrLocation o) =>
            Line == o.Line && EndLine == o.EndLine && Column == o.Column && EndColumn == o.EndColumn;
    }

    /// <summary>
    /// Encodes a line table from per-instruction locations exactly as each version's compiler does
    /// (Python/compile.c assemble_lnotab / assemble_line_range, 3.11+ write_location_info_entry). The inverse of
    /// <see cref="LineTable"/> and <see cref="LocationTable"/>.
    /// </summary>
    internal static class LineTableWriter
    {
        /// <summary>The table of <paramref name="rules"/>' format for instructions in offset order covering <paramref name="codeLength"/> bytes.</summary>
        public static byte[] Encode(IReadOnlyList<InstrLocation> instrs, int firstLine, int codeLength, TableRules rules)
        {
            switch (rules.LineFormat)
            {
                case LineFormat.LnotabUnsigned:
                case LineFormat.LnotabSigned:
                    return Lnotab(instrs, firstLine, rules);
                case LineFormat.Linetable310:
                    return Linetable310(instrs, firstLine, codeLength);
                default:
                    return Locations(instrs, firstLine, rules.LocationEntryPerInstruction);
            }
        }

        /// <summary>
        /// co_lnotab: at each instruction that starts a line (or whose line changes) assemble_lnotab emits
        /// (byte increment, line increment) pairs: byte increments above 255 split as (255, 0) first; line increments
        /// beyond one byte split as (increment, max), (0, max)…; unsigned before 3.6, signed from 3.6.
        /// </summary>
        private static byte[] Lnotab(IReadOnlyList<InstrLocation> instrs, int firstLine, TableRules rules)
        {
            bool signed = rules.LineFormat == LineFormat.LnotabSigned;
            var w = new ByteWriter(instrs.Count);
            int lastLine = firstLine, lastOffset = 0;
            int previous = firstLine;
            foreach (var i in instrs)
            {
                if (i.Size == 0)
                {
                    // A line passed through at this offset (code removed after the line was recorded): always an event.
                    Event(w, i.Offset - lastOffset, i.Line - lastLine, i, signed);
                    lastLine = i.Line;
                    lastOffset = i.Offset;
                    previous = i.Line;
                    continue;
                }
                bool changes = i.Line != previous;
                previous = i.Line;
                // The compiler records a line only on the instruction that starts a statement (i_lineno != 0).
                if (!i.StartsLine && !changes) continue;
                int dBytes = i.Offset - lastOffset;
                int dLine = i.Line - lastLine;
                // A statement on the line already in effect still gets a (bytes, 0) entry; nothing at all moves nothing.
                if (dLine == 0 && dBytes == 0) continue;
                Event(w, dBytes, dLine, i, signed);
                lastLine = i.Line;
                lastOffset = i.Offset;
            }
            return w.ToArray();
        }

        private static void Event(ByteWriter w, int dBytes, int dLine, in InstrLocation i, bool signed)
        {
            {
                if (!signed && dLine < 0)
                    throw new BytecodeWriteException(null, $"line {i.Line} at offset {i.Offset} comes after line {i.Line - dLine}: this version's co_lnotab holds only increasing lines");
                if (dBytes > 255)
                {
                    for (int k = dBytes / 255; k > 0; k--) { w.WriteByte(255); w.WriteByte(0); }
                    dBytes %= 255;
                }
                int max = signed ? 127 : 255;
                if (dLine > max || (signed && dLine < -128))
                {
                    int step = dLine < 0 ? -128 : max;
                    int codes = dLine < 0 ? -dLine / 128 : dLine / max;
                    dLine -= codes * step;
                    w.WriteByte(dBytes); w.WriteByte(step);
                    dBytes = 0;
                    for (int k = 1; k < codes; k++) { w.WriteByte(0); w.WriteByte(step); }
                }
                w.WriteByte(dBytes);
                w.WriteByte(dLine);
            }
        }

        /// <summary>
        /// 3.10 co_linetable (PEP 626): for each run of instructions with one line, (byte delta, line delta) pairs;
        /// -128 = no line; byte deltas above 254 split, line deltas beyond ±127 split into (0, ±127) pairs first.
        /// </summary>
        private static byte[] Linetable310(IReadOnlyList<InstrLocation> instrs, int firstLine, int codeLength)
        {
            var w = new ByteWriter(instrs.Count);
            int line = firstLine, prevLine = firstLine, start = 0;
            foreach (var i in instrs)
            {
                if (i.Line == line) continue;
                Range310(w, ref prevLine, line, i.Offset - start);
                start = i.Offset;
                line = i.Line;
            }
            Range310(w, ref prevLine, line, codeLength - start);
            return w.ToArray();
        }

        private static void Range310(ByteWriter w, ref int prevLine, int line, int bytes)
        {
            if (bytes == 0) return;
            int dLine;
            if (line < 0) dLine = -128;
            else
            {
                dLine = line - prevLine;
                prevLine = line;
                for (; dLine > 127; dLine -= 127) { w.WriteByte(0); w.WriteByte(127); }
                for (; dLine < -127; dLine += 127) { w.WriteByte(0); w.WriteByte(unchecked((byte)-127)); }
            }
            for (; bytes > 254; bytes -= 254)
            {
                w.WriteByte(254); w.WriteByte(dLine);
                dLine = line < 0 ? -128 : 0;
            }
            w.WriteByte(bytes); w.WriteByte(dLine);
        }

        /// <summary>
        /// 3.11+ location table: entries of at most 8 code units; 3.11 writes one (or more) per instruction, 3.12+
        /// one per run of instructions with the same location. The entry form (short, one-line, no-column, long,
        /// none) is chosen as write_location_info_entry chooses it.
        /// </summary>
        private static byte[] Locations(IReadOnlyList<InstrLocation> instrs, int firstLine, bool perInstruction)
        {
            var w = new ByteWriter(instrs.Count * 2);
            int lastLine = firstLine;
            int k = 0;
            while (k < instrs.Count)
            {
                var loc = instrs[k];
                int units = loc.Size / 2;
                int next = k + 1;
                if (!perInstruction)
                    for (; next < instrs.Count && instrs[next].SameLocation(loc); next++) units += instrs[next].Size / 2;
                for (; units > 8; units -= 8) LocationEntry(w, loc, 8, ref lastLine);
                if (units > 0) LocationEntry(w, loc, units, ref lastLine);
                k = next;
            }
            return w.ToArray();
        }

        private static void LocationEntry(ByteWriter w, in InstrLocation loc, int units, ref int lastLine)
        {
            if (loc.Line < 0)
            {
                Header(w, 15, units);
                return;
            }
            int lineDelta = loc.Line - lastLine;
            int column = loc.Column, endColumn = loc.EndColumn;
            if (column < 0 || endColumn < 0)
            {
                if (loc.EndLine == loc.Line || loc.EndLine == -1)
                {
                    Header(w, 13, units);
                    SignedVarint(w, lineDelta);
                    lastLine = loc.Line;
                    return;
                }
            }
            else if (loc.EndLine == loc.Line)
            {
                if (lineDelta == 0 && column < 80 && endColumn - column < 16 && endColumn >= column)
                {
                    Header(w, column >> 3, units);
                    w.WriteByte((column & 7) << 4 | (endColumn - column));
                    return;
                }
                if (lineDelta >= 0 && lineDelta < 3 && column < 128 && endColumn < 128)
                {
                    Header(w, 10 + lineDelta, units);
                    w.WriteByte(column);
                    w.WriteByte(endColumn);
                    lastLine = loc.Line;
                    return;
                }
            }
            if (loc.EndLine < loc.Line)
                throw new BytecodeWriteException(null, $"location {loc.Line}-{loc.EndLine} ends before it starts: the location table cannot hold it");
            Header(w, 14, units);
            SignedVarint(w, lineDelta);
            Varint(w, (uint)(loc.EndLine - loc.Line));
            Varint(w, (uint)(column + 1));
            Varint(w, (uint)(endColumn + 1));
            lastLine = loc.Line;
        }

        private static void Header(ByteWriter w, int code, int units) => w.WriteByte(0x80 | code << 3 | (units - 1));

        /// <summary>6-bit chunks, least significant first, 0x40 = more follows (write_varint).</summary>
        private static void Varint(ByteWriter w, uint value)
        {
            for (; value >= 64; value >>= 6) w.WriteByte(64 | (int)(value & 63));
            w.WriteByte((int)value);
        }

        private static void SignedVarint(ByteWriter w, int value) =>
            Varint(w, value < 0 ? ((uint)-(long)value << 1) | 1 : (uint)value << 1);
    }

    /// <summary>Encodes a 3.11+ exception table as assemble_emit_exception_table_entry does.</summary>
    internal static class ExceptionTableWriter
    {
        public static byte[] Encode(IReadOnlyList<ExceptionEntry> entries)
        {
            var w = new ByteWriter(entries.Count * 4);
            foreach (var e in entries)
            {
                Item(w, e.Start / 2, 0x80);
                Item(w, (e.End - e.Start) / 2, 0);
                Item(w, e.Target / 2, 0);
                Item(w, e.Depth << 1 | (e.Lasti ? 1 : 0), 0);
            }
            return w.ToArray();
        }

        /// <summary>6-bit chunks, most significant first, 0x40 = more follows; <paramref name="msb"/> marks an entry's first byte.</summary>
        private static void Item(ByteWriter w, int value, int msb)
        {
            if (value < 0 || value >= 1 << 30)
                throw new BytecodeWriteException(null, $"exception-table value {value} does not fit the table's 30-bit varints");
            for (int shift = 24; shift > 0; shift -= 6)
            {
                if (value >= 1 << shift)
                {
                    w.WriteByte((value >> shift) & 0x3f | 0x40 | msb);
                    msb = 0;
                }
            }
            w.WriteByte(value & 0x3f | msb);
        }
    }
}
