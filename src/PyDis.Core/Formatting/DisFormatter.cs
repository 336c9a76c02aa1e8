using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.Repr;
using PyDis.Core.CodeTables;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// Writes the text a CPython version's <c>dis.dis(code)</c> or <c>dis.disassemble(code, lasti)</c>
    /// prints, byte for byte. Every difference between versions comes from that release's
    /// <see cref="FormatRules"/>. Lines end in '\n' on every platform, as Python's print writes them.
    /// An instance is not thread-safe (it reuses its buffers); use one per thread.
    /// </summary>
    public sealed class DisFormatter
    {
        private const int OpnameWidth = 20;   // dis._OPNAME_WIDTH
        private const int OpargWidth = 5;     // dis._OPARG_WIDTH
        private const string NoLineNo = "  --"; // dis._NO_LINENO (3.13+)

        private readonly Release _release;
        private readonly FormatRules _format;
        private readonly TextBuffer _buf = new TextBuffer();
        private long[] _labels = Array.Empty<long>();  // 3.13+: labelled offsets of the current code object, ascending
        private TextWriter? _out;
        private OpcodeTable? _opcodes;
        private IInstructionColumn? _column;  // Options.Annotator's column of the current code object

        /// <summary>A formatter for <paramref name="version"/>'s dis with <paramref name="options"/>.</summary>
        /// <exception cref="ArgumentException">An option the version's dis does not have (e.g. show_offsets before 3.13).</exception>
        public DisFormatter(PyVersion version, DisOptions? options = null)
            : this(ReleaseRegistry.Supported.TryGet(version, out var release) ? release
                : throw new ArgumentException($"Python {version} is not a version PyDis formats.", nameof(version)), options)
        {
        }

        /// <summary>A formatter for <paramref name="release"/>'s dis with <paramref name="options"/>.</summary>
        /// <exception cref="ArgumentException">An option the release's dis does not have (e.g. show_offsets before 3.13).</exception>
        public DisFormatter(Release release, DisOptions? options = null)
        {
            _release = release ?? throw new ArgumentNullException(nameof(release));
            _format = release.Format;
            Options = options ?? DisOptions.Default;
            Options.Validate(release);
        }

        public PyVersion Version => _release.Version;
        public DisOptions Options { get; }

        /// <summary>
        /// What <c>dis.dis(code)</c> prints (recursing into nested code objects from 3.7, up to
        /// <see cref="DisOptions.Depth"/>); when <see cref="DisOptions.Lasti"/> is set, what
        /// <c>dis.disassemble(code, lasti)</c> prints instead (top-level code only, as in CPython).
        /// </summary>
        public void Write(CodeObject code, TextWriter writer)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            CheckVersion(code);
            _out = writer;
            try
            {
                if (Options.Lasti >= 0 || !_format.Recurses)
                    WriteCode(Disassembly.Build(code, Options), Options.Lasti);
                else
                    WriteRecursive(code, Options.Depth);
                _buf.Flush(writer);
            }
            finally
            {
                _buf.Clear();
                _out = null;
            }
        }

        /// <summary>What <c>dis.disassemble(code, lasti)</c> prints: this code object only.</summary>
        public void Disassemble(CodeObject code, TextWriter writer, int lasti = -1)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            CheckVersion(code);
            _out = writer;
            try
            {
                WriteCode(Disassembly.Build(code, Options), lasti);
                _buf.Flush(writer);
            }
            finally
            {
                _buf.Clear();
                _out = null;
            }
        }

        /// <summary><see cref="Write"/> into a string.</summary>
        public string Format(CodeObject code)
        {
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            Write(code, sw);
            return sw.ToString();
        }

        private void CheckVersion(CodeObject code)
        {
            if (code.Version != Version)
                throw new ArgumentException($"The code object is Python {code.Version}; this formatter prints Python {Version}'s dis.", nameof(code));
        }

        // dis._disassemble_recursive: the code object, then each code constant's subtree in co_consts order (the walk),
        // each nested one under "Disassembly of <repr of the constant>:".
        private void WriteRecursive(CodeObject code, int? depth)
        {
            // The contexts of the code objects on the current path of the walk, by level: a nested code object's
            // header is its parent's repr of that constant, which the parent's LOAD_CONST has usually made already.
            var contexts = new List<DecodeContext>();
            foreach (var walked in code.Walk(code.Name, depth))
            {
                if (walked.Level > 0)
                {
                    _buf.EndLine(_out);
                    _buf.Append("Disassembly of ");
                    _buf.Append(contexts[walked.Level - 1].ConstRepr(walked.ConstIndex));
                    _buf.Append(':');
                    _buf.EndLine(_out);
                }
                var view = Disassembly.Build(walked.Code, Options);
                if (walked.Level < contexts.Count) contexts[walked.Level] = view.Context;
                else contexts.Add(view.Context);
                WriteCode(view, -1);
            }
        }

        private void WriteCode(Disassembly view, int lasti)
        {
            var code = view.Code;
            var instrs = view.Instructions;
            var exceptions = view.Exceptions;
            var layout = ComputeLayout(view);
            var p = _format;
            _column = Options.Annotator?.For(code);
            foreach (var ins in instrs)
            {
                bool current = p.LastiCoversCaches && !(p.Caches == CacheLines.ValueAlways && Options.ShowCaches)
                    ? ins.Offset <= lasti && lasti <= ins.Offset + 2 * ins.CacheCount
                    : ins.Offset == lasti;
                WriteInstruction(ins, layout, current);
                if (Options.ShowCaches && ins.CacheCount > 0)
                    WriteCaches(code, ins, layout, lasti);
            }
            if (exceptions.Length > 0) WriteExceptionTable(exceptions);
        }

        private readonly struct Layout
        {
            public Layout(int lineWidth, int offsetWidth, int labelWidth, int opnameWidth, bool bare)
            {
                LineWidth = lineWidth; OffsetWidth = offsetWidth; LabelWidth = labelWidth; OpnameWidth = opnameWidth; Bare = bare;
            }
            public readonly int LineWidth;
            public readonly int OffsetWidth;
            public readonly int LabelWidth;
            public readonly int OpnameWidth;
            /// <summary>dis.dis(bytes): no names to parenthesize, even empty ones.</summary>
            public readonly bool Bare;
        }

        private Layout ComputeLayout(Disassembly view)
        {
            var p = _format;
            var code = view.Code;
            int lineWidth, offsetWidth, labelWidth = 0;
            if (p.Join == FieldJoin.LabelFormatter)
            {
                lineWidth = Options.ShowPositions ? PositionsWidth(view.Context.Positions) : LabelEraLineWidth(view.Context.SortedLineStarts);
                offsetWidth = Options.ShowOffsets ? TextBuffer.Digits(Math.Max(code.Code.Length - 2, 9999)) : 0;
                // dis._make_labels_map: jump targets and exception-table boundaries, numbered in offset order;
                // the decoder has built the same set (and gives each instruction its label).
                _labels = view.Marks;
                labelWidth = 4 + TextBuffer.Digits(_labels.Length);
            }
            else
            {
                int maxLine = -1;
                var starts = view.Context.SortedLineStarts;
                foreach (var ls in starts)
                    if (ls.Line is int l && l > maxLine) maxLine = l;
                // dis.dis(bytes) passes linestarts=None: no line column in any version.
                if (code.BareBytecode || (starts.Length == 0 && p.LineColumnNeedsLines)) lineWidth = 0;
                else lineWidth = p.WidensColumns && maxLine >= 1000 ? TextBuffer.Digits(maxLine) : 3;
                int maxOffset = code.Code.Length - 2;
                offsetWidth = p.WidensColumns && maxOffset >= 10000 ? TextBuffer.Digits(maxOffset) : 4;
            }
            return new Layout(lineWidth, offsetWidth, labelWidth, code.BareBytecode ? p.BareOpnameWidth : OpnameWidth, code.BareBytecode);
        }

        // dis._get_lineno_width (3.13+): zero lines do not count for the width, a missing line widens to '  --'.
        private static int LabelEraLineWidth(LineStart[] starts)
        {
            int maxLine = -1;
            bool anyNone = false;
            foreach (var ls in starts)
            {
                int? line = ls.Line;
                if (line is int l) { if (l != 0 && l > maxLine) maxLine = l; }
                else anyNone = true;
            }
            if (maxLine == -1) return 0;
            int width = Math.Max(3, TextBuffer.Digits(maxLine));
            if (width < NoLineNo.Length && anyNone) width = NoLineNo.Length;
            return width;
        }

        // dis._get_positions_width (3.14+), over every code unit's positions.
        private static int PositionsWidth(Positions[] positions)
        {
            bool hasValue = false;
            int valuesWidth = 0;
            foreach (var ps in positions)
            {
                hasValue |= ps.LineNumber != null || ps.EndLineNumber != null || ps.ColOffset != null || ps.EndColOffset != null;
                int w = PartWidth(ps.LineNumber) + PartWidth(ps.EndLineNumber) + PartWidth(ps.ColOffset) + PartWidth(ps.EndColOffset);
                if (w > valuesWidth) valuesWidth = w;
            }
            return hasValue ? 1 + Math.Max(NoLineNo.Length, 3 + valuesWidth) : 0;
        }

        private static int PartWidth(int? part) => part is int v ? TextBuffer.Digits(v) : 1;

        // Every exception-table boundary is in the label map (1-based).
        private int Label(long offset) => Array.BinarySearch(_labels, offset) + 1;

        private void WriteInstruction(Instruction ins, Layout layout, bool current)
        {
            var p = _format;
            bool startsLine = p.Join == FieldJoin.LabelFormatter ? ins.IsLineStart : ins.StartsLine != null;
            if (layout.LineWidth > 0 && startsLine && ins.Offset > 0) _buf.EndLine(_out);
            if (_column != null) _buf.Append(_column.Text(ins));
            int start = _buf.Length;
            if (p.Join == FieldJoin.LabelFormatter)
            {
                WriteLabelEraPrefix(ins.Offset, startsLine, ins.LineNumber, ins.Positions, ins.Label ?? 0, layout, current);
            }
            else
            {
                if (layout.LineWidth > 0)
                {
                    if (ins.StartsLine is int line) _buf.PadLeft(line, layout.LineWidth);
                    else _buf.Spaces(layout.LineWidth);
                    _buf.Append(' ');
                }
                _buf.Append(current ? ins.IsJumpTarget ? "--> >> " : "-->    " : ins.IsJumpTarget ? "    >> " : "       ");
                _buf.PadLeft(ins.Offset, layout.OffsetWidth);
                _buf.Append(' ');
            }
            WriteOpAndArg(ins.OpName, ins.Arg, ins.ArgRepr, start, p.ParenthesizeEmptyNames && !layout.Bare && IsNameKind(ins.OpCode),
                ins.ArgIsLong, layout.OpnameWidth);
        }

        private bool IsNameKind(int opcode)
        {
            var ops = (_opcodes ??= _release.Opcodes).OpArray;
            if (opcode < 0 || opcode >= ops.Length) return false;
            var kind = ops[opcode].ArgKind;
            return kind == ArgKind.Name || kind == ArgKind.Local || kind == ArgKind.Free;
        }

        // The 3.13+ Formatter columns before the opname: line or positions, label, offset, marker.
        private void WriteLabelEraPrefix(int offset, bool startsLine, int? lineNumber, Positions positions, int label, Layout layout, bool current)
        {
            if (layout.LineWidth > 0)
            {
                if (Options.ShowPositions) WritePositions(positions, layout.LineWidth);
                else if (startsLine)
                {
                    if (lineNumber is int l) _buf.PadLeft(l, layout.LineWidth);
                    else _buf.PadLeft(NoLineNo, layout.LineWidth);
                }
                else _buf.Spaces(layout.LineWidth);
                _buf.Append(' ');
            }
            if (label > 0)
            {
                _buf.Spaces(layout.LabelWidth - 2 - TextBuffer.Digits(label));
                _buf.Append('L');
                _buf.AppendInt(label);
                _buf.Append(':');
            }
            else _buf.Spaces(layout.LabelWidth);
            _buf.Append(' ');
            if (layout.OffsetWidth > 0)
            {
                _buf.PadLeft(offset, layout.OffsetWidth);
                _buf.Append("   ");
            }
            _buf.Append(current ? "--> " : "    ");
        }

        // f'{positions_str:{lineno_width}}' (left-justified) with '?' for a missing part.
        private void WritePositions(Positions ps, int width)
        {
            int start = _buf.Length;
            if (ps.IsEmpty) _buf.Append(NoLineNo);
            else
            {
                Part(ps.LineNumber); _buf.Append(':'); Part(ps.ColOffset); _buf.Append('-');
                Part(ps.EndLineNumber); _buf.Append(':'); Part(ps.EndColOffset);
            }
            _buf.Spaces(width - (_buf.Length - start));
        }

        private void Part(int? v)
        {
            if (v is int n) _buf.AppendInt(n); else _buf.Append('?');
        }

        // opname, arg and (argrepr), then the era's way of ending the line.
        private void WriteOpAndArg(string opname, int? arg, string argrepr, int lineStart, bool parensWhenEmpty = false, bool argIsLong = false,
            int opnameWidth = OpnameWidth)
        {
            var join = _format.Join;
            bool rstrips = join == FieldJoin.JoinRstrip || join == FieldJoin.LabelFormatter;
            if (arg is int a)
            {
                _buf.PadRight(opname, opnameWidth);
                _buf.Append(' ');
                int width = join == FieldJoin.LabelFormatter ? OpargWidth - Math.Max(0, opname.Length - opnameWidth) : OpargWidth;
                if (argIsLong)
                {
                    // Python 2 keeps an EXTENDED_ARG oparg as a long: repr(154045L) is "154045L".
                    _buf.Spaces(width - TextBuffer.Digits(a) - 1);
                    _buf.AppendInt(a);
                    _buf.Append('L');
                }
                else _buf.PadLeft(a, width);
                if (argrepr.Length > 0 || parensWhenEmpty)
                {
                    _buf.Append(" (");
                    _buf.Append(argrepr);
                    _buf.Append(')');
                }
            }
            else if (rstrips) _buf.Append(opname);  // the padding would be stripped again
            else _buf.PadRight(opname, opnameWidth);
            if (join == FieldJoin.SpaceAfterEach) _buf.Append(' ');
            else if (rstrips) _buf.TrimEnd(lineStart);
            _buf.EndLine(_out);
        }

        private void WriteCaches(CodeObject code, Instruction ins, Layout layout, int lasti)
        {
            bool marks = _format.Caches != CacheLines.FromCacheInfo;  // 3.13+ never mark a CACHE line current
            foreach (var row in CacheRows.Of(code, ins))
                WriteCacheLine(row.Offset, row.ArgRepr, ins.Positions, layout, marks && row.Offset == lasti);
        }

        private void WriteCacheLine(int offset, string argrepr, Positions positions, Layout layout, bool current)
        {
            if (_column != null) _buf.Spaces(_column.Width);
            int start = _buf.Length;
            if (_format.Join == FieldJoin.LabelFormatter)
                WriteLabelEraPrefix(offset, false, null, positions, 0, layout, current);
            else
            {
                if (layout.LineWidth > 0) _buf.Spaces(layout.LineWidth + 1);
                _buf.Append(current ? "-->    " : "       ");
                _buf.PadLeft(offset, layout.OffsetWidth);
                _buf.Append(' ');
            }
            WriteOpAndArg("CACHE", 0, argrepr, start);
        }

        private void WriteExceptionTable(ExceptionEntry[] entries)
        {
            bool labels = _format.Join == FieldJoin.LabelFormatter;
            _buf.Append("ExceptionTable:");
            _buf.EndLine(_out);
            foreach (var e in entries)
            {
                _buf.Append("  ");
                if (labels)
                {
                    _buf.Append('L'); _buf.AppendInt(Label(e.Start));
                    _buf.Append(" to L"); _buf.AppendInt(Label(e.End));
                    _buf.Append(" -> L"); _buf.AppendInt(Label(e.Target));
                }
                else
                {
                    _buf.AppendInt(e.Start);
                    _buf.Append(" to "); _buf.AppendInt(e.End - 2);
                    _buf.Append(" -> "); _buf.AppendInt(e.Target);
                }
                _buf.Append(" ["); _buf.AppendInt(e.Depth); _buf.Append(']');
                if (e.Lasti) _buf.Append(" lasti");
                _buf.EndLine(_out);
            }
        }

        /// <summary>
        /// Everything <c>dis.disassemble</c> reads about one code object, computed once and shared by the decoder
        /// and the formatter: line starts, co_positions and constant reprs (<see cref="DecodeContext"/>), the exception
        /// table with depths, and the instructions (streamed).
        /// </summary>
        private sealed class Disassembly
        {
            private Disassembly(CodeObject code, DecodeOptions options, PyReprOptions? reprOptions, bool positions, bool nameArgVals)
            {
                Code = code;
                Context = DecodeContext.From(code, reprOptions);
                Exceptions = Context.ExceptionEntries ?? ExceptionTable.Parse(code);  // DecodeContext.From has parsed it already
                // Streamed, not collected, into one reused Instruction: the formatter is done with each one before
                // it asks for the next.
                Instructions = CodeDecoder.DecodeReusing(code, Context, options, positions, nameArgVals, out var marks);
                Marks = marks;
            }

            public CodeObject Code { get; }
            /// <summary>dict(findlinestarts(co)), co_positions() per code unit, repr() of each constant (on first use).</summary>
            public DecodeContext Context { get; }
            /// <summary>dis._parse_exception_table(co) (3.11+; empty before).</summary>
            public ExceptionEntry[] Exceptions { get; }
            /// <summary>
            /// Offsets marked as jump targets, ascending; from 3.13 dis._make_labels_map's keys (jump targets and
            /// exception-table boundaries), so an offset's label is its index + 1.
            /// </summary>
            public long[] Marks { get; }
            /// <summary>The instructions, decoded as they are enumerated into one reused object (do not keep them).</summary>
            public IEnumerable<Instruction> Instructions { get; }

            /// <summary>
            /// The view dis.dis / dis.disassemble work from (3.11+ exception targets count as labels). The instructions
            /// carry co_positions only with show_positions, and the argvals of names (which the text does not print)
            /// only for an annotator, which may read them.
            /// </summary>
            public static Disassembly Build(CodeObject code, DisOptions options) =>
                new Disassembly(code, DecodeOptions.Disassembly, options.ReprOptions, options.ShowPositions, nameArgVals: options.Annotator != null);
        }
    }
}
