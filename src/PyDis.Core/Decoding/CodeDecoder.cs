using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.CodeTables;

namespace PyDis.Core.Decoding
{
    /// <summary>Choices that dis makes differently in its entry points (immutable: the presets are shared).</summary>
    public sealed class DecodeOptions
    {
        /// <summary>dis.get_instructions semantics.</summary>
        public static readonly DecodeOptions GetInstructions = new DecodeOptions();
        /// <summary>dis.dis / dis.Bytecode semantics (exception-table labels).</summary>
        public static readonly DecodeOptions Disassembly = new DecodeOptions(exceptionTableLabels: true);

        public DecodeOptions(bool exceptionTableLabels = false, int? firstLine = null, bool showCaches = false)
        {
            ExceptionTableLabels = exceptionTableLabels;
            FirstLine = firstLine;
            ShowCaches = showCaches;
        }

        /// <summary>
        /// False: dis.get_instructions semantics (jump targets and labels from findlabels only).
        /// True: dis.dis / Bytecode semantics (3.11-3.12 handler targets are jump targets; 3.13+ labels also
        /// cover exception-table start, end and target).
        /// </summary>
        public bool ExceptionTableLabels { get; }

        /// <summary>get_instructions(first_line=...): shifts reported line numbers by first_line - co_firstlineno.</summary>
        public int? FirstLine { get; }

        /// <summary>
        /// get_instructions(show_caches=True): on 3.11-3.12 a CACHE pseudo-instruction follows each inline cache
        /// code unit (<see cref="DecodeRules.CachesAreInstructions"/>); other releases ignore it, as their dis does.
        /// </summary>
        public bool ShowCaches { get; }

        /// <summary>The same options with get_instructions' first_line.</summary>
        public DecodeOptions WithFirstLine(int? firstLine) => new DecodeOptions(ExceptionTableLabels, firstLine, ShowCaches);
    }

    /// <summary>
    /// The one bytecode decoder: turns a code object into that version's dis instructions, in offset order.
    /// Version differences come from the release's <see cref="OpcodeTable"/> (data) and <see cref="DecodeRules"/> (algorithm).
    /// </summary>
    public static class CodeDecoder
    {
        /// <summary>dis.get_instructions(code) of the code's version: every instruction in offset order.</summary>
        public static IEnumerable<Instruction> Decode(CodeObject code) => Decode(code, DecodeOptions.GetInstructions);

        /// <summary>Decodes with dis's own facts of the code object; <paramref name="options"/> picks get_instructions or dis.dis semantics.</summary>
        public static IEnumerable<Instruction> Decode(CodeObject code, DecodeOptions options)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return Decode(code, DecodeContext.From(code), options);
        }

        /// <summary>Decodes with caller-supplied line, position, exception and constant facts.</summary>
        public static IEnumerable<Instruction> Decode(CodeObject code, DecodeContext facts, DecodeOptions? options = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (facts is null) throw new ArgumentNullException(nameof(facts));
            return DecodeRows(code, facts, options ?? DecodeOptions.GetInstructions, reuse: false);
        }

        /// <summary>
        /// <see cref="Decode(CodeObject, DecodeOptions)"/> refilling one <see cref="Instruction"/> object for every
        /// step, for a caller that copies what it needs (the records) before it asks for the next: an allocation of
        /// ~200 bytes less per instruction.
        /// </summary>
        internal static IEnumerable<Instruction> DecodeReused(CodeObject code, DecodeOptions options) =>
            DecodeRows(code, DecodeContext.From(code), options, reuse: true);

        /// <summary>get_instructions' rows: the instructions, and the 3.11-3.12 CACHE rows when asked for.</summary>
        private static IEnumerable<Instruction> DecodeRows(CodeObject code, DecodeContext facts, DecodeOptions options, bool reuse)
        {
            var instructions = DecodeCore(code, facts, options, reuse);
            return options.ShowCaches && code.DecodeRules.CachesAreInstructions ? WithCacheRows(code, facts, instructions) : instructions;
        }

        /// <summary>
        /// 3.11-3.12 get_instructions(show_caches=True): after each instruction, a CACHE pseudo-instruction per
        /// cache code unit (opcode 0, arg 0, argval None, that unit's co_positions, argrepr from <see cref="CacheRows"/>).
        /// </summary>
        private static IEnumerable<Instruction> WithCacheRows(CodeObject code, DecodeContext facts, IEnumerable<Instruction> instructions)
        {
            var rules = code.DecodeRules;
            foreach (var owner in instructions)
            {
                yield return owner;
                if (owner.CacheCount == 0) continue;
                foreach (var row in CacheRows.Of(code, owner))
                {
                    int unit = row.Offset / 2;
                    var positions = unit < facts.Positions.Length ? facts.Positions[unit] : default;
                    yield return new Instruction
                    {
                        Version = code.Version, Code = code, OpName = "CACHE", OpCode = 0, Arg = 0, ArgVal = "None",
                        ArgRepr = row.ArgRepr, Offset = row.Offset, StartOffset = row.Offset, Size = 2,
                        LineNumber = rules.LineIsPositionsLine ? positions.LineNumber : null,
                        Positions = positions, BaseOpName = "CACHE",
                    };
                }
            }
        }

        /// <summary>
        /// dis.findlabels(co.co_code): jump target offsets in order of first appearance. Targets are longs
        /// because crafted EXTENDED_ARG prefixes can point far outside the code (dis keeps those too).
        /// </summary>
        public static IReadOnlyList<long> FindLabels(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return FindLabels(code.Code, code.Release);
        }

        public static IReadOnlyList<long> FindLabels(byte[] bytecode, Release release)
        {
            if (bytecode is null) throw new ArgumentNullException(nameof(bytecode));
            if (release is null) throw new ArgumentNullException(nameof(release));
            return FindLabelsCore(bytecode, release.Opcodes, release.Decode);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static bool IsJump(ArgKind kind) =>
            kind == ArgKind.JumpForward || kind == ArgKind.JumpBackward || kind == ArgKind.JumpBackwardFrom
            || kind == ArgKind.JumpAbsolute;

        /// <summary>One raw instruction as _unpack_opargs yields it.</summary>
        internal struct RawInstr
        {
            public int Offset;
            public int Length;      // 1/3 bytes before 3.6, 2 after (caches excluded)
            public int Op;
            public long Arg;
            public bool HasArg;
            public long ArgNoExtended;  // 2.7 findlabels ignores EXTENDED_ARG
            public bool ArgIsLong;
            public int StartOffset;
        }

        /// <summary>_unpack_opargs: walks code units, folding EXTENDED_ARG and skipping inline caches.</summary>
        internal struct Walker
        {
            private readonly byte[] _code;
            private readonly OpcodeTable _table;
            private readonly DecodeRules _s;
            private int _i;
            private long _ext;
            private bool _extLong;
            private int _firstExt;

            public Walker(byte[] code, OpcodeTable table, DecodeRules s)
            {
                _code = code; _table = table; _s = s;
                _i = 0; _ext = 0; _extLong = false; _firstExt = -1;
            }

            public int Position => _i;

            /// <summary>
            /// False at the end. <paramref name="truncated"/>: the last instruction lacks its oparg bytes; it is
            /// returned without an argument, covering the bytes that are left (dis raises IndexError there).
            /// </summary>
            public bool Next(out RawInstr r, out bool truncated)
            {
                r = default;
                truncated = false;
                byte[] code = _code;
                int i = _i;
                if (i >= code.Length) return false;
                int op = code[i];
                var info = _table.OpArray[op];
                r.Offset = i;
                r.Op = op;
                r.HasArg = info.HasArg;
                if (_s.Wordcode)
                {
                    r.Length = 2;
                    if (info.HasArg)
                    {
                        if (i + 1 >= code.Length) return Truncated(ref r, out truncated);
                        r.ArgNoExtended = code[i + 1];
                    }
                }
                else if (info.HasArg)
                {
                    r.Length = 3;
                    if (i + 2 >= code.Length) return Truncated(ref r, out truncated);
                    r.ArgNoExtended = code[i + 1] | (code[i + 2] << 8);
                }
                else r.Length = 1;

                bool isExt = info.BaseOpCode == _table.ExtendedArg;
                if (info.HasArg)
                {
                    // The prefix's low bits are zero, so + equals dis's | (also for 3.11+ negative prefixes).
                    r.Arg = r.ArgNoExtended + _ext;
                    r.ArgIsLong = _extLong;
                    _ext = isExt ? _s.NextExtendedArg(r.Arg) : 0;
                    _extLong = isExt && _s.Py2LongJumpText;
                }
                else if (_s.ResetExtendedArgOnArgless)
                {
                    _ext = 0;
                }

                if (isExt)
                {
                    if (_firstExt < 0) _firstExt = i;
                    r.StartOffset = i;
                }
                else
                {
                    r.StartOffset = _firstExt < 0 ? i : _firstExt;
                    _firstExt = -1;
                }
                _i = i + r.Length + 2 * info.CacheCount;
                return true;
            }

            private bool Truncated(ref RawInstr r, out bool truncated)
            {
                truncated = true;
                r.HasArg = false;
                r.Length = _code.Length - _i;
                r.StartOffset = _firstExt < 0 ? _i : _firstExt;
                _i = _code.Length;
                return true;
            }
        }

        /// <summary>
        /// The co_code part of <see cref="CodeProblems.Find"/>, on the raw walk (no instruction objects): a cut-off
        /// instruction, opargs past their tables, jumps outside co_code, a trailing EXTENDED_ARG.
        /// </summary>
        internal static void CheckCode(CodeObject code, ProblemSink sink)
        {
            var table = code.Release.Opcodes;
            int length = code.Code.Length;
            var w = new Walker(code.Code, table, code.DecodeRules);
            var check = new CodeCheck(code);
            int operandProblems = 0;
            while (w.Next(out var r, out bool truncated))
            {
                var info = table.OpArray[r.Op];
                // The texts are made only for what is wrong (rarely anything).
                switch (check.Of(ref r, truncated, info))
                {
                    case CodeCheck.Finding.Truncated:
                        sink.AddAlways("co_code", r.Offset, $"{info.Name} at offset {r.Offset} lacks its oparg byte(s): co_code ends after {length} bytes"
                            + " (dis raises IndexError here; PyDis shows it without an argument)", true);
                        break;
                    case CodeCheck.Finding.Operand:
                        if (++operandProblems <= CodeProblems.MaxOperandProblems)
                            sink.AddAlways("co_code", r.Offset, $"{info.Name} at offset {r.Offset}: {check.OperandProblem(ref r, info)} (dis raises IndexError here; PyDis shows the bare oparg)", true);
                        break;
                    case CodeCheck.Finding.Jump:
                        sink.Add("co_code", r.Offset, $"{info.Name} at offset {r.Offset} jumps to {check.JumpTarget(ref r, info)}, outside co_code ({length} bytes)", kind: "jump");
                        break;
                }
            }
            if (operandProblems > CodeProblems.MaxOperandProblems)
                sink.AddAlways("co_code", 0, $"{operandProblems - CodeProblems.MaxOperandProblems} more oparg(s) out of range", true);
            if (check.EndsWithExtendedArg)
                sink.Add("co_code", check.LastOffset, $"co_code ends with EXTENDED_ARG at offset {check.LastOffset}: its prefix applies to no instruction", kind: "extended_arg");
        }

        private static List<long> FindLabelsCore(byte[] code, OpcodeTable table, DecodeRules s)
        {
            var all = new Growable<long>(0);
            JumpTargets(code, table, s, ref all);
            var labels = new List<long>();
            var seen = new HashSet<long>();
            foreach (long target in all.ToArray())
                if (seen.Add(target)) labels.Add(target);
            return labels;
        }

        // findlabels' targets in order, repeats included.
        private static void JumpTargets(byte[] code, OpcodeTable table, DecodeRules s, ref Growable<long> into)
        {
            var w = new Walker(code, table, s);
            while (w.Next(out var r, out _))
            {
                if (!r.HasArg) continue;
                var info = table.OpArray[r.Op];
                if (!IsJump(info.ArgKind)) continue;
                // Before 3.12 findlabels tests the op itself against hasjrel/hasjabs, not its base op.
                if (!s.FindLabelsUsesBaseOp && (info.Flags & (OpcodeFlags.HasJrel | OpcodeFlags.HasJabs)) == 0) continue;
                long arg = s.LabelsIgnoreExtendedArg ? r.ArgNoExtended : r.Arg;
                long target = s.JumpTarget(info.ArgKind, arg, r.Offset, r.Length, info.CacheCount);
                if (s.LabelsIgnoreExtendedArg && target < 0) continue;
                into.Add(target);
            }
        }


        // Jump targets (and the exception-table offsets dis.dis marks), sorted and distinct in the first items of
        // marks (returns how many): instructions walk them with a cursor, and from 3.13 a target's label is its
        // 1-based position.
        internal static int Marks(CodeObject code, DecodeContext facts, DecodeOptions options, OpcodeTable table, DecodeRules s,
            ref Growable<long> marks)
        {
            JumpTargets(code.Code, table, s, ref marks);
            bool numbered = s.ExceptionLabels == ExceptionLabelRule.StartEndTarget;
            var exceptions = facts.ExceptionArray;
            int exceptionCount = facts.ExceptionCount;
            if (s.ExceptionLabels == ExceptionLabelRule.Targets && options.ExceptionTableLabels)
            {
                for (int i = 0; i < exceptionCount; i++)
                    if (exceptions[i].End > exceptions[i].Start) marks.Add(exceptions[i].Target);
            }
            else if (numbered && options.ExceptionTableLabels)
            {
                for (int i = 0; i < exceptionCount; i++)
                {
                    marks.Add(exceptions[i].Start);
                    marks.Add(exceptions[i].End);
                    marks.Add(exceptions[i].Target);
                }
            }
            return LabelMap.SortDistinct(marks.Items, marks.Count);
        }

        // get_instructions' stream: one reader per enumeration, started on the first MoveNext as before.
        private static IEnumerable<Instruction> DecodeCore(CodeObject code, DecodeContext facts, DecodeOptions options, bool reuse)
        {
            var reader = new InstructionReader();
            reader.Start(code, facts, options, reuse ? InstructionReader.Mode.Reuse : InstructionReader.Mode.Fresh);
            while (reader.Next() is Instruction ins) yield return ins;
        }

        private static readonly NumberTextCache SmallInts = new NumberTextCache(8192);

        /// <summary>Decimal text of an int (Python repr); small values are cached, they are most opargs.</summary>
        internal static string IntText(long v)
        {
            return SmallInts.Find(v) ?? SmallInts.Keep(v, v.ToString(CultureInfo.InvariantCulture));
        }
    }
}
