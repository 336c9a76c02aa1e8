using System;
using System.Collections.Generic;
using PyDis.Core.Code;
using PyDis.Core.Decoding;
using PyDis.Core.Tables;

namespace PyDis.Core.Formatting
{
    /// <summary>One exception-table entry as the formatter prints it (byte offsets, end exclusive).</summary>
    internal readonly struct ExceptionSpan
    {
        public ExceptionSpan(int start, int end, int target, int depth, bool lasti)
        {
            Start = start; End = end; Target = target; Depth = depth; Lasti = lasti;
        }
        public int Start { get; }
        public int End { get; }
        public int Target { get; }
        public int Depth { get; }
        public bool Lasti { get; }
    }

    /// <summary>The formatter's only calls into the decoding and table layers.</summary>
    internal static class EngineSources
    {
        public static readonly IReadOnlyList<ExceptionSpan> NoExceptions = Array.Empty<ExceptionSpan>();

        public static IReadOnlyList<Instruction> Decode(CodeObject code)
        {
            var result = CodeDecoder.Decode(code);
            return result as IReadOnlyList<Instruction> ?? new List<Instruction>(result);
        }

        public static IReadOnlyList<ExceptionSpan> Exceptions(CodeObject code)
        {
            if (code.ExceptionTable.Length == 0) return NoExceptions;
            var list = new List<ExceptionSpan>();
            foreach (var e in ExceptionTable.Parse(code))
                list.Add(new ExceptionSpan(e.Start, e.End, e.Target, e.Depth, e.Lasti));
            return list;
        }

        /// <summary>co_positions(): one entry per code unit, caches and EXTENDED_ARGs included.</summary>
        public static IEnumerable<Positions> CodeUnitPositions(CodeObject code, IReadOnlyList<Instruction> instrs) =>
            LocationTable.Positions(code);
    }
}
