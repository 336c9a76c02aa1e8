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
        private string?[] _constReprs;
        private int _constCount;
        private bool _constReprsMade;
        private PyObject[]? _consts;
        private ReprRules? _reprRules;
        private readonly PyReprOptions? _reprOptions;
        private CodeObject? _code;
        private Positions[]? _positions;
        private Dictionary<int, int?>? _lineStarts;
        private LineStart[] _sortedLineStarts;
        private int _lineStartCount;
        private ExceptionEntry[]? _entries;
        private ExceptionRange[] _ranges;
        private int _exceptionCount;
        private IReadOnlyList<ExceptionRange>? _exceptions;

        /// <summary>Facts handed in by the caller; <paramref name="constReprs"/> are used as given.</summary>
        public DecodeContext(IEnumerable<KeyValuePair<int, int?>> lineStarts, Positions[]? positions,
            IReadOnlyList<ExceptionRange>? exceptions, string[] constReprs)
        {
            if (lineStarts is null) throw new ArgumentNullException(nameof(lineStarts));
            _lineStarts = new Dictionary<int, int?>();
            foreach (var kv in lineStarts) _lineStarts[kv.Key] = kv.Value;  // dict(findlinestarts(co)): last wins
            _sortedLineStarts = SortedFrom(_lineStarts);
            _lineStartCount = _sortedLineStarts.Length;
            _positions = positions ?? LocationTable.NoPositions;
            var ranges = new ExceptionRange[exceptions?.Count ?? 0];
            for (int i = 0; i < ranges.Length; i++) ranges[i] = exceptions![i];
            _exceptions = exceptions ?? ranges;
            _ranges = ranges;
            _exceptionCount = ranges.Length;
            _constReprs = constReprs ?? throw new ArgumentNullException(nameof(constReprs));
            _constCount = constReprs.Length;
        }

        /// <summary>
        /// An empty context that <see cref="Load"/> fills with one code object's facts after another, keeping its
        /// buffers (the formatter's: a fresh set of arrays per code object was most of what formatting allocated).
        /// </summary>
        internal DecodeContext(PyReprOptions? reprOptions)
        {
            _reprOptions = reprOptions;
            _constReprs = Array.Empty<string?>();
            // Not Array.Empty: ReadyToRun cannot precompile it over PyDis structs (see Growable).
            _sortedLineStarts = new LineStart[0];
            _ranges = new ExceptionRange[0];
            _entries = new ExceptionEntry[0];
        }

        /// <summary>
        /// The facts dis itself would use: findlinestarts, co_positions and the exception table of the code
        /// object, and repr() of its constants (computed on first use, once).
        /// </summary>
        public static DecodeContext From(CodeObject code, PyReprOptions? reprOptions = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var context = new DecodeContext(reprOptions);
            context.Load(code);
            return context;
        }

        /// <summary>
        /// Reads <paramref name="code"/>'s facts into this context, replacing the previous code object's. With
        /// <paramref name="problems"/>, the table readers report there what they cope with, and
        /// <see cref="LineTableCoverage"/> says how much of co_code the line table covers (<see cref="CodeProblems.NoneFound"/>).
        /// </summary>
        internal void Load(CodeObject code, ProblemSink? problems = null)
        {
            _code = code;
            _lineStarts = null;
            _exceptions = null;
            // dis.dis(bytes) has no line table at all (an empty one still yields co_firstlineno before 3.10).
            // co_positions is read on first use: dis prints it only with show_positions. Its table is the one
            // FindLineStarts reads through, so bad data has already raised the same error.
            _positions = code.BareBytecode ? LocationTable.NoPositions : null;
            var starts = new Growable<LineStart>(_sortedLineStarts);
            LineTableCoverage = code.BareBytecode ? 0 : LineTable.FindLineStarts(code, problems, ref starts);
            _sortedLineStarts = starts.Items;
            _lineStartCount = Deduplicate(ref _sortedLineStarts, starts.Count, out _lineStarts);

            var entries = new Growable<ExceptionEntry>(_entries!);
            ExceptionTable.Read(code, problems, ref entries);
            _entries = entries.Items;
            _exceptionCount = entries.Count;
            if (_ranges.Length < _exceptionCount) _ranges = new ExceptionRange[_entries.Length];
            for (int i = 0; i < _exceptionCount; i++) _ranges[i] = new ExceptionRange(_entries[i].Start, _entries[i].End, _entries[i].Target);

            _consts = code.Consts;
            _constCount = code.Consts.Length;
            if (_constReprs.Length < _constCount) _constReprs = new string?[Math.Max(_constCount, 2 * _constReprs.Length)];
            else if (_constReprsMade) Array.Clear(_constReprs, 0, _constReprs.Length);
            _constReprsMade = false;
            _reprRules = code.Release.Repr;
        }

        /// <summary>Bytes of co_code the 3.10+ line table covers (int.MaxValue for an lnotab), as <see cref="Load"/> read it.</summary>
        internal int LineTableCoverage { get; private set; }

        /// <summary>Drops the references to the last code object (<see cref="Load"/> comes before any further use).</summary>
        internal void Forget()
        {
            _code = null;
            _consts = null;
            _positions = null;
            _lineStarts = null;
            _exceptions = null;
            if (_constReprsMade) Array.Clear(_constReprs, 0, _constReprs.Length);
            _constReprsMade = false;
            _constCount = _lineStartCount = _exceptionCount = 0;
        }

        /// <summary>
        /// The full exception-table entries (with depth and lasti; the first <see cref="ExceptionCount"/>) when these
        /// facts were read from the code object itself; null when the caller supplied only the ranges.
        /// </summary>
        internal ExceptionEntry[]? ExceptionEntries => _entries;

        /// <summary>How many of <see cref="ExceptionEntries"/> and <see cref="ExceptionArray"/> are this code object's.</summary>
        internal int ExceptionCount => _exceptionCount;

        /// <summary>Offset → line (null: 3.13+ "no line" start). Built on first use.</summary>
        public Dictionary<int, int?> LineStarts => _lineStarts ??= ToDictionary(_sortedLineStarts, _lineStartCount);

        /// <summary>
        /// The entries of <see cref="LineStarts"/> in offset order, one per offset (the first
        /// <see cref="LineStartCount"/>): what the decoder walks alongside the instructions instead of a lookup
        /// per instruction.
        /// </summary>
        internal LineStart[] SortedLineStarts => _sortedLineStarts;

        internal int LineStartCount => _lineStartCount;

        // dict(findlinestarts(co)) as an array, in place. findlinestarts yields offsets in order (every table format
        // only moves forward), so a later duplicate replaces the earlier one in place; any other order goes through
        // a dictionary, as dis itself does.
        private static int Deduplicate(ref LineStart[] starts, int count, out Dictionary<int, int?>? dictionary)
        {
            dictionary = null;
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (n > 0 && starts[i].Offset == starts[n - 1].Offset) starts[n - 1] = starts[i];
                else if (n > 0 && starts[i].Offset < starts[n - 1].Offset)
                {
                    dictionary = new Dictionary<int, int?>();
                    for (int k = 0; k < count; k++) dictionary[starts[k].Offset] = starts[k].Line;
                    starts = SortedFrom(dictionary);
                    return starts.Length;
                }
                else starts[n++] = starts[i];
            }
            return n;
        }

        private static LineStart[] SortedFrom(Dictionary<int, int?> dictionary)
        {
            var sorted = new LineStart[dictionary.Count];
            int i = 0;
            foreach (var kv in dictionary) sorted[i++] = new LineStart(kv.Key, kv.Value);
            Array.Sort(sorted, (a, b) => a.Offset.CompareTo(b.Offset));
            return sorted;
        }

        private static Dictionary<int, int?> ToDictionary(LineStart[] starts, int count)
        {
            var d = new Dictionary<int, int?>(count);
            for (int i = 0; i < count; i++) d[starts[i].Offset] = starts[i].Line;
            return d;
        }

        /// <summary>co_positions, one entry per 2-byte code unit (3.11+); empty before. Computed on first use.</summary>
        public Positions[] Positions => _positions ??= LocationTable.Positions(_code!);

        public IReadOnlyList<ExceptionRange> Exceptions => _exceptions ??= Growable<ExceptionRange>.Copy(_ranges, _exceptionCount, _exceptionCount);

        /// <summary><see cref="Exceptions"/> as an array (the first <see cref="ExceptionCount"/>; the decoder loops over it without interface calls).</summary>
        internal ExceptionRange[] ExceptionArray => _ranges;

        public int ConstCount => _constCount;

        /// <summary>repr() of co_consts[index] as the code's version prints it.</summary>
        public string ConstRepr(int index)
        {
            if ((uint)index >= (uint)_constCount) throw new ArgumentOutOfRangeException(nameof(index));
            var repr = _constReprs[index];
            if (repr != null) return repr;
            _constReprsMade = true;
            return _constReprs[index] = PyRepr.Repr(_consts![index], _reprRules!, _reprOptions);
        }
    }
}
