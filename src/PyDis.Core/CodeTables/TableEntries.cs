namespace PyDis.Core.CodeTables
{
    /// <summary>One item of <c>dis.findlinestarts</c>: a byte offset and the line that starts there (null: no line, 3.13+).</summary>
    public readonly struct LineStart
    {
        public LineStart(int offset, int? line) { Offset = offset; Line = line; }

        public int Offset { get; }
        public int? Line { get; }

        public override string ToString() => $"({Offset}, {(Line is null ? "None" : Line.ToString())})";
    }

    /// <summary>One item of <c>co_lines()</c>: the byte range [Start, End) and its line (null: no line).</summary>
    public readonly struct LineRange
    {
        public LineRange(int start, int end, int? line) { Start = start; End = end; Line = line; }

        public int Start { get; }
        public int End { get; }
        public int? Line { get; }

        public override string ToString() => $"({Start}, {End}, {(Line is null ? "None" : Line.ToString())})";
    }

    /// <summary>
    /// One entry of a 3.11+ exception table as <c>dis._parse_exception_table</c> gives it: byte offsets
    /// (code units × 2), End exclusive (Start + length), the handler's stack depth and whether it pushes lasti.
    /// </summary>
    public readonly struct ExceptionEntry
    {
        public ExceptionEntry(int start, int end, int target, int depth, bool lasti)
        {
            Start = start; End = end; Target = target; Depth = depth; Lasti = lasti;
        }

        public readonly int Start, End, Target, Depth;
        public readonly bool Lasti;

        public override string ToString() => $"{Start} to {End} -> {Target} [{Depth}]{(Lasti ? " lasti" : "")}";
    }
}
