using System;
using System.Collections.Generic;

namespace PyDis.Core.Decoding
{
    /// <summary>One exception-table range as the decoder needs it (byte offsets; end exclusive).</summary>
    public readonly struct ExceptionRange
    {
        public ExceptionRange(int start, int end, int target) { Start = start; End = end; Target = target; }

        public int Start { get; }
        public int End { get; }
        public int Target { get; }
    }

    /// <summary>
    /// What the decoder needs from a code object besides its bytecode: line starts (dis.findlinestarts),
    /// co_positions per code unit, exception ranges and the repr of each constant. The default source reads
    /// them from the code object itself; a caller that already has them (or wants to override them) can
    /// hand them in.
    /// </summary>
    public sealed class CodeFacts
    {
        public CodeFacts(IEnumerable<KeyValuePair<int, int?>> lineStarts, Positions[]? positions,
            IReadOnlyList<ExceptionRange>? exceptions, string[] constReprs)
        {
            if (lineStarts is null) throw new ArgumentNullException(nameof(lineStarts));
            LineStarts = new Dictionary<int, int?>();
            foreach (var kv in lineStarts) LineStarts[kv.Key] = kv.Value;  // dict(findlinestarts(co)): last wins
            Positions = positions ?? Array.Empty<Positions>();
            Exceptions = exceptions ?? Array.Empty<ExceptionRange>();
            ConstReprs = constReprs ?? throw new ArgumentNullException(nameof(constReprs));
        }

        /// <summary>Offset → line (null: 3.13+ "no line" start).</summary>
        public Dictionary<int, int?> LineStarts { get; }
        /// <summary>co_positions, one entry per 2-byte code unit (3.11+); empty before.</summary>
        public Positions[] Positions { get; }
        public IReadOnlyList<ExceptionRange> Exceptions { get; }
        /// <summary>repr() of each co_consts item as the code's version prints it.</summary>
        public string[] ConstReprs { get; }
    }
}
