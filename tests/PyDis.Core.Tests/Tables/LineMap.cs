using System;

using PyDis.Core.CodeTables;

namespace PyDis.Core.Tests.Tables
{
    /// <summary>
    /// A test oracle, independent of the decoder's cursor: line lookup by byte offset, built once per code object from that version's findlinestarts
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
    internal sealed class LineMap
    {
        private readonly LineStart[] _starts;
        // Offsets of _starts in order (findlinestarts offsets only grow), searched by bisection.
        private readonly int[] _offsets;

        public LineMap(LineStart[] starts, int codeLength)
        {
            _starts = starts ?? throw new ArgumentNullException(nameof(starts));
            if (codeLength < 0) throw new ArgumentOutOfRangeException(nameof(codeLength));
            CodeLength = codeLength;
            _offsets = new int[starts.Length];
            for (int i = 0; i < starts.Length; i++)
            {
                if (i > 0 && starts[i].Offset < starts[i - 1].Offset)
                    throw new ArgumentException("line starts must be in offset order", nameof(starts));
                _offsets[i] = starts[i].Offset;
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
            return index >= 0 && _offsets[index] == offset;
        }

        /// <summary>Index of the last start at or before offset (the last of equal offsets, as a dict keeps the last pair), or -1.</summary>
        private int LastAtOrBefore(int offset)
        {
            int lo = 0, hi = _offsets.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (_offsets[mid] <= offset) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            return found;
        }
    }
}
