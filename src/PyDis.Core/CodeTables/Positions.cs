namespace PyDis.Core.CodeTables
{
    /// <summary>Source positions of one instruction (3.11+ co_positions); null parts are missing in the table.</summary>
    public readonly struct Positions
    {
        // Four plain ints instead of four int?: 16 bytes instead of 32, which halves the per-code-unit arrays.
        // A value is kept with its sign bit flipped so that 0, and so default(Positions), means null
        // (int.MinValue is no line or column CPython can produce).
        private const int Flip = int.MinValue;
        private readonly int _line, _endLine, _col, _endCol;

        public Positions(int? lineNumber, int? endLineNumber, int? colOffset, int? endColOffset)
        {
            _line = Pack(lineNumber); _endLine = Pack(endLineNumber); _col = Pack(colOffset); _endCol = Pack(endColOffset);
        }

        public int? LineNumber => Unpack(_line);
        public int? EndLineNumber => Unpack(_endLine);
        public int? ColOffset => Unpack(_col);
        public int? EndColOffset => Unpack(_endCol);
        public bool IsEmpty => (_line | _endLine | _col | _endCol) == 0;

        private static int Pack(int? v) => v is int n ? n ^ Flip : 0;
        private static int? Unpack(int v) => v == 0 ? (int?)null : v ^ Flip;
    }
}
