using System;
using System.Collections.Generic;
using PyDis.Core.Code;
using PyDis.Core.Marshal;
using PyDis.Core.Repr;
using PyDis.Core.Tables;

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
        private readonly string?[] _constReprs;
        private readonly PyObject[]? _consts;
        private readonly PyVersion _version;
        private readonly PyReprOptions? _reprOptions;
        private readonly CodeObject? _code;
        private Positions[]? _positions;

        /// <summary>Facts handed in by the caller; <paramref name="constReprs"/> are used as given.</summary>
        public CodeFacts(IEnumerable<KeyValuePair<int, int?>> lineStarts, Positions[]? positions,
            IReadOnlyList<ExceptionRange>? exceptions, string[] constReprs)
        {
            if (lineStarts is null) throw new ArgumentNullException(nameof(lineStarts));
            LineStarts = new Dictionary<int, int?>();
            foreach (var kv in lineStarts) LineStarts[kv.Key] = kv.Value;  // dict(findlinestarts(co)): last wins
            _positions = positions ?? Array.Empty<Positions>();
            Exceptions = exceptions ?? Array.Empty<ExceptionRange>();
            _constReprs = constReprs ?? throw new ArgumentNullException(nameof(constReprs));
        }

        private CodeFacts(CodeObject code, PyReprOptions? reprOptions)
        {
            LineStarts = new Dictionary<int, int?>();
            foreach (var ls in LineTable.FindLineStarts(code)) LineStarts[ls.Offset] = ls.Line;
            // co_positions is read on first use: dis prints it only with show_positions. Its table is the one
            // FindLineStarts has just read through, so bad data has already raised the same error.
            _code = code;
            var entries = ExceptionTable.Parse(code);
            var ranges = new ExceptionRange[entries.Length];
            for (int i = 0; i < entries.Length; i++) ranges[i] = new ExceptionRange(entries[i].Start, entries[i].End, entries[i].Target);
            Exceptions = ranges;
            _consts = code.Consts;
            _constReprs = new string?[code.Consts.Length];
            _version = code.Version;
            _reprOptions = reprOptions;
        }

        /// <summary>
        /// The facts dis itself would use: findlinestarts, co_positions and the exception table of the code
        /// object, and repr() of its constants (computed on first use, once).
        /// </summary>
        public static CodeFacts From(CodeObject code, PyReprOptions? reprOptions = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return new CodeFacts(code, reprOptions);
        }

        /// <summary>Offset → line (null: 3.13+ "no line" start).</summary>
        public Dictionary<int, int?> LineStarts { get; }
        /// <summary>co_positions, one entry per 2-byte code unit (3.11+); empty before. Computed on first use.</summary>
        public Positions[] Positions => _positions ??= LocationTable.Positions(_code!);
        public IReadOnlyList<ExceptionRange> Exceptions { get; }

        public int ConstCount => _constReprs.Length;

        /// <summary>repr() of co_consts[index] as the code's version prints it.</summary>
        public string ConstRepr(int index) =>
            _constReprs[index] ??= PyRepr.Repr(_consts![index], _version, _reprOptions);
    }
}
