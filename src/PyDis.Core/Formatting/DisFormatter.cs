using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
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
        // What dis.disassemble reads about one code object, refilled for each: line starts, exception table and
        // constants (the context), the jump marks and instructions (the reader). Kept, with their buffers, for
        // every code object the formatter writes, so formatting a file allocates next to nothing per code object.
        private readonly DecodeContext _context;
        private readonly InstructionReader _reader = new InstructionReader();
        private readonly InstructionReader.Mode _mode;
        // repr() of a constant that is not a plain quoted string, made here and copied into the text.
        private StringBuilder _reprText = new StringBuilder(256);
        private WalkStep[] _walk = new WalkStep[16];
        private readonly ProblemSink _tableProblems = new ProblemSink();  // with SoundCode: the current code object's
        private TextWriter? _out;
        private OpcodeTable? _opcodes;
        private CodeObject? _code;            // the code object being written
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
            _context = new DecodeContext(Options.ReprOptions);
            // An annotator may read any field of the instructions; without one only the text is needed.
            _mode = Options.Annotator != null ? InstructionReader.Mode.Reuse : InstructionReader.Mode.Text;
        }

        public PyVersion Version => _release.Version;
        public DisOptions Options { get; }

        /// <summary>
        /// When set, each code object written whose decoding met no problem is added here, so that a host reporting
        /// problems afterwards (<see cref="Hosting.CodeProblemReport.Find(Hosting.PycInput, Decoding.SoundCode)"/>)
        /// need not check it again. Null (the default): nothing is recorded, and the tables are read without checks.
        /// </summary>
        public SoundCode? SoundCode { get; set; }

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
                    WriteCode(code, Options.Lasti);
                else
                    WriteRecursive(code, Options.Depth);
                _buf.Flush(writer);
            }
            finally
            {
                _buf.Clear();
                _out = null;
                Forget();
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
                WriteCode(code, lasti);
                _buf.Flush(writer);
            }
            finally
            {
                _buf.Clear();
                _out = null;
                Forget();
            }
        }

        // Drops the references to the last code object written (its buffers stay for the next one), so a formatter
        // kept around does not keep a file's code objects alive.
        private void Forget()
        {
            _code = null;
            _column = null;
            _context.Forget();
            _reader.Forget();
            Array.Clear(_walk, 0, _walk.Length);
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

        // One code object to write on the walk of WriteRecursive: the code constant it is and the code object holding
        // it (null for the start), its level.
        private struct WalkStep
        {
            public CodeObject Code;
            public PyCodeRef? Constant;
            public CodeObject? Parent;
            public int Level;
        }

        // dis._disassemble_recursive: the code object, then each code constant's subtree in co_consts order (the walk
        // of CodeObject.Walk), each nested one under "Disassembly of <repr of the constant>:". An explicit stack,
        // kept by the formatter: marshal allows 2000 levels of nesting.
        private void WriteRecursive(CodeObject code, int? depth)
        {
            int count = 0;
            Push(ref count, new WalkStep { Code = code });
            while (count > 0)
            {
                var step = _walk[--count];
                _walk[count] = default;
                WriteStep(step);
                PushChildren(ref count, step, depth);
            }
        }

        private void WriteStep(WalkStep step)
        {
            if (step.Constant != null)
            {
                _buf.EndLine(_out);
                _buf.Append("Disassembly of ");
                WriteConstRepr(step.Constant, step.Parent!.Release.Repr);
                _buf.Append(':');
                _buf.EndLine(_out);
            }
            WriteCode(step.Code, -1);
        }

        // The code constants of the step's code object, pushed so that they come off the stack in co_consts order.
        private void PushChildren(ref int count, WalkStep step, int? depth)
        {
            if (depth.HasValue && step.Level >= depth.Value) return;
            var consts = step.Code.Consts;
            for (int i = consts.Length - 1; i >= 0; i--)
                if (consts[i] is PyCodeRef child) Push(ref count, new WalkStep { Code = child.Code, Constant = child, Parent = step.Code, Level = step.Level + 1 });
        }

        private void Push(ref int count, WalkStep step)
        {
            if (count == _walk.Length) Array.Resize(ref _walk, 2 * count);
            _walk[count++] = step;
        }

        private void WriteCode(CodeObject code, int lasti)
        {
            _code = code;
            var sound = SoundCode;
            _tableProblems.Clear();
            _context.Load(code, sound != null ? _tableProblems : null);
            _reader.Start(code, _context, DecodeOptions.Disassembly, _mode, positions: Options.ShowPositions, cacheInfo: Options.ShowCaches,
                checkCode: sound != null);
            var layout = ComputeLayout(code);
            var p = _format;
            _column = Options.Annotator?.For(code);
            while (_reader.Next() is Instruction ins)
            {
                bool current = p.LastiCoversCaches && !(p.Caches == CacheLines.ValueAlways && Options.ShowCaches)
                    ? ins.Offset <= lasti && lasti <= ins.Offset + 2 * ins.CacheCount
                    : ins.Offset == lasti;
                WriteInstruction(ins, layout, current);
                if (Options.ShowCaches && ins.CacheCount > 0)
                    WriteCaches(code, ins, layout, lasti);
            }
            if (_context.ExceptionCount > 0) WriteExceptionTable(_context.ExceptionEntries!, _context.ExceptionCount);
            if (sound != null && CodeProblems.NoneFound(code, _tableProblems, _context.LineTableCoverage, _reader.CodeSound)) sound.Add(code);
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

        private Layout ComputeLayout(CodeObject code)
        {
            var p = _format;
            int lineWidth, offsetWidth, labelWidth = 0;
            var starts = _context.SortedLineStarts;
            int startCount = _context.LineStartCount;
            if (p.Join == FieldJoin.LabelFormatter)
            {
                lineWidth = Options.ShowPositions ? PositionsWidth(_context.Positions) : LabelEraLineWidth(starts, startCount);
                offsetWidth = Options.ShowOffsets ? TextBuffer.Digits(Math.Max(code.Code.Length - 2, 9999)) : 0;
                // dis._make_labels_map: jump targets and exception-table boundaries, numbered in offset order;
                // the decoder has built the same set (and gives each instruction its label).
                labelWidth = 4 + TextBuffer.Digits(_reader.MarkCount);
            }
            else
            {
                int maxLine = -1;
                for (int i = 0; i < startCount; i++)
                    if (starts[i].Line is int l && l > maxLine) maxLine = l;
                // dis.dis(bytes) passes linestarts=None: no line column in any version.
                if (code.BareBytecode || (startCount == 0 && p.LineColumnNeedsLines)) lineWidth = 0;
                else lineWidth = p.WidensColumns && maxLine >= 1000 ? TextBuffer.Digits(maxLine) : 3;
                int maxOffset = code.Code.Length - 2;
                offsetWidth = p.WidensColumns && maxOffset >= 10000 ? TextBuffer.Digits(maxOffset) : 4;
            }
            return new Layout(lineWidth, offsetWidth, labelWidth, code.BareBytecode ? p.BareOpnameWidth : OpnameWidth, code.BareBytecode);
        }

        // dis._get_lineno_width (3.13+): zero lines do not count for the width, a missing line widens to '  --'.
        private static int LabelEraLineWidth(LineStart[] starts, int count)
        {
            int maxLine = -1;
            bool anyNone = false;
            for (int i = 0; i < count; i++)
            {
                int? line = starts[i].Line;
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
        private int Label(long offset) => Array.BinarySearch(_reader.Marks, 0, _reader.MarkCount, offset) + 1;

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
                // The columns before the offset are mostly spaces: they are written with the offset's padding.
                int blank = 0;
                if (layout.LineWidth > 0)
                {
                    if (ins.StartsLine is int line)
                    {
                        _buf.PadLeft(line, layout.LineWidth);
                        blank = 1;
                    }
                    else blank = layout.LineWidth + 1;
                }
                if (current || ins.IsJumpTarget)
                {
                    _buf.Spaces(blank);
                    _buf.Append(current ? ins.IsJumpTarget ? "--> >> " : "-->    " : "    >> ");
                    blank = 0;
                }
                else blank += 7;
                _buf.PadLeft(ins.Offset, layout.OffsetWidth, blank);
                _buf.Append(' ');
            }
            WriteOpAndArg(ins.OpName, ins.Arg, ins, "", start, p.ParenthesizeEmptyNames && !layout.Bare && IsNameKind(ins.OpCode),
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

        // opname, arg and (argrepr), then the era's way of ending the line. The argrepr is the instruction's (its
        // parts, when the reader left them to be written here) or, without an instruction, argrepr.
        private void WriteOpAndArg(string opname, int? arg, Instruction? ins, string argrepr, int lineStart, bool parensWhenEmpty = false,
            bool argIsLong = false, int opnameWidth = OpnameWidth)
        {
            var join = _format.Join;
            bool rstrips = join == FieldJoin.JoinRstrip || join == FieldJoin.LabelFormatter;
            if (arg is int a)
            {
                _buf.PadRight(opname, opnameWidth, 1);
                int width = join == FieldJoin.LabelFormatter ? OpargWidth - Math.Max(0, opname.Length - opnameWidth) : OpargWidth;
                if (argIsLong)
                {
                    // Python 2 keeps an EXTENDED_ARG oparg as a long: repr(154045L) is "154045L".
                    _buf.Spaces(width - TextBuffer.Digits(a) - 1);
                    _buf.AppendInt(a);
                    _buf.Append('L');
                }
                else _buf.PadLeft(a, width);
                bool hasArgRepr = ins != null ? ins.DeferredConst >= 0 || ins.HasArgReprNumber || ins.ArgRepr.Length > 0 : argrepr.Length > 0;
                if (hasArgRepr || parensWhenEmpty)
                {
                    _buf.Append(" (");
                    if (ins != null) WriteArgRepr(ins);
                    else _buf.Append(argrepr);
                    _buf.Append(')');
                }
            }
            else if (rstrips) _buf.Append(opname);  // the padding would be stripped again
            else _buf.PadRight(opname, opnameWidth);
            if (join == FieldJoin.SpaceAfterEach) _buf.Append(' ');
            else if (rstrips) _buf.TrimEnd(lineStart);
            _buf.EndLine(_out);
        }

        private void WriteArgRepr(Instruction ins)
        {
            if (ins.DeferredConst >= 0)
            {
                WriteConstRepr(_code!.Consts[ins.DeferredConst], _code.Release.Repr);
                return;
            }
            if (ins.ArgReprPrefix != null) _buf.Append(ins.ArgReprPrefix);
            _buf.Append(ins.ArgRepr);
            if (ins.HasArgReprNumber) _buf.AppendInt(ins.ArgReprNumber);
            if (ins.ArgReprSuffix != null) _buf.Append(ins.ArgReprSuffix);
        }

        // repr() of a constant straight into the text: no string per constant.
        private void WriteConstRepr(PyObject value, ReprRules rules)
        {
            if (PyRepr.PlainQuotedText(value, rules) is string plain)
            {
                _buf.Append('\'');
                _buf.Append(plain);
                _buf.Append('\'');
                return;
            }
            var text = _reprText;
            text.Clear();
            PyRepr.Repr(text, value, rules, Options.ReprOptions);
            _buf.Append(text);
            // A huge constant's builder is not kept.
            if (text.Capacity > 64 * 1024) _reprText = new StringBuilder(256);
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
            WriteOpAndArg("CACHE", 0, null, argrepr, start);
        }

        private void WriteExceptionTable(ExceptionEntry[] entries, int count)
        {
            bool labels = _format.Join == FieldJoin.LabelFormatter;
            _buf.Append("ExceptionTable:");
            _buf.EndLine(_out);
            for (int i = 0; i < count; i++)
            {
                var e = entries[i];
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
    }
}
