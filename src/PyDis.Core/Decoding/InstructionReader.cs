using PyDis.Core.CodeTables;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// The decoder's loop as an object with its state in fields: <see cref="Start"/> a code object, then
    /// <see cref="Next"/> until null. One reader can decode one code object after another and keeps its buffers
    /// (jump marks, the reused instruction, cache layouts, the resolver's caches), which is how the formatter
    /// decodes a whole file without allocating per code object.
    /// </summary>
    internal sealed class InstructionReader
    {
        /// <summary>What <see cref="Next"/> hands out.</summary>
        internal enum Mode
        {
            /// <summary>A new <see cref="Instruction"/> per step (get_instructions).</summary>
            Fresh,
            /// <summary>One <see cref="Instruction"/> refilled for every step: a caller must be done with it before the next.</summary>
            Reuse,
            /// <summary>
            /// <see cref="Reuse"/>, for a caller that prints only the text (the formatter without an annotator): the
            /// argval is left empty except where the argrepr is made of it, composed argreprs are left in parts
            /// (<see cref="Instruction.DeferredConst"/>, <see cref="Instruction.ArgReprPrefix"/>,
            /// <see cref="Instruction.ArgReprSuffix"/>, <see cref="Instruction.ArgReprNumber"/>), co_positions and
            /// cache_info are left out unless asked for.
            /// </summary>
            Text,
        }

        private readonly ArgResolver _resolver = new ArgResolver();
        private Growable<long> _marks = new Growable<long>(0);
        private int _markCount;
        private Instruction? _shared;
        private CacheEntry[]?[]? _sharedCaches;

        private CodeObject _code = null!;
        private OpcodeTable _table = null!;
        private DecodeRules _s = null!;
        private LineStart[] _lineStarts = null!;
        private int _lineStartCount;
        private Positions[] _unitPositions = null!;
        private CodeDecoder.Walker _walker;
        private bool _reuse, _numbered, _cacheInfo;
        private int _lineOffset, _nextStart, _nextMark;
        private int? _localLine;
        private bool _checking;
        private CodeCheck _check;
        private bool _codeSound;

        /// <summary>The offsets the instructions mark as jump targets, ascending, in the first <see cref="MarkCount"/>
        /// items (from 3.13, with <see cref="DecodeOptions.Disassembly"/>, dis.dis's label map: label = index + 1).</summary>
        public long[] Marks => _marks.Items;
        public int MarkCount => _markCount;

        /// <summary>
        /// Starts decoding <paramref name="code"/>. <paramref name="positions"/> (text mode only): fill
        /// <see cref="Instruction.Positions"/>; <paramref name="cacheInfo"/> (text mode only): fill
        /// <see cref="Instruction.CacheInfo"/>. The other modes always fill both.
        /// </summary>
        /// <summary>
        /// After the last instruction, when started with <c>checkCode</c>: the co_code checks of
        /// <see cref="CodeProblems.Find"/> (<see cref="CodeCheck"/>) found nothing on the way.
        /// </summary>
        public bool CodeSound => _codeSound;

        public void Start(CodeObject code, DecodeContext facts, DecodeOptions options, Mode mode, bool positions = true, bool cacheInfo = true,
            bool checkCode = false)
        {
            _checking = checkCode;
            _check = checkCode ? new CodeCheck(code) : default;
            _codeSound = true;
            bool text = mode == Mode.Text;
            _code = code;
            _table = code.Release.Opcodes;
            _s = code.DecodeRules;
            _reuse = mode != Mode.Fresh;
            _cacheInfo = !text || cacheInfo;
            _numbered = _s.ExceptionLabels == ExceptionLabelRule.StartEndTarget;
            _marks.Clear();
            _markCount = CodeDecoder.Marks(code, facts, options, _table, _s, ref _marks);
            _nextMark = 0;
            _resolver.Reset(code, facts, _table, _s, _numbered ? _marks.Items : null, _markCount, nameArgVals: !text, deferArgReprs: text);
            _lineOffset = options.FirstLine.HasValue ? options.FirstLine.Value - code.FirstLineNo : 0;
            _localLine = null;
            _unitPositions = (!text || positions) && code.Release.Tables.HasPositions ? facts.Positions : LocationTable.NoPositions;
            _walker = new CodeDecoder.Walker(code.Code, _table, _s);
            _lineStarts = facts.SortedLineStarts;
            _lineStartCount = facts.LineStartCount;
            _nextStart = 0;
        }

        /// <summary>Drops the references to the last code object (<see cref="Start"/> comes before any further use).</summary>
        public void Forget()
        {
            _code = null!;
            _lineStarts = null!;
            _unitPositions = null!;
            _walker = default;
            _check = default;
            _resolver.Forget();
            if (_shared != null)
            {
                _shared.Code = null;
                _shared.ArgVal = _shared.ArgRepr = "";
                _shared.CacheInfo = null;
            }
        }

        /// <summary>The next instruction; null at the end.</summary>
        public Instruction? Next()
        {
            if (!_walker.Next(out var r, out bool truncated))
            {
                if (_checking && _check.EndsWithExtendedArg) _codeSound = false;
                return null;
            }
            var code = _code;
            var table = _table;
            var s = _s;
            var info = table.OpArray[r.Op];
            if (_checking && _check.Of(ref r, truncated, info) != CodeCheck.Finding.None) _codeSound = false;
            int cacheCount = truncated ? 0 : info.CacheCount;
            var ins = _reuse ? _shared ??= new Instruction() : new Instruction();
            // Every property is set (not left to its initial value), so a reused object keeps nothing of the
            // previous instruction.
            ins.Version = code.Version;
            ins.Code = code;
            ins.OpName = info.Name;
            ins.OpCode = r.Op;
            ins.IsValid = info.IsValid;
            ins.Arg = null;
            ins.ArgIsLong = false;
            ins.ArgVal = "None";
            ins.ArgValNumber = null;
            ins.ArgRepr = "";
            ins.DeferredConst = -1;
            ins.ArgReprPrefix = null;
            ins.ArgReprSuffix = null;
            ins.HasArgReprNumber = false;
            ins.Offset = r.Offset;
            ins.StartOffset = r.StartOffset;
            ins.CacheCount = cacheCount;
            ins.Size = r.Length + 2 * cacheCount;
            ins.EndOffset = r.Offset + r.Length + (info.IsSpecialized ? 0 : 2 * cacheCount);
            ins.JumpTarget = null;
            ins.Label = null;
            ins.Positions = default;
            ins.CacheInfo = null;
            ins.BaseOpCode = info.BaseOpCode;
            ins.BaseOpName = table.OpArray[info.BaseOpCode].Name;

            // Instructions and line starts both go up in offset: one cursor instead of a lookup.
            var lineStarts = _lineStarts;
            while (_nextStart < _lineStartCount && lineStarts[_nextStart].Offset < r.Offset) _nextStart++;
            bool starts = _nextStart < _lineStartCount && lineStarts[_nextStart].Offset == r.Offset;
            int? line = starts ? lineStarts[_nextStart].Line : null;
            if (starts) _localLine = line;
            ins.IsLineStart = starts;
            ins.StartsLine = starts ? line + _lineOffset : null;

            int unit = r.Offset >> 1;
            if (unit < _unitPositions.Length) ins.Positions = _unitPositions[unit];
            // The instruction's line, one rule for every consumer (Instruction.LineNumber).
            ins.LineNumber = s.LineIsPositionsLine ? ins.Positions.LineNumber : _localLine + _lineOffset;

            var marks = _marks.Items;
            while (_nextMark < _markCount && marks[_nextMark] < r.Offset) _nextMark++;
            bool marked = _nextMark < _markCount && marks[_nextMark] == r.Offset;
            ins.IsJumpTarget = marked;
            if (_numbered && marked) ins.Label = _nextMark + 1;

            if (_cacheInfo && cacheCount > 0 && info.CacheFormat.Length > 0) ins.CacheInfo = CacheLayout(info, r.Offset + r.Length);

            if (r.HasArg)
            {
                ins.Arg = unchecked((int)r.Arg);
                ins.ArgIsLong = r.ArgIsLong;
                _resolver.Resolve(ins, info, r.Arg, r.Offset, r.Length);
            }
            return ins;
        }

        private CacheEntry[] CacheLayout(OpcodeInfo info, int dataOffset)
        {
            int n = info.CacheFormat.Length;
            CacheEntry[] entries;
            if (_reuse)
            {
                // One array per length serves every instruction, like the instruction itself.
                _sharedCaches ??= new CacheEntry[]?[8];
                if (n >= _sharedCaches.Length) System.Array.Resize(ref _sharedCaches, n + 1);
                entries = _sharedCaches[n] ??= new CacheEntry[n];
            }
            else entries = new CacheEntry[n];
            for (int k = 0; k < entries.Length; k++)
            {
                var f = info.CacheFormat[k];
                entries[k] = new CacheEntry(f.Name, f.Size, dataOffset);
                dataOffset += 2 * f.Size;
            }
            return entries;
        }
    }
}
