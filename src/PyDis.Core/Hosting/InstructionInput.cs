using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.Model;
using PyDis.Core.Records;
using PyDis.Core.Releases;
using PyDis.Core.Writing;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Turns what a user hands in — instruction records from Get-PyInstruction (edited or not), dictionaries
    /// (hashtables) and <see cref="AsmInstruction"/>s, in any mix — into an <see cref="AsmProgram"/>.
    /// <list type="bullet">
    /// <item>Records: EXTENDED_ARG rows fold into the next instruction, CACHE rows are dropped (the assembler
    /// writes caches), a jump goes to the instruction that had its JumpTarget offset; the line (≤3.10) or
    /// the four positions (3.11+) come from the record.</item>
    /// <item>Dictionaries: OpName or OpCode; Arg; Target (a label name, or the offset of an instruction of the
    /// list); Label (a name); Line, EndLine, Column, EndColumn (a missing location means the one before);
    /// StartsLine.</item>
    /// <item>With the code object being replaced (<paramref name="baseCode"/> of <see cref="ToProgram"/>), an
    /// input instruction at one of its offsets keeps what the code object had beyond the record: EXTENDED_ARG
    /// padding, cache bytes, and — while its location is unchanged — its line-table events; its 3.11+
    /// exception-table entries follow the instructions they started, ended and handled at.</item>
    /// </list>
    /// </summary>
    public static class InstructionInput
    {
        private sealed class Item
        {
            public AsmInstruction Ins = new AsmInstruction();
            public int? OrigStart, OrigOffset;
            public long? JumpOffset;
            public string? TargetName, LabelName;
            public object? Source;
        }

        /// <param name="items">The instructions, in order.</param>
        /// <param name="release">The release to assemble for.</param>
        /// <param name="baseCode">The code object whose instructions these replace (offsets in records refer to it), or null.</param>
        /// <param name="exceptionEntries">3.11+ exception entries (Get-PyExceptionTable records or dictionaries with Start, End, Target, Depth, Lasti); null keeps <paramref name="baseCode"/>'s.</param>
        /// <param name="unwrap">Turns a host wrapper (PowerShell's PSObject) into the object it wraps.</param>
        /// <param name="codeName">The code object's name for messages.</param>
        public static AsmProgram ToProgram(IEnumerable<object?> items, Release release, CodeObject? baseCode,
            IEnumerable<object?>? exceptionEntries = null, Func<object?, object?>? unwrap = null, string? codeName = null)
        {
            if (items is null) throw new ArgumentNullException(nameof(items));
            if (release is null) throw new ArgumentNullException(nameof(release));
            unwrap ??= x => x;
            if (baseCode != null && baseCode.Release != release)
                throw new BytecodeWriteException(codeName, $"instructions for Python {release.Version} cannot replace a Python {baseCode.Version} code object");
            var program = new AsmProgram(release, baseCode?.FirstLineNo ?? 1) { CodeName = codeName };
            AsmProgram? basis = baseCode != null ? ProgramReader.Read(baseCode, codeName) : null;
            var baseByStart = new Dictionary<int, AsmInstruction>();
            if (basis != null)
                foreach (var b in basis.Instructions) baseByStart[b.SourceStartOffset!.Value] = b;

            var list = new List<Item>();
            Dictionary<int, Decoding.Instruction>? shown = null;
            int prefixes = 0, index = 0;
            foreach (var raw in items)
            {
                var o = unwrap(raw);
                Item item;
                switch (o)
                {
                    case null:
                        throw new BytecodeWriteException(codeName, "the instruction is missing (null)", index);
                    case AsmInstruction a:
                        item = new Item { Ins = a.Clone(), OrigStart = a.SourceStartOffset, OrigOffset = a.SourceOffset };
                        break;
                    case PyInstruction r:
                        if (IsCacheRow(release, r)) { index++; continue; }
                        if (IsExtendedArg(release, r)) { prefixes++; index++; continue; }
                        item = FromRecord(r, release);
                        item.Ins.ExtendedArgs = prefixes;
                        break;
                    case IDictionary d:
                        item = FromDictionary(d, release, unwrap, codeName, index);
                        break;
                    default:
                        throw new BytecodeWriteException(codeName, $"a {o.GetType().Name} is not an instruction: give Get-PyInstruction records, hashtables (OpName, Arg, Target, Label, Line, …) or AsmInstruction objects", index);
                }
                prefixes = 0;
                item.Source = o;
                if (item.OrigStart is int start && baseByStart.TryGetValue(start, out var basic) && basic.SourceOffset == (item.OrigOffset ?? basic.SourceOffset))
                {
                    // A record shows the line dis shows (before 3.11 the line in effect, even where the table has none):
                    // unchanged means equal to what the record showed for this instruction.
                    bool unchangedLocation = o is PyInstruction rec
                        ? SameAsShown(rec, (shown ??= ShownLocations(baseCode!)), basic.SourceOffset!.Value)
                        : item.Ins.Location is null || (basic.Location != null && SameLocation(item.Ins.Location, basic.Location, release));
                    KeepBaseFacts(item.Ins, basic, unchangedLocation);
                }
                list.Add(item);
                index++;
            }

            ResolveLabels(list, program, baseCode, codeName);
            foreach (var item in list) program.Instructions.Add(item.Ins);
            if (basis != null)
            {
                program.LinesAtEnd = basis.LinesAtEnd;
                if (exceptionEntries is null) CarryExceptionEntries(basis, list, program, codeName);
            }
            if (exceptionEntries != null) ReadExceptionEntries(exceptionEntries, list, program, unwrap, codeName);
            return program;
        }

        // show_caches rows (3.11-3.12): the assembler writes the caches itself.
        private static bool IsCacheRow(Release release, PyInstruction r) =>
            r.OpName == "CACHE" && release.Opcodes.GetOpcode("CACHE") == r.OpCode;

        private static bool IsExtendedArg(Release release, PyInstruction r) =>
            r.OpName == "EXTENDED_ARG" || (r.OpCode == release.Opcodes.ExtendedArg && r.IsValid && r.OpName == release.Opcodes.Ops[r.OpCode].Name);

        private static Item FromRecord(PyInstruction r, Release release)
        {
            var ins = new AsmInstruction { OpName = r.OpName, Arg = r.Arg };
            if (!r.IsValid) { ins.OpCode = r.OpCode; }
            if (release.Tables.HasPositions)
                ins.Location = new AsmLocation(r.LineNumber, r.EndLineNumber, r.ColOffset, r.EndColOffset);
            else
            {
                ins.Location = r.LineNumber is null ? AsmLocation.None : new AsmLocation(r.LineNumber);
                ins.StartsLine = r.StartsLine != null;
            }
            return new Item { Ins = ins, OrigStart = r.StartOffset, OrigOffset = r.Offset, JumpOffset = r.JumpTarget };
        }

        private static Item FromDictionary(IDictionary d, Release release, Func<object?, object?> unwrap, string? codeName, int index)
        {
            var item = new Item();
            var ins = item.Ins;
            int? line = null, endLine = null, column = null, endColumn = null;
            bool located = false;
            foreach (DictionaryEntry e in d)
            {
                string key = Convert.ToString(unwrap(e.Key), CultureInfo.InvariantCulture) ?? "";
                object? v = unwrap(e.Value);
                switch (key.ToLowerInvariant())
                {
                    case "opname": ins.OpName = Text(v, key); break;
                    case "opcode": ins.OpCode = Int(v, key); break;
                    case "arg": ins.Arg = v is null ? (long?)null : Long(v, key); break;
                    case "target":
                    case "jumptarget":
                        if (v is string s) item.TargetName = s;
                        else if (v is AsmLabel l) ins.Target = l;
                        else if (v != null) item.JumpOffset = Long(v, key);
                        break;
                    case "label":
                        if (v is AsmLabel label) ins.Label = label;
                        else if (v != null) item.LabelName = Text(v, key);
                        break;
                    case "line": case "linenumber": line = NullableInt(v, key); located = true; break;
                    case "endline": case "endlinenumber": endLine = NullableInt(v, key); located = true; break;
                    case "column": case "coloffset": column = NullableInt(v, key); located = true; break;
                    case "endcolumn": case "endcoloffset": endColumn = NullableInt(v, key); located = true; break;
                    case "startsline": ins.StartsLine = v is bool b ? b : v != null; break;
                    case "extendedargs": ins.ExtendedArgs = Int(v, key); break;
                    case "offset": item.OrigOffset = NullableInt(v, key); break;
                    case "startoffset": item.OrigStart = NullableInt(v, key); break;
                    default:
                        throw new BytecodeWriteException(codeName, $"unknown key '{key}' (use OpName or OpCode, Arg, Target, Label, Line, EndLine, Column, EndColumn, StartsLine)", index);
                }

                string Text(object? x, string k) => x as string ?? throw new BytecodeWriteException(codeName, $"{k} must be a string", index);
            }
            item.OrigStart ??= item.OrigOffset;
            if (located)
            {
                ins.Location = release.Tables.HasPositions ? new AsmLocation(line, endLine, column, endColumn) : line is null ? AsmLocation.None : new AsmLocation(line);
                if (!release.Tables.HasPositions) ins.StartsLine |= !d.Contains("StartsLine");
            }
            return item;

            int Int(object? x, string k) => (int)Long(x, k);
            int? NullableInt(object? x, string k) => x is null ? (int?)null : (int)Long(x, k);
            long Long(object? x, string k)
            {
                try { return Convert.ToInt64(x, CultureInfo.InvariantCulture); }
                catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
                {
                    throw new BytecodeWriteException(codeName, $"{k} must be a number, not '{x}'", index);
                }
            }
        }

        /// <summary>What the replaced code object knew about this instruction and a record cannot carry.</summary>
        private static void KeepBaseFacts(AsmInstruction ins, AsmInstruction basic, bool unchangedLocation)
        {
            if (ins.OpCode == null && ins.OpName == basic.OpName || ins.OpCode == basic.OpCode)
            {
                ins.CacheData ??= basic.CacheData;
                // dis shows no argument for an opcode without one, but its (ignored) byte may be set (3.10's ROT_TWO 2).
                ins.Arg ??= basic.Arg;
            }
            ins.ExtendedArgs = Math.Max(ins.ExtendedArgs, basic.ExtendedArgs);
            ins.SourceOffset ??= basic.SourceOffset;
            ins.SourceStartOffset ??= basic.SourceStartOffset;
            if (unchangedLocation)
            {
                ins.Location = basic.Location;
                ins.StartsLine = basic.StartsLine;
                ins.PassedLines = basic.PassedLines;
            }
        }

        private static bool SameLocation(AsmLocation a, AsmLocation b, Release release) =>
            release.Tables.HasPositions ? a.Equals(b) : a.Line == b.Line;

        /// <summary>The instructions of the replaced code object as Get-PyInstruction shows them, by offset.</summary>
        private static Dictionary<int, Decoding.Instruction> ShownLocations(CodeObject code)
        {
            var byOffset = new Dictionary<int, Decoding.Instruction>();
            foreach (var i in Decoding.CodeDecoder.Decode(code)) byOffset[i.Offset] = i;
            return byOffset;
        }

        private static bool SameAsShown(PyInstruction r, Dictionary<int, Decoding.Instruction> shown, int offset)
        {
            if (!shown.TryGetValue(offset, out var i)) return false;
            var p = i.Positions;
            int? line = i.Code!.Release.Decode.LineIsPositionsLine ? p.LineNumber : i.LineNumber;
            if (r.LineNumber != line) return false;
            return !i.Code.Release.Tables.HasPositions
                || (r.EndLineNumber == p.EndLineNumber && r.ColOffset == p.ColOffset && r.EndColOffset == p.EndColOffset);
        }

        private static void ResolveLabels(List<Item> list, AsmProgram program, CodeObject? baseCode, string? codeName)
        {
            var byStart = new Dictionary<long, int>();
            var byOffset = new Dictionary<long, int>();
            var names = new Dictionary<string, AsmLabel>(StringComparer.Ordinal);
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].OrigStart is int s && !byStart.ContainsKey(s)) byStart[s] = i;
                if (list[i].OrigOffset is int o && !byOffset.ContainsKey(o)) byOffset[o] = i;
                if (list[i].LabelName is string n)
                {
                    if (names.ContainsKey(n)) throw new BytecodeWriteException(codeName, $"label '{n}' is placed twice", i, list[i].Ins.ToString());
                    list[i].Ins.Label = names[n] = new AsmLabel(n);
                }
            }
            for (int i = 0; i < list.Count; i++)
            {
                var item = list[i];
                if (item.TargetName != null)
                {
                    if (!names.TryGetValue(item.TargetName, out var l))
                        throw new BytecodeWriteException(codeName, $"jump to label '{item.TargetName}', which no instruction of the list carries", i, item.Ins.ToString());
                    item.Ins.Target = l;
                }
                else if (item.JumpOffset is long t)
                {
                    if (byStart.TryGetValue(t, out int k) || byOffset.TryGetValue(t, out k)) item.Ins.Target = LabelOf(list[k].Ins);
                    else if (baseCode != null && t == baseCode.Code.Length) item.Ins.Target = program.End;
                    else throw new BytecodeWriteException(codeName, $"jump to offset {t}, where no instruction of the list starts (was it removed?)", i, item.Ins.ToString());
                }
            }
        }

        private static AsmLabel LabelOf(AsmInstruction ins) => ins.Label ??= new AsmLabel();

        /// <summary>The replaced code object's exception entries, anchored at the instructions that are still there.</summary>
        private static void CarryExceptionEntries(AsmProgram basis, List<Item> list, AsmProgram program, string? codeName)
        {
            if (basis.ExceptionEntries.Count == 0) return;
            // Where each of the base program's labels sits (an original start offset, or the end).
            var labelStart = new Dictionary<AsmLabel, int>();
            foreach (var b in basis.Instructions)
                if (b.Label != null) labelStart[b.Label] = b.SourceStartOffset!.Value;
            var sorted = new List<(int Start, int Index)>();
            for (int i = 0; i < list.Count; i++)
                if (list[i].OrigStart is int s) sorted.Add((s, i));

            AsmLabel Anchor(AsmLabel l, bool handler, int entry)
            {
                if (l == basis.End) return program.End;
                int start = labelStart[l];
                foreach (var (s, i) in sorted)
                    if (s == start || (!handler && s > start)) return LabelOf(list[i].Ins);
                if (handler) throw new BytecodeWriteException(codeName, $"the handler of exception entry {entry} (offset {start}) is no longer in the instructions; give the exception entries too");
                return program.End;
            }

            for (int k = 0; k < basis.ExceptionEntries.Count; k++)
            {
                var e = basis.ExceptionEntries[k];
                program.ExceptionEntries.Add(new AsmExceptionEntry(Anchor(e.Start, false, k), Anchor(e.End, false, k), Anchor(e.Target, true, k), e.Depth, e.Lasti));
            }
        }

        private static void ReadExceptionEntries(IEnumerable<object?> entries, List<Item> list, AsmProgram program, Func<object?, object?> unwrap, string? codeName)
        {
            var byStart = new Dictionary<long, int>();
            var names = new Dictionary<string, AsmLabel>(StringComparer.Ordinal);
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].OrigStart is int s && !byStart.ContainsKey(s)) byStart[s] = i;
                if (list[i].Ins.Label?.Name is string n) names[n] = list[i].Ins.Label!;
            }
            int k = 0;
            foreach (var raw in entries)
            {
                var o = unwrap(raw);
                object? start, end, target;
                int depth;
                bool lasti;
                switch (o)
                {
                    case AsmExceptionEntry a:
                        program.ExceptionEntries.Add(a);
                        k++;
                        continue;
                    case PyExceptionTableEntry r:
                        start = r.Start; end = r.End; target = r.Target; depth = r.Depth; lasti = r.Lasti;
                        break;
                    case IDictionary d:
                        start = unwrap(Get(d, "Start")); end = unwrap(Get(d, "End")); target = unwrap(Get(d, "Target"));
                        depth = Convert.ToInt32(unwrap(Get(d, "Depth")) ?? 0, CultureInfo.InvariantCulture);
                        lasti = Convert.ToBoolean(unwrap(Get(d, "Lasti")) ?? false, CultureInfo.InvariantCulture);
                        break;
                    default:
                        throw new BytecodeWriteException(codeName, $"exception entry {k}: a {o?.GetType().Name ?? "null"} is not an exception entry (give Get-PyExceptionTable records or hashtables with Start, End, Target, Depth, Lasti)");
                }
                program.ExceptionEntries.Add(new AsmExceptionEntry(Label(start, "Start"), Label(end, "End"), Label(target, "Target"), depth, lasti));
                k++;

                AsmLabel Label(object? at, string what)
                {
                    if (at is AsmLabel l) return l;
                    if (at is string n)
                        return names.TryGetValue(n, out var named) ? named
                            : throw new BytecodeWriteException(codeName, $"exception entry {k}: {what} is label '{n}', which no instruction carries");
                    if (at is null) throw new BytecodeWriteException(codeName, $"exception entry {k}: no {what}");
                    long offset = Convert.ToInt64(at, CultureInfo.InvariantCulture);
                    if (byStart.TryGetValue(offset, out int i)) return LabelOf(list[i].Ins);
                    // An end past the last instruction given is the end of the code.
                    if (what == "End" && AllBefore(offset)) return program.End;
                    throw new BytecodeWriteException(codeName, $"exception entry {k}: {what} offset {offset} is not the offset of an instruction of the list");
                }
            }

            bool AllBefore(long offset)
            {
                foreach (var s in byStart.Keys) if (s >= offset) return false;
                return true;
            }

            object? Get(IDictionary d, string key)
            {
                foreach (DictionaryEntry e in d)
                    if (string.Equals(Convert.ToString(unwrap(e.Key), CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase)) return e.Value;
                return null;
            }
        }
    }
}
