using System;
using PyDis.Core.Model;

namespace PyDis.Core.CodeTables
{
    /// <summary>
    /// The 3.11+ location table (co_linetable; InternalDocs/locations.md, Objects/codeobject.c).
    /// Each entry: a header byte <c>1 cccc lll</c> (code, length − 1 in code units), then by code:
    /// 0–9 short form (one byte: column = code&lt;&lt;3 | hi nibble, end column = column + lo nibble, same line);
    /// 10–12 one-line form (line delta = code − 10, column byte, end column byte); 13 no columns (svarint line delta);
    /// 14 long form (svarint line delta, varint end-line delta, varint column + 1, varint end column + 1);
    /// 15 no location. Varints are 6-bit chunks, least significant first, 0x40 = more follows.
    /// </summary>
    public static class LocationTable
    {
        internal const string Context = "co_linetable";
        internal static readonly Positions[] NoPositions = new Positions[0];

        /// <summary>
        /// <c>co_positions()</c>: one item per code unit the table covers (normally every unit of co_code,
        /// caches included). dis pairs them with instructions and uses empty positions once they run out.
        /// Empty before 3.11.
        /// </summary>
        public static Positions[] Positions(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (!code.Release.Tables.HasPositions) return NoPositions;
            var result = new Positions[code.Code.Length / 2];
            int units = 0;
            var cursor = new LocationCursor(code.LineTable, code.FirstLineNo, code.Code.Length);
            // dis takes one item per code unit of co_code; items a garbage table yields past them are never used.
            while (units < result.Length && cursor.Next())
            {
                var p = new Positions(Opt(cursor.Line), Opt(cursor.EndLine), Opt(cursor.Column), Opt(cursor.EndColumn));
                int end = Math.Min(units + cursor.Units, result.Length);
                for (; units < end; units++) result[units] = p;
            }
            if (units != result.Length) result = Growable<Positions>.Copy(result, units, units);
            return result;
        }

        /// <summary>CPython reports -1 (and only -1) as None.</summary>
        internal static int? Opt(int value) => value == -1 ? (int?)null : value;
    }

    /// <summary>
    /// Reads a location table one entry at a time, the two ways CPython does (Objects/codeobject.c), which agree on
    /// every table CPython writes: <see cref="NextRange"/> as co_lines() (advance: the line delta of the entry at
    /// the cursor, then on to the next byte with bit 7 set) and <see cref="Next"/> as co_positions()
    /// (advance_with_locations: the entry's bytes read in order, whatever they hold). A read past the end yields 0,
    /// the bytes object's terminating NUL. Every byte is bounds-checked, so a garbage table gives garbage lines,
    /// never an exception; with a sink, the first problem is reported.
    /// </summary>
    internal struct LocationCursor
    {
        private readonly byte[] _table;
        private readonly int _codeUnits;
        private readonly ProblemSink? _problems;
        private int _pos;
        private int _unitsSoFar;
        private int _computedLine;

        public LocationCursor(byte[] table, int firstLine, int codeLength, ProblemSink? problems = null)
        {
            _table = table;
            _codeUnits = codeLength / 2;
            _problems = problems;
            _pos = 0;
            _unitsSoFar = 0;
            _computedLine = firstLine;
            Units = 0; Line = -1; EndLine = -1; Column = -1; EndColumn = -1;
        }

        public int Units { get; private set; }
        /// <summary>Line of the current entry, -1 for none (as CPython's ar_line).</summary>
        public int Line { get; private set; }
        public int EndLine { get; private set; }
        public int Column { get; private set; }
        public int EndColumn { get; private set; }

        /// <summary>co_positions' step: every field of the entry.</summary>
        public bool Next()
        {
            if (_pos >= _table.Length) return false;
            int header = ReadByte();
            int code = (header >> 3) & 15;
            Units = (header & 7) + 1;
            unchecked
            {
                switch (code)
                {
                    case 15: // no location (the computed line stays)
                        Line = EndLine = Column = EndColumn = -1;
                        break;
                    case 14: // long form
                        _computedLine += ReadSignedVarint();
                        Line = _computedLine;
                        EndLine = Line + ReadVarint();
                        Column = ReadVarint() - 1;
                        EndColumn = ReadVarint() - 1;
                        break;
                    case 13: // no columns
                        _computedLine += ReadSignedVarint();
                        Line = EndLine = _computedLine;
                        Column = EndColumn = -1;
                        break;
                    case 10:
                    case 11:
                    case 12: // one-line form
                        _computedLine += code - 10;
                        Line = EndLine = _computedLine;
                        Column = ReadByte();
                        EndColumn = ReadByte();
                        break;
                    default: // short form, same line
                        int second = ReadByte();
                        Line = EndLine = _computedLine;
                        Column = code << 3 | second >> 4;
                        EndColumn = Column + (second & 15);
                        break;
                }
            }
            return true;
        }

        /// <summary>co_lines' step: the entry's length and line only; checks the entry when there is a sink.</summary>
        public bool NextRange()
        {
            var table = _table;
            int at = _pos;
            if (at >= table.Length) return false;
            int header = table[at];
            int code = (header >> 3) & 15;
            Units = (header & 7) + 1;
            unchecked
            {
                int delta = code == 13 || code == 14 ? PeekSignedVarint(at + 1) : code >= 10 && code <= 12 ? code - 10 : 0;
                _computedLine += delta;
                // is_no_line_marker tests the whole byte (0xf8-0xff), so a header without bit 7 always has a line.
                Line = (header >> 3) == 0x1f ? -1 : _computedLine;
            }
            int next = at + 1;
            while (next < table.Length && (table[next] & 0x80) == 0) next++;
            if (_problems != null)
            {
                if (WellFormed(at, header, code, next)) _unitsSoFar += Units;
                else Check(at, header, code);
            }
            _pos = next;
            return true;
        }

        /// <summary>
        /// <see cref="NextRange"/>'s step for <see cref="LineTable.Check"/> (a cursor with a sink): the entry's length,
        /// checked, without its line, which the check does not need.
        /// </summary>
        public bool NextChecked()
        {
            var table = _table;
            int at = _pos;
            if (at >= table.Length) return false;
            int header = table[at];
            int code = (header >> 3) & 15;
            Units = (header & 7) + 1;
            int next = at + 1;
            while (next < table.Length && (table[next] & 0x80) == 0) next++;
            if (WellFormed(at, header, code, next)) _unitsSoFar += Units;
            else Check(at, header, code);
            _pos = next;
            return true;
        }

        // True when the entry from `at` to `next` (the next header or the end) is one CPython writes: a header byte,
        // within co_code, and exactly the bytes its code calls for, so Check would find nothing (it reports the rest).
        private bool WellFormed(int at, int header, int code, int next)
        {
            if ((header & 0x80) == 0 || _unitsSoFar + Units > _codeUnits) return false;
            int length = next - at - 1;
            if (code < 10) return length == 1;
            if (code <= 12) return length == 2;
            if (code == 15) return length == 0;
            // 13: one varint, 14: four; a varint's last byte has bit 6 clear, and the entry must end with one.
            int expected = code == 14 ? 4 : 1;
            if (length < expected || (_table[next - 1] & 64) != 0) return false;
            int ends = 0;
            for (int i = at + 1; i < next; i++) ends += (~_table[i] >> 6) & 1;
            return ends == expected;
        }

        private void Check(int at, int header, int code)
        {
            if ((header & 0x80) == 0)
            {
                _problems!.Add(LocationTable.Context, at, $"byte 0x{header:x2} is not an entry header (bit 7 clear); read as one, as CPython does");
                return;
            }
            if (_unitsSoFar + Units > _codeUnits && _unitsSoFar <= _codeUnits)
                _problems!.Add(LocationTable.Context, at,
                    $"entry covers code units {_unitsSoFar}..{_unitsSoFar + Units - 1}, past the end of co_code ({_codeUnits} code units)");
            _unitsSoFar += Units;
            int expected = code == 15 ? 0 : code == 14 ? 4 : code == 13 ? 1 : code >= 10 ? 2 : 1;
            int p = at + 1, read = 0;
            bool varints = code == 13 || code == 14;
            while (read < expected)
            {
                if (p >= _table.Length) { _problems!.Add(LocationTable.Context, p, "the table ends inside an entry"); return; }
                int b = _table[p++];
                if ((b & 0x80) != 0) { _problems!.Add(LocationTable.Context, p - 1, $"entry cut short: byte 0x{b:x2} starts the next entry"); return; }
                if (!varints || (b & 64) == 0) read++;
            }
            if (p < _table.Length && (_table[p] & 0x80) == 0)
                _problems!.Add(LocationTable.Context, p, $"byte 0x{_table[p]:x2} follows a complete entry (skipped, as co_lines does)");
        }

        private int ReadByte()
        {
            int at = _pos++;
            return at < _table.Length ? _table[at] : 0;
        }

        private int PeekByte(int at) => at < _table.Length ? _table[at] : 0;

        // read_varint: unsigned int arithmetic; C# masks the shift count to 5 bits as x86 does.
        private int ReadVarint()
        {
            uint read = (uint)ReadByte();
            uint value = read & 63;
            int shift = 0;
            while ((read & 64) != 0)
            {
                read = (uint)ReadByte();
                shift += 6;
                value |= (read & 63) << shift;
            }
            return unchecked((int)value);
        }

        private int ReadSignedVarint() => Signed(unchecked((uint)ReadVarint()));

        private int PeekSignedVarint(int at)
        {
            uint read = (uint)PeekByte(at);
            uint value = read & 63;
            int shift = 0;
            while ((read & 64) != 0)
            {
                read = (uint)PeekByte(++at);
                shift += 6;
                value |= (read & 63) << shift;
            }
            return Signed(value);
        }

        private static int Signed(uint u) => unchecked((u & 1) != 0 ? -(int)(u >> 1) : (int)(u >> 1));
    }
}
