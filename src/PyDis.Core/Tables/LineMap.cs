using System;

namespace PyDis.Core.Tables
{
    /// <summary>
    /// Line lookup by byte offset, built once per code object from that version's findlinestarts
    /// (<c>linestarts = dict(findlinestarts(co))</c> in every dis). How each version's dis uses it per instruction:
    /// <list type="bullet">
    /// <item>2.7–3.3 disassemble: prints the line when <c>offset in linestarts</c> → <see cref="StartLine"/>.</item>
    /// <item>3.4–3.12 get_instructions: <c>starts_line = linestarts.get(offset)</c> → <see cref="StartLine"/>
    /// (never a None line there: 3.10–3.12 findlinestarts skip them).</item>
    /// <item>3.13+ _get_instructions_bytes: <c>starts_line = offset in linestarts</c> → <see cref="IsLineStart"/>;
    /// <c>line_number</c> is the line of the last line start met while walking instruction offsets (None lines
    /// included): <c>line = IsLineStart(o) ? StartLine(o) : line</c>. <see cref="LineAt"/> gives the same
    /// whenever line starts fall on instruction offsets, which the compiler guarantees.</item>
    /// </list>
    /// </summary>
    public sealed class LineMap
    {
        private readonly LineStart[] _starts;
        // For each byte offset of co_code: index in _starts of the last start at or before it, -1 if none.
        private readonly int[] _startIndex;

        public LineMap(LineStart[] starts, int codeLength)
        {
            _starts = starts ?? throw new ArgumentNullException(nameof(starts));
            if (codeLength < 0) throw new ArgumentOutOfRangeException(nameof(codeLength));
            CodeLength = codeLength;
            _startIndex = new int[codeLength];
            int s = -1;
            for (int offset = 0; offset < codeLength; offset++)
            {
                // Later entries for the same offset win, as in a dict built from pairs.
                while (s + 1 < starts.Length && starts[s + 1].Offset <= offset) s++;
                _startIndex[offset] = s;
            }
        }

        public int CodeLength { get; }

        /// <summary>dis.findlinestarts items, in order.</summary>
        public LineStart[] Starts => _starts;

        /// <summary><c>offset in linestarts</c>.</summary>
        public bool IsLineStart(int offset) => Find(offset, out _);

        /// <summary><c>linestarts.get(offset)</c>: the line starting at this offset, null when none starts here (or it is a None line).</summary>
        public int? StartLine(int offset) => Find(offset, out int i) ? _starts[i].Line : null;

        /// <summary>The line in effect at this offset: that of the last line start at or before it (null before the first or for a None line).</summary>
        public int? LineAt(int offset)
        {
            int i = LastAtOrBefore(offset);
            return i < 0 ? null : _starts[i].Line;
        }

        private bool Find(int offset, out int index)
        {
            index = LastAtOrBefore(offset);
            return index >= 0 && _starts[index].Offset == offset;
        }

        private int LastAtOrBefore(int offset)
        {
            if (offset < 0) return -1;
            if (offset < CodeLength) return _startIndex[offset];
            // Offsets past the code: only lnotab before 3.8 can hold starts there.
            int lo = 0, hi = _starts.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_starts[mid].Offset <= offset) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            return found;
        }
    }
}
