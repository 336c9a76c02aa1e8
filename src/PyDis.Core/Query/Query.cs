using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using PyDis.Core.CodeTables;
using PyDis.Core.Decoding;
using PyDis.Core.Flow;
using PyDis.Core.Formatting;
using PyDis.Core.Hosting;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;
using PyDis.Core.Pyc;
using PyDis.Core.Records;
using PyDis.Core.Releases;
using PyDis.Core.Writing;

namespace PyDis.Core
{
    /// <summary>
    /// What the PowerShell cmdlets call: one method per cmdlet, each walking the input's code objects
    /// (<see cref="PycInput.Walk"/>) and turning what the engine says about them into records. Stateless,
    /// so several runspaces may use it at once. Loading is <see cref="PycLoader"/>'s.
    /// </summary>
    public static class Query
    {
        private static readonly DecodeOptions ShowCachesOptions = new DecodeOptions(showCaches: true);

        /// <summary>Get-PyPycInfo: the pyc header.</summary>
        public static PycInfo GetPycInfo(PycInput input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            var header = input.Header
                ?? throw new ArgumentException("a piped code object has no pyc header; pass the file instead", nameof(input));
            return PycInfo.From(header, input.Path);
        }

        /// <summary>Get-PyInstruction: dis.get_instructions of every code object (3.11-3.12 CACHE rows with ShowCaches).</summary>
        public static IEnumerable<PyInstruction> GetInstructions(PycInput input, InstructionOptions options)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (options is null) throw new ArgumentNullException(nameof(options));
            var decode = options.ShowCaches ? ShowCachesOptions : DecodeOptions.GetInstructions;
            foreach (var walked in input.Walk(input.DefaultDepth(options.Depth)))
            {
                var ctx = new CodeContext(walked, input.Path);
                // One reused Instruction: each record copies its fields before the next is decoded.
                foreach (var i in CodeDecoder.DecodeReused(walked.Code, decode))
                {
                    if (options.OpNameFilter != null && !options.OpNameFilter(i.OpName)) continue;
                    yield return PyInstruction.From(i, ctx);
                }
            }
        }

        /// <summary>ConvertFrom-PyBytecode: bare co_code decoded as dis.dis(bytes) does (no constants, names or line table).</summary>
        public static IEnumerable<PyInstruction> ConvertFromBytecode(byte[] code, PyVersion version, bool showCaches)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var co = BareCode(code, version);
            var ctx = new CodeContext(new WalkedCode(co, ""), null);
            foreach (var i in CodeDecoder.Decode(co, showCaches ? ShowCachesOptions : DecodeOptions.GetInstructions))
                yield return PyInstruction.From(i, ctx);
        }

        /// <summary>
        /// ConvertFrom-PyBytecode: what in bare co_code the version's dis copes with (a warning) or raises on
        /// (<see cref="CodeProblem.DisFails"/>: an instruction cut off by the end), as <see cref="CodeProblems"/> finds it.
        /// </summary>
        public static IReadOnlyList<CodeProblem> BytecodeProblems(byte[] code, PyVersion version)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return CodeProblems.Find(BareCode(code, version));
        }

        private static CodeObject BareCode(byte[] code, PyVersion version) =>
            new CodeObject(version) { Code = code, Name = "", Filename = "", BareBytecode = true };

        /// <summary>Show-PyCode: dis.dis (or code_info) text as lines, without line terminators.</summary>
        public static IEnumerable<string> ShowCode(PycInput input, ShowCodeOptions options)
        {
            var text = ShowCodeText(input, options);
            if (text.Length == 0) yield break;
            if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
            foreach (var line in text.Split('\n')) yield return line;
        }

        /// <summary>
        /// Show-PyCode -Raw: dis.dis text (or, with Info, code_info of every code object) of the input, exactly as
        /// its release prints it, lines ending in '\n'. Options the release's dis lacks are left out
        /// (<see cref="IgnoredShowOptions"/> names them).
        /// </summary>
        public static string ShowCodeText(PycInput input, ShowCodeOptions options)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (options is null) throw new ArgumentNullException(nameof(options));
            var release = input.Release;
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            if (options.Info)
            {
                if (!release.Format.HasCodeInfo) throw new NotSupportedException(CodeInfoFormatter.NoCodeInfo(release));
                CodeInfoFormatter.WriteAll(input.Code, sw);
                return sw.ToString();
            }
            var dis = ToDisOptions(options);
            foreach (var feature in dis.Unsupported(release))
            {
                if (feature == DisFeature.ShowCaches) dis.ShowCaches = false;
                else if (feature == DisFeature.ShowOffsets) dis.ShowOffsets = false;
                else if (feature == DisFeature.ShowPositions) dis.ShowPositions = false;
                else dis.Depth = null;
            }
            new DisFormatter(release, dis).Write(input.Code, sw);
            return sw.ToString();
        }

        /// <summary>The dis.dis keywords in <paramref name="options"/> that <paramref name="version"/>'s dis does not have, as "ShowCaches (Python 3.11+)".</summary>
        public static IReadOnlyList<string> IgnoredShowOptions(PyVersion version, ShowCodeOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            var ignored = new List<string>();
            if (options.Info) return ignored;
            foreach (var feature in ToDisOptions(options).Unsupported(ReleaseRegistry.Supported.Get(version)))
                ignored.Add($"{feature} (Python {DisOptions.Since(feature)}+)");
            return ignored;
        }

        private static DisOptions ToDisOptions(ShowCodeOptions o) => new DisOptions
        {
            ShowCaches = o.ShowCaches, ShowOffsets = o.ShowOffsets, ShowPositions = o.ShowPositions, Depth = o.Depth,
        };

        /// <summary>Get-PyLineStart: dis.findlinestarts of every code object.</summary>
        public static IEnumerable<PyLineStart> GetLineStarts(PycInput input, int? depth)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(input.DefaultDepth(depth)))
            {
                var ctx = new CodeContext(walked, input.Path);
                foreach (var start in LineTable.FindLineStarts(walked.Code))
                    yield return PyLineStart.From(start, ctx);
            }
        }

        /// <summary>
        /// Get-PyCodeObject: every code object, parent first; <paramref name="nameFilter"/> matches co_name, the
        /// qualified name (co_qualname, or before 3.11 the one CPython's compiler gives) or the code path.
        /// </summary>
        public static IEnumerable<PyCodeObject> GetCodeObjects(PycInput input, Func<string, bool>? nameFilter)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(null))
            {
                var ctx = new CodeContext(walked, input.Path);
                if (nameFilter != null && !nameFilter(walked.Code.Name) && !(ctx.QualName != null && nameFilter(ctx.QualName))
                    && !nameFilter(walked.Path))
                    continue;
                yield return PyCodeObject.From(ctx, input.Header);
            }
        }

        /// <summary>Get-PyConstant: every co_consts entry of every code object.</summary>
        public static IEnumerable<PyConstant> GetConstants(PycInput input, int? depth)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(input.DefaultDepth(depth)))
            {
                var ctx = new CodeContext(walked, input.Path);
                for (int i = 0; i < walked.Code.Consts.Length; i++)
                    yield return PyConstant.From(ctx, i);
            }
        }

        /// <summary>Get-PyExceptionTable: the 3.11+ exception-table entries of every code object, with 3.13+ dis labels.</summary>
        public static IEnumerable<PyExceptionTableEntry> GetExceptionTable(PycInput input, int? depth)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(input.DefaultDepth(depth)))
            {
                var entries = ExceptionTable.Parse(walked.Code);
                if (entries.Length == 0) continue;
                var labels = LabelMap.OfDisassembly(walked.Code, entries);
                var ctx = new CodeContext(walked, input.Path);
                foreach (var e in entries)
                    yield return PyExceptionTableEntry.From(e, labels, ctx);
            }
        }

        /// <summary>
        /// Measure-PyStackEffect: for each code object one <see cref="PyStackEffect"/> per instruction along the
        /// compiler's stack-depth walk (unless Summary), then its <see cref="PyStackDepth"/> against co_stacksize.
        /// A release without an opcode table (3.0-3.5) raises its NotSupportedException.
        /// </summary>
        public static IEnumerable<object> MeasureStackEffects(PycInput input, StackEffectOptions options)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (options is null) throw new ArgumentNullException(nameof(options));
            foreach (var walked in input.Walk(input.DefaultDepth(options.Depth)))
            {
                var check = StackCheck.Check(ControlFlowGraph.Build(walked.Code));
                var ctx = new CodeContext(walked, input.Path);
                if (!options.Summary)
                    for (int i = 0; i < check.Walk!.Graph.Instructions.Count; i++)
                        yield return PyStackEffect.From(check.Walk, i, ctx);
                yield return PyStackDepth.From(check, ctx);
            }
        }

        /// <summary>
        /// Measure-PyStackEffect -OpName/-Opcode: dis.stack_effect of one opcode (by name or number) of
        /// <paramref name="version"/>. Throws <see cref="StackEffectException"/> where CPython raises,
        /// ArgumentException for an unknown name or a release without a table.
        /// </summary>
        public static PyOpcodeStackEffect StackEffectOf(PyVersion version, string? opName, int? opcode, int? arg, bool? jump)
        {
            var table = StackEffect.Table(version);
            int code = opcode ?? table.OpcodeOf(opName ?? throw new ArgumentNullException(nameof(opName)));
            if (code < 0) throw new ArgumentException($"Python {version} has no opcode named {opName}.", nameof(opName));
            var jumpCase = jump is null ? JumpCase.Either : jump.Value ? JumpCase.Taken : JumpCase.NotTaken;
            return new PyOpcodeStackEffect
            {
                PythonVersion = version.AsSystemVersion(), OpName = table.NameOf(code) ?? "<" + code.ToString(CultureInfo.InvariantCulture) + ">",
                OpCode = code, Arg = arg, Jump = jump, Effect = StackEffect.Of(version, code, arg, jumpCase),
            };
        }

        /// <summary>Get-PyBasicBlock: the basic blocks of every code object, with the compiler's entry depths.</summary>
        public static IEnumerable<PyBasicBlock> GetBasicBlocks(PycInput input, int? depth)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(input.DefaultDepth(depth)))
            {
                var walk = StackDepthWalk.Run(ControlFlowGraph.Build(walked.Code));
                var ctx = new CodeContext(walked, input.Path);
                foreach (var b in walk.Graph.Blocks)
                    yield return PyBasicBlock.From(walk, b, ctx);
            }
        }

        /// <summary>Get-PyBasicBlock -As Dot|Mermaid: every code object's graph as text, titled with its code path.</summary>
        public static IEnumerable<string> GetFlowGraphs(PycInput input, int? depth, GraphFormat format)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            foreach (var walked in input.Walk(input.DefaultDepth(depth)))
                yield return FlowGraphText(walked.Code, walked.Path, format);
        }

        /// <summary>One code object's graph as DOT or Mermaid text, with the entry depths of the compiler's walk.</summary>
        public static string FlowGraphText(CodeObject code, string title, GraphFormat format)
        {
            var graph = ControlFlowGraph.Build(code);
            return GraphWriter.Write(graph, format, title, StackDepthWalk.Run(graph));
        }

        /// <summary>Get-PyOpcode: a release's opcode table (nothing for a release without one, or one PyDis does not read).</summary>
        public static IEnumerable<PyOpcode> GetOpcodes(PyVersion version, Func<string, bool>? nameFilter)
        {
            if (!ReleaseRegistry.Supported.TryGet(version, out var release)) yield break;
            var table = release.Opcodes;
            foreach (var op in table.Ops)
            {
                if (!op.IsValid || (nameFilter != null && !nameFilter(op.Name))) continue;
                yield return PyOpcode.From(op, table);
            }
        }

        // ---- the writers -----------------------------------------------------------------------------

        /// <summary>
        /// Edit-PyCodeObject: the change <paramref name="makeChange"/> makes for the code object at
        /// <paramref name="codePath"/> of the input's tree (null: the input itself), applied; the record of the new
        /// code object, whose tree (Parent chain) is new up to its top level.
        /// </summary>
        public static PyCodeObject EditCodeObject(PyCodeObject input, string? codePath, Func<CodeObject, CodeChange> makeChange)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (makeChange is null) throw new ArgumentNullException(nameof(makeChange));
            var code = input.GetCodeObject();
            var target = codePath is null ? code : CodeEditor.Find(CodeEditor.Root(code), codePath);
            var change = makeChange(target);
            var edited = codePath is null ? CodeEditor.Apply(code, change) : CodeEditor.Apply(CodeEditor.Root(code), codePath, change);
            int level = 0;
            for (var c = edited.Parent; c != null && level < 10000; c = c.Parent) level++;
            var parent = edited.Parent;
            int index = parent is null ? -1 : Array.FindIndex(parent.Consts, k => k is PyCodeRef r && ReferenceEquals(r.Code, edited));
            return PyCodeObject.From(new WalkedCode(edited, CodeEditor.CodePath(edited), level, parent, index), input.Path, input.GetPycHeader());
        }

        /// <summary>The top-level code object of an input as a record (what Edit-PyCodeObject -Path edits).</summary>
        public static PyCodeObject TopLevelRecord(PycInput input)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            return PyCodeObject.From(new WalkedCode(input.Code, input.CodePath, 0, null, -1), input.Path, input.Header);
        }

        /// <summary>ConvertTo-PyBytecode: instruction records, dictionaries or AsmInstructions assembled for <paramref name="version"/>.</summary>
        public static PyBytecode ConvertToBytecode(IEnumerable<object?> items, PyVersion version, int firstLineNo,
            IEnumerable<object?>? exceptionEntries = null, Func<object?, object?>? unwrap = null)
        {
            var release = ReleaseRegistry.Supported.Get(version);
            var program = InstructionInput.ToProgram(items, release, null, exceptionEntries, unwrap, "<bytecode>");
            program.FirstLineNo = firstLineNo;
            var a = Assembler.Assemble(program);
            return new PyBytecode(a.Code, a.LineTable, a.ExceptionTable)
            {
                PythonVersion = version.AsSystemVersion(), Code = Hex.Of(a.Code), Size = a.Code.Length,
                InstructionCount = program.Instructions.Count, FirstLineNo = firstLineNo,
                LineTable = Hex.Of(a.LineTable), ExceptionTable = Hex.Of(a.ExceptionTable),
            };
        }

        /// <summary>
        /// Export-PyPyc: the bytes of the .pyc holding <paramref name="code"/>'s whole tree (its top-level code object),
        /// with the header <paramref name="options"/> ask for. Every code object is checked first; a tree the
        /// interpreter would refuse gives nothing.
        /// </summary>
        public static byte[] ExportPyc(PyCodeObject code, PycHeaderOptions? options = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var root = CodeEditor.Root(code.GetCodeObject());
            foreach (var c in root.Walk()) CodeChecks.ThrowIfUnloadable(c);
            var header = PycWriter.HeaderFor(root.Version, code.GetPycHeader(), options ?? new PycHeaderOptions());
            return PycWriter.Write(header, root);
        }

    }

    /// <summary>Options of <see cref="Query.GetInstructions"/>.</summary>
    public sealed class InstructionOptions
    {
        /// <summary>Nesting levels below the input's code to include; null = as <see cref="PycInput.DefaultDepth"/>.</summary>
        public int? Depth { get; set; }
        /// <summary>Also yield CACHE entries (3.11-3.12 get_instructions(show_caches=True)).</summary>
        public bool ShowCaches { get; set; }
        /// <summary>Keep only instructions whose OpName matches.</summary>
        public Func<string, bool>? OpNameFilter { get; set; }
    }

    /// <summary>Options of <see cref="Query.MeasureStackEffects"/>.</summary>
    public sealed class StackEffectOptions
    {
        /// <summary>Nesting levels below the input's code to include; null = as <see cref="PycInput.DefaultDepth"/>.</summary>
        public int? Depth { get; set; }
        /// <summary>Only the per-code-object summaries, no instruction rows.</summary>
        public bool Summary { get; set; }
    }

    /// <summary>Options of <see cref="Query.ShowCode"/>, named as dis.dis's keywords.</summary>
    public sealed class ShowCodeOptions
    {
        public bool ShowCaches { get; set; }
        public bool ShowOffsets { get; set; }
        public bool ShowPositions { get; set; }
        /// <summary>dis.dis(depth=): null recurses fully.</summary>
        public int? Depth { get; set; }
        /// <summary>Print dis.code_info of every code object instead of the disassembly.</summary>
        public bool Info { get; set; }

    }
}