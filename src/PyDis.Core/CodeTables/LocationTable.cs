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
            while (cursor.Next())
            {
                var p = new Positions(Opt(cursor.Line), Opt(cursor.EndLine), Opt(cursor.Column), Opt(cursor.EndColumn));
                int end = units + cursor.Units;
                for (; units < end; units++) result[units] = p;
            }
            if (units != result.Length) result = Growable<Positions>.Copy(result, units, units);
            return result;
        }

        /// <summary>CPython reports -1 (and only -1) as None.</summary>
        internal static int? Opt(int value) => value == -1 ? (int?)null : value;
    }

    /// <summary>Reads a location table one entry at a time; every byte is bounds-checked.</summary>
    internal struct LocationCursor
    {
        private readonly byte[] _table;
        private readonly int _codeUnits;
        private int _pos;
        private int _unitsSoFar;
        private int _computedLine;

        public LocationCursor(byte[] table, int firstLine, int codeLength)
        {
            _table = table;
            _codeUnits = codeLength / 2;
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

        public bool Next()
        {
            if (_pos >= _table.Length) return false;
            int at = _pos;
            int header = _table[_pos++];
            if ((header & 0x80) == 0)
                throw new PycFormatException(at, LocationTable.Context, $"byte 0x{header:x2} is not an entry header (bit 7 clear)");
            int code = (header >> 3) & 15;
            Units = (header & 7) + 1;
            if (_unitsSoFar + Units > _codeUnits)
                throw new PycFormatException(at, LocationTable.Context,
                    $"entry covers code units {_unitsSoFar}..{_unitsSoFar + Units - 1} but co_code has {_codeUnits}");
            _unitsSoFar += Units;
            unchecked
            {
                switch (code)
                {
                    case 15: // no location
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
                        Column = ReadPayloadByte();
                        EndColumn = ReadPayloadByte();
                        break;
                    default: // short form, same line
                        int second = ReadPayloadByte();
                        Line = EndLine = _computedLine;
                        Column = code << 3 | second >> 4;
                        EndColumn = Column + (second & 15);
                        break;
                }
            }
            return true;
        }

        /// <summary>Payload bytes never have bit 7 set: that bit marks the next entry, so seeing it means the entry is cut short.</summary>
        private int ReadPayloadByte()
        {
            if (_pos >= _table.Length)
                throw new PycFormatException(_pos, LocationTable.Context, "the table ends inside an entry");
            int b = _table[_pos];
            if ((b & 0x80) != 0)
                throw new PycFormatException(_pos, LocationTable.Context, $"entry cut short: byte 0x{b:x2} starts the next entry");
            _pos++;
            return b;
        }

        private int ReadVarint()
        {
            int start = _pos;
            int b = ReadPayloadByte();
            long value = b & 63;
            int shift = 0;
            while ((b & 64) != 0)
            {
                b = ReadPayloadByte();
                shift += 6;
                if (shift > 30)
                    throw new PycFormatException(start, LocationTable.Context, "varint longer than 6 chunks");
                value |= (long)(b & 63) << shift;
                if (value > int.MaxValue)
                    throw new PycFormatException(start, LocationTable.Context, "varint does not fit in 31 bits");
            }
            return (int)value;
        }

        private int ReadSignedVarint()
        {
            int u = ReadVarint();
            return (u & 1) != 0 ? -(u >> 1) : u >> 1;
        }
    }
}
