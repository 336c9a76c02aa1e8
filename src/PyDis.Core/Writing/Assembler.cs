using System;
using System.Collections.Generic;
using PyDis.Core.CodeTables;
using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;

namespace PyDis.Core.Writing
{
    /// <summary>
    /// Instructions to co_code and its tables for one version, as that version's compiler lays them out
    /// (Python/compile.c and assemble.c): EXTENDED_ARG prefixes sized to a fixed point with the jumps, jump
    /// arguments encoded per version (absolute or relative, bytes or code units, forward or backward, from the
    /// end of the inline caches from 3.12), inline caches after each instruction (3.11+), the line table and
    /// the 3.11+ exception table. Per-version facts come from the <see cref="OpcodeTable"/>, <see cref="DecodeRules"/>
    /// and <see cref="TableRules"/> of the program's release. Anything the version cannot hold is a <see cref="BytecodeWriteException"/>
    /// naming the instruction.
    /// </summary>
    public static class Assembler
    {
        public static AssembledCode Assemble(AsmProgram program)
        {
            if (program is null) throw new ArgumentNullException(nameof(program));
            var release = program.Release;
            var v = release.Version;
            string? name = program.CodeName;
            var table = release.Opcodes;
            var s = release.Decode;
            var instrs = program.Instructions;
            int n = instrs.Count;

            var labels = PlaceLabels(program);
            var ops = new OpcodeInfo[n];
            var args = new long[n];
            var targets = new int[n];
            var prefixes = new int[n];
            for (int i = 0; i < n; i++)
            {
                var ins = instrs[i] ?? throw new BytecodeWriteException(name, "the instruction is missing (null)", i);
                ops[i] = Resolve(ins, table, name, i);
                targets[i] = -1;
                bool jump = CodeDecoder.IsJump(ops[i].ArgKind) && ops[i].HasArg;
                if (ins.Target != null)
                {
                    if (!jump) throw Fail(name, i, ins, $"{ops[i].Name} is not a jump, so it cannot go to a label");
                    if (!labels.TryGetValue(ins.Target, out targets[i]))
                        throw Fail(name, i, ins, $"jump to label {ins.Target}, which no instruction of the list carries");
                }
                else if (ops[i].HasArg)
                {
                    if (ins.Arg is null) throw Fail(name, i, ins, $"{ops[i].Name} needs an argument" + (jump ? " or a target label" : ""));
                    args[i] = CheckArg(ins.Arg.Value, name, i, ins);
                }
                else
                {
                    long raw = ins.Arg ?? 0;
                    // Wordcode keeps an (ignored) argument byte on every instruction; before 3.6 there is none.
                    if (raw != 0 && (!s.Wordcode || raw < 0 || raw > 255))
                        throw Fail(name, i, ins, s.Wordcode
                            ? $"{ops[i].Name} takes no argument; its argument byte must be 0-255, not {raw}"
                            : $"{ops[i].Name} takes no argument in Python {v}");
                    args[i] = raw;
                }
                if (ins.ExtendedArgs < 0 || ins.ExtendedArgs > 8)
                    throw Fail(name, i, ins, $"{ins.ExtendedArgs} EXTENDED_ARG prefixes asked for (0-8)");
                prefixes[i] = Math.Max(ins.ExtendedArgs, PrefixesFor(ops[i], args[i], s));
            }

            // Lay out until the EXTENDED_ARG prefixes and the jump arguments agree. Sizes only grow, so this ends
            // at the smallest layout that fits, as the compiler's loop does.
            var offsets = new int[n + 1];
            for (int round = 0; ; round++)
            {
                Layout(ops, prefixes, s, offsets);
                bool changed = false;
                for (int i = 0; i < n; i++)
                {
                    if (targets[i] < 0) continue;
                    args[i] = JumpArg(ops[i], i, offsets, prefixes, targets[i], s, name, instrs[i]);
                    int need = Math.Max(prefixes[i], PrefixesFor(ops[i], args[i], s));
                    if (need != prefixes[i]) { prefixes[i] = need; changed = true; }
                }
                if (!changed) break;
                if (round > 4 * n + 8) throw new BytecodeWriteException(name, "the jumps' EXTENDED_ARG prefixes do not settle");
            }

            var code = Emit(instrs, ops, args, prefixes, offsets, table, s, name);
            var opcodeOffsets = new int[n];
            for (int i = 0; i < n; i++) opcodeOffsets[i] = offsets[i] + prefixes[i] * UnitLength(s, true);
            var lineTable = EncodeLines(program, ops, offsets, s, name);
            var exceptionTable = EncodeExceptions(program, labels, offsets, release, name);
            var starts = new int[n];
            Array.Copy(offsets, starts, n);
            return new AssembledCode(code, lineTable, exceptionTable, starts, opcodeOffsets);
        }

        private static BytecodeWriteException Fail(string? name, int i, AsmInstruction ins, string problem) =>
            new BytecodeWriteException(name, problem, i, ins.ToString());

        /// <summary>Label → instruction index (<see cref="AsmProgram.End"/> → count).</summary>
        private static Dictionary<AsmLabel, int> PlaceLabels(AsmProgram p)
        {
            var labels = new Dictionary<AsmLabel, int> { [p.End] = p.Instructions.Count };
            for (int i = 0; i < p.Instructions.Count; i++)
            {
                var l = p.Instructions[i]?.Label;
                if (l is null) continue;
                if (labels.ContainsKey(l))
                    throw new BytecodeWriteException(p.CodeName, $"label {l} is placed twice", i, p.Instructions[i].ToString());
                labels.Add(l, i);
            }
            return labels;
        }

        private static OpcodeInfo Resolve(AsmInstruction ins, OpcodeTable table, string? name, int i)
        {
            int op;
            if (ins.OpCode is int code)
            {
                if (code < 0 || code > 255) throw Fail(name, i, ins, $"opcode {code} is not a byte" + (code > 255 ? " (a pseudo instruction never appears in bytecode)" : ""));
                op = code;
            }
            else
            {
                if (string.IsNullOrEmpty(ins.OpName)) throw Fail(name, i, ins, "neither an opname nor an opcode is given");
                op = table.GetOpcode(ins.OpName!);
                if (op < 0) throw Fail(name, i, ins, $"Python {table.Version} has no opcode named {ins.OpName}");
                if (op > 255) throw Fail(name, i, ins, $"{ins.OpName} is a pseudo instruction of the compiler; it never appears in bytecode");
                if (!table.Ops[op].IsValid) throw Fail(name, i, ins, $"Python {table.Version} has no opcode named {ins.OpName}");
            }
            var info = table.Ops[op];
            if (info.IsValid)
            {
                if (op == table.ExtendedArg)
                    throw Fail(name, i, ins, "EXTENDED_ARG is added by the assembler: give the whole argument to the instruction it extends");
                if (info.CacheCount == 0 && op == 0 && info.Name == "CACHE")
                    throw Fail(name, i, ins, "CACHE entries are added by the assembler after the instruction that owns them");
                if (info.IsSpecialized)
                    throw Fail(name, i, ins, $"{info.Name} is a specialised form the interpreter makes at run time; write {table.Ops[info.BaseOpCode].Name}");
                if (info.Name.StartsWith("INSTRUMENTED_", StringComparison.Ordinal) || info.Name == "ENTER_EXECUTOR")
                    throw Fail(name, i, ins, $"{info.Name} exists only in running code (sys.monitoring, executors); it cannot be loaded from a .pyc");
            }
            return info;
        }

        private static long CheckArg(long arg, string? name, int i, AsmInstruction ins)
        {
            // 3.11+ dis shows a 32-bit argument with the top bit set as negative (a C int); it is the same bits.
            if (arg < 0 && arg >= int.MinValue) arg += 1L << 32;
            if (arg < 0 || arg > uint.MaxValue) throw Fail(name, i, ins, $"argument {ins.Arg} does not fit in 32 bits");
            return arg;
        }

        private static int UnitLength(DecodeRules s, bool hasArg) => s.Wordcode ? 2 : hasArg ? 3 : 1;

        /// <summary>EXTENDED_ARG prefixes the argument needs: one per byte beyond the first (wordcode), one above 16 bits before.</summary>
        private static int PrefixesFor(OpcodeInfo op, long arg, DecodeRules s)
        {
            if (!op.HasArg) return 0;
            if (!s.Wordcode) return arg > 0xFFFF ? 1 : 0;
            return (arg > 0xFF ? 1 : 0) + (arg > 0xFFFF ? 1 : 0) + (arg > 0xFFFFFF ? 1 : 0);
        }

        private static int Size(OpcodeInfo op, int prefixes, DecodeRules s) =>
            prefixes * UnitLength(s, true) + UnitLength(s, op.HasArg) + 2 * op.CacheCount;

        private static void Layout(OpcodeInfo[] ops, int[] prefixes, DecodeRules s, int[] offsets)
        {
            int at = 0;
            for (int i = 0; i < ops.Length; i++)
            {
                offsets[i] = at;
                at += Size(ops[i], prefixes[i], s);
            }
            offsets[ops.Length] = at;
        }

        /// <summary>The argument that makes instruction <paramref name="i"/> jump to instruction <paramref name="target"/> (the inverse of <see cref="DecodeRules.JumpTarget"/>).</summary>
        private static long JumpArg(OpcodeInfo op, int i, int[] offsets, int[] prefixes, int target, DecodeRules s, string? name, AsmInstruction ins)
        {
            long to = offsets[target];
            int unit = s.JumpUnitBytes;
            long delta;
            if (op.ArgKind == ArgKind.JumpAbsolute) delta = to;
            else
            {
                long opcodeAt = offsets[i] + prefixes[i] * UnitLength(s, true);
                long next = opcodeAt + UnitLength(s, true) + (s.JumpRelativeToCacheEnd ? 2L * op.CacheCount : 0);
                delta = op.ArgKind == ArgKind.JumpForward ? to - next : next - to;
                if (delta < 0)
                    throw Fail(name, i, ins, op.ArgKind == ArgKind.JumpForward
                        ? $"{op.Name} jumps forward only, but its target {ins.Target} (offset {to}) lies before the next instruction (offset {next})"
                        : $"{op.Name} jumps backward only, but its target {ins.Target} (offset {to}) lies after it");
            }
            if (delta % unit != 0) throw Fail(name, i, ins, $"the jump distance {delta} is not a whole number of {unit}-byte units");
            long arg = delta / unit;
            if (arg > uint.MaxValue) throw Fail(name, i, ins, $"the jump argument {arg} does not fit in 32 bits");
            return arg;
        }

        private static byte[] Emit(List<AsmInstruction> instrs, OpcodeInfo[] ops, long[] args, int[] prefixes, int[] offsets,
            OpcodeTable table, DecodeRules s, string? name)
        {
            var code = new byte[offsets[ops.Length]];
            int ext = table.ExtendedArg;
            for (int i = 0; i < ops.Length; i++)
            {
                int at = offsets[i];
                long arg = args[i];
                int k = prefixes[i];
                int bits = s.Wordcode ? 8 : 16;
                for (int j = k; j >= 1; j--)
                {
                    long part = (arg >> (bits * j)) & (s.Wordcode ? 0xFF : 0xFFFF);
                    at = WriteUnit(code, at, ext, part, true, s);
                }
                at = WriteUnit(code, at, ops[i].Code, arg & (s.Wordcode ? 0xFF : 0xFFFF), ops[i].HasArg, s);
                int cacheBytes = 2 * ops[i].CacheCount;
                var data = instrs[i].CacheData;
                if (data != null && data.Length == cacheBytes) Buffer.BlockCopy(data, 0, code, at, cacheBytes);
                else if (data != null && data.Length != 0 && !AllZero(data))
                    throw Fail(name, i, instrs[i], $"{data.Length} bytes of cache data given; {ops[i].Name} has {cacheBytes}");
            }
            return code;
        }

        private static bool AllZero(byte[] data)
        {
            foreach (var b in data) if (b != 0) return false;
            return true;
        }

        private static int WriteUnit(byte[] code, int at, int op, long arg, bool hasArg, DecodeRules s)
        {
            code[at++] = (byte)op;
            if (s.Wordcode) code[at++] = (byte)arg;
            else if (hasArg)
            {
                code[at++] = (byte)arg;
                code[at++] = (byte)(arg >> 8);
            }
            return at;
        }

        private static byte[] EncodeLines(AsmProgram p, OpcodeInfo[] ops, int[] offsets, DecodeRules s, string? name)
        {
            var rules = p.Release.Tables;
            var locs = new List<InstrLocation>(ops.Length);
            AsmLocation current = new AsmLocation(p.FirstLineNo);
            bool columns = rules.HasPositions;
            for (int i = 0; i < ops.Length; i++)
            {
                var ins = p.Instructions[i];
                if (ins.Location != null) current = ins.Location;
                if (current.Line is null && rules.IsLnotab)
                    throw Fail(name, i, ins, $"Python {p.Version}'s co_lnotab cannot express an instruction without a line");
                int line = current.Line ?? -1;
                if (ins.PassedLines != null && rules.IsLnotab)
                    foreach (int passed in ins.PassedLines) locs.Add(new InstrLocation(offsets[i], 0, passed, passed, -1, -1, true));
                locs.Add(new InstrLocation(offsets[i], offsets[i + 1] - offsets[i], line,
                    columns ? current.EndLine ?? -1 : line, columns ? current.Column ?? -1 : -1, columns ? current.EndColumn ?? -1 : -1,
                    ins.StartsLine));
            }
            if (p.LinesAtEnd != null && rules.IsLnotab)
                foreach (int passed in p.LinesAtEnd) locs.Add(new InstrLocation(offsets[ops.Length], 0, passed, passed, -1, -1, true));
            try
            {
                return LineTableWriter.Encode(locs, p.FirstLineNo, offsets[ops.Length], rules);
            }
            catch (BytecodeWriteException e) when (e.CodeName is null)
            {
                throw new BytecodeWriteException(name, e.Problem);
            }
        }

        private static byte[] EncodeExceptions(AsmProgram p, Dictionary<AsmLabel, int> labels, int[] offsets, Release release, string? name)
        {
            if (!release.Tables.HasExceptionTable)
            {
                if (p.ExceptionEntries.Count > 0)
                    throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no exception table (handlers are SETUP_* instructions there)");
                return Array.Empty<byte>();
            }
            var entries = new ExceptionEntry[p.ExceptionEntries.Count];
            for (int k = 0; k < entries.Length; k++)
            {
                var e = p.ExceptionEntries[k];
                int start = Offset(e.Start), end = Offset(e.End), target = Offset(e.Target);
                if (end < start) throw new BytecodeWriteException(name, $"exception entry {k} ({e}) ends before it starts");
                if (target >= offsets[offsets.Length - 1]) throw new BytecodeWriteException(name, $"exception entry {k} ({e}) has its handler at the end of the code");
                if (e.Depth < 0) throw new BytecodeWriteException(name, $"exception entry {k} ({e}) has a negative stack depth");
                entries[k] = new ExceptionEntry(start, end, target, e.Depth, e.Lasti);

                int Offset(AsmLabel l)
                {
                    if (l is null || !labels.TryGetValue(l, out int index))
                        throw new BytecodeWriteException(name, $"exception entry {k} ({e}) refers to label {l}, which no instruction of the list carries");
                    return offsets[index];
                }
            }
            try
            {
                return ExceptionTableWriter.Encode(entries);
            }
            catch (BytecodeWriteException x) when (x.CodeName is null)
            {
                throw new BytecodeWriteException(name, x.Problem);
            }
        }
    }
}
