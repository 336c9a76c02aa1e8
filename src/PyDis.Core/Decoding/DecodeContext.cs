using System;
using System.Collections.Generic;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;
using PyDis.Core.CodeTables;

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
    /// The decoding context of one code object: what the decoder reads besides its bytecode — line starts
    /// (dis.findlinestarts), co_positions per code unit, exception ranges and the repr of each constant.
    /// <see cref="From"/> reads them from the code object itself (once, on first use); a caller that already
    /// has them (or wants to override them) can hand them in. The per-release rules are
    /// <see cref="Releases.DecodeRules"/>, the per-call choices <see cref="DecodeOptions"/>.
    /// </summary>
    public sealed class DecodeContext
    {
        private readonly string?[] _constReprs;
        private readonly PyObject[]? _consts;
        private readonly ReprRules? _reprRules;
        private readonly PyReprOptions? _reprOptions;
        private readonly CodeObject? _code;
        private Positions[]? _positions;
        private Dictionary<int, int?>? _lineStarts;

        /// <summary>Facts handed in by the caller; <paramref name="constReprs"/> are used as given.</summary>
        public DecodeContext(IEnumerable<KeyValuePair<int, int?>> lineStarts, Positions[]? positions,
            IReadOnlyList<ExceptionRange>? exceptions, string[] constReprs)
        {
            if (lineStarts is null) throw new ArgumentNullException(nameof(lineStarts));
            _lineStarts = new Dictionary<int, int?>();
            foreach (var kv in lineStarts) _lineStarts[kv.Key] = kv.Value;  // dict(findlinestarts(co)): last wins
            SortedLineStarts = SortedFrom(_lineStarts);
            _positions = positions ?? LocationTable.NoPositions;
            var ranges = new ExceptionRange[exceptions?.Count ?? 0];
            for (int i = 0; i < ranges.Length; i++) ranges[i] = exceptions![i];
            Exceptions = exceptions ?? ranges;
            ExceptionArray = ranges;
            _constReprs = constReprs ?? throw new ArgumentNullException(nameof(constReprs));
        }

        private DecodeContext(CodeObject code, PyReprOptions? reprOptions)
        {
            // dis.dis(bytes) has no line table at all (an empty one still yields co_firstlineno before 3.10).
            SortedLineStarts = code.BareBytecode ? Array.Empty<LineStart>() : Deduplicated(LineTable.FindLineStarts(code), out _lineStarts);
            if (code.BareBytecode) _positions = LocationTable.NoPositions;
            // co_positions is read on first use: dis prints it only with show_positions. Its table is the one
            // FindLineStarts has just read through, so bad data has already raised the same error.
            _code = code;
            var entries = ExceptionEntries = ExceptionTable.Parse(code);
            var ranges = new ExceptionRange[entries.Length];
            for (int i = 0; i < entries.Length; i++) ranges[i] = new ExceptionRange(entries[i].Start, entries[i].End, entries[i].Target);
            Exceptions = ExceptionArray = ranges;
            _consts = code.Consts;
            _constReprs = new string?[code.Consts.Length];
            _reprRules = code.Release.Repr;
            _reprOptions = reprOptions;
        }

        /// <summary>
        /// The facts dis itself would use: findlinestarts, co_positions and the exception table of the code
        /// object, and repr() of its constants (computed on first use, once).
        /// </summary>
        public static DecodeContext From(CodeObject code, PyReprOptions? reprOptions = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return new DecodeContext(code, reprOptions);
        }

        /// <summary>
        /// The full exception-table entries (with depth and lasti) when these facts were read from the code object
        /// itself (<see cref="From"/>); null when the caller supplied only the ranges.
        /// </summary>
        internal ExceptionEntry[]? ExceptionEntries { get; }

        /// <summary>Offset → line (null: 3.13+ "no line" start). Built on first use.</summary>
        public Dictionary<int, int?> LineStarts => _lineStarts ??= ToDictionary(SortedLineStarts);

        /// <summary>
        /// The entries of <see cref="LineStarts"/> in offset order, one per offset: what the decoder walks
        /// alongside the instructions instead of a lookup per instruction.
        /// </summary>
        internal LineStart[] SortedLineStarts { get; }

        // dict(findlinestarts(co)) as an array. findlinestarts yields offsets in order (every table format only
        // moves forward), so a later duplicate replaces the earlier one in place; any other order goes through
        // a dictionary, as dis itself does.
        private static LineStart[] Deduplicated(LineStart[] starts, out Dictionary<int, int?>? dictionary)
        {
            dictionary = null;
            int n = 0;
            for (int i = 0; i < starts.Length; i++)
            {
                if (n > 0 && starts[i].Offset == starts[n - 1].Offset) starts[n - 1] = starts[i];
                else if (n > 0 && starts[i].Offset < starts[n - 1].Offset)
                {
                    dictionary = new Dictionary<int, int?>();
                    foreach (var ls in starts) dictionary[ls.Offset] = ls.Line;
                    return SortedFrom(dictionary);
                }
                else starts[n++] = starts[i];
            }
            if (n != starts.Length) starts = Growable<LineStart>.Copy(starts, n, n);
            return starts;
        }

        private static LineStart[] SortedFrom(Dictionary<int, int?> dictionary)
        {
            var sorted = new LineStart[dictionary.Count];
            int i = 0;
            foreach (var kv in dictionary) sorted[i++] = new LineStart(kv.Key, kv.Value);
            Array.Sort(sorted, (a, b) => a.Offset.CompareTo(b.Offset));
            return sorted;
        }

        private static Dictionary<int, int?> ToDictionary(LineStart[] starts)
        {
            var d = new Dictionary<int, int?>(starts.Length);
            foreach (var ls in starts) d[ls.Offset] = ls.Line;
            return d;
        }
        /// <summary>co_positions, one entry per 2-byte code unit (3.11+); empty before. Computed on first use.</summary>
        public Positions[] Positions => _positions ??= LocationTable.Positions(_code!);
        public IReadOnlyList<ExceptionRange> Exceptions { get; }
        /// <summary><see cref="Exceptions"/> as an array (the decoder loops over it without interface calls).</summary>
        internal ExceptionRange[] ExceptionArray { get; }

        public int ConstCount => _constReprs.Length;

        /// <summary>repr() of co_consts[index] as the code's version prints it.</summary>
        public string ConstRepr(int index) =>
            _constReprs[index] ??= PyRepr.Repr(_consts![index], _reprRules!, _reprOptions);
    }
}
