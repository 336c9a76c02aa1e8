using PyDis.Core.Releases;

namespace PyDis.Core.CodeTables
{
    /// <summary>
    /// Yields co_lines() ranges of a 3.10+ code object one at a time, so FindLineStarts and Lines each make a
    /// single pass without an intermediate array. Raw lines use -1 for "no line", as CPython's ar_line does.
    /// </summary>
    internal struct LineRangeReader
    {
        private const string Context = "co_linetable";

        private readonly byte[] _table;
        private readonly int _codeLength;
        private readonly bool _is310;
        private readonly bool _merge;
        private readonly bool _negativeIsNone;
        private LocationCursor _locations;
        private int _pos;
        private int _end;
        private int _computed;
        private bool _hasPending;
        private int _pendingStart, _pendingEnd, _pendingLine;

        private readonly ProblemSink? _problems;

        public LineRangeReader(Model.CodeObject code, TableRules rules, ProblemSink? problems)
        {
            _problems = problems;
            _table = code.LineTable;
            _codeLength = code.Code.Length;
            _is310 = rules.LineFormat == LineFormat.Linetable310;
            _merge = rules.MergesEqualLines;
            _negativeIsNone = rules.NegativeLineIsNone;
            _locations = new LocationCursor(_table, code.FirstLineNo, _codeLength, problems);
            _pos = 0;
            _end = 0;
            _computed = code.FirstLineNo;
            _hasPending = false;
            _pendingStart = _pendingEnd = _pendingLine = 0;
            // CPython reads the last byte's pair partner from the bytes object's terminating NUL (line delta 0).
            if (_is310 && (_table.Length & 1) != 0)
                problems?.Add(Context, _table.Length - 1, $"odd length {_table.Length}: the last (byte, line) pair is cut short (its line delta read as 0, as CPython does)");
        }

        /// <summary>The byte offset the ranges read so far reach (all of them: how much of co_code the table covers).</summary>
        public int End => _end;

        /// <summary>At least as many as the ranges to come: pairs (3.10) or entry headers (3.11+).</summary>
        public int UpperBound()
        {
            if (_is310) return (_table.Length + 1) / 2;
            int n = 0;
            for (int i = 0; i < _table.Length; i++) n += _table[i] >> 7;
            return n;
        }

        public bool Next(out LineRange range)
        {
            int start, end, line;
            if (_hasPending)
            {
                start = _pendingStart; end = _pendingEnd; line = _pendingLine;
                _hasPending = false;
            }
            else if (!ReadRaw(out start, out end, out line))
            {
                range = default;
                return false;
            }
            if (_merge)
            {
                while (ReadRaw(out int s, out int e, out int l))
                {
                    if (l == line) { end = e; continue; }
                    _pendingStart = s; _pendingEnd = e; _pendingLine = l;
                    _hasPending = true;
                    break;
                }
            }
            range = new LineRange(start, end, _negativeIsNone ? (line < 0 ? null : (int?)line) : LocationTable.Opt(line));
            return true;
        }

        private bool ReadRaw(out int start, out int end, out int line)
        {
            if (!_is310)
            {
                start = end = line = 0;
                if (!_locations.NextRange()) return false;
                start = _end;
                _end += _locations.Units * 2;
                end = _end;
                line = _locations.Line;
                return true;
            }
            unchecked
            {
                while (_pos < _table.Length)
                {
                    int at = _pos;
                    start = _end;
                    _end += _table[_pos];
                    int delta = _pos + 1 < _table.Length ? (sbyte)_table[_pos + 1] : 0;
                    _pos += 2;
                    if (_end > _codeLength)
                        _problems?.Add(Context, at, $"entry ends at byte {_end}, past the end of co_code ({_codeLength} bytes)");
                    line = -1;
                    if (delta != -128)
                    {
                        _computed += delta;
                        line = _computed;
                    }
                    // A zero-length pair only carries a line step (large deltas are split this way).
                    if (_end == start) continue;
                    end = _end;
                    return true;
                }
            }
            start = end = line = 0;
            return false;
        }
    }
}
