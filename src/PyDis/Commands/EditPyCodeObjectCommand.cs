using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Model;
using PyDis.Core.Records;
using PyDis.Core.Writing;

namespace PyDis.Commands
{
    /// <summary>
    /// Edit-PyCodeObject: a new code object with fields replaced (code.replace() for any version); nested code
    /// objects by their code path. The result's tree is new up to the top level, ready for Export-PyPyc.
    /// </summary>
    [Cmdlet(VerbsData.Edit, "PyCodeObject", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyCodeObject))]
    public sealed class EditPyCodeObjectCommand : PyFileCommandBase
    {
        private const string InputObjectSet = "InputObject";
        private const string InstructionRecordSet = "InstructionRecord";

        private readonly List<PyInstruction> _pipedInstructions = new List<PyInstruction>();

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PyCodeObject[] InputObject { get; set; } = Array.Empty<PyCodeObject>();

        /// <summary>
        /// Instruction records piped from Get-PyInstruction: they become the new instructions of the code object they
        /// came from (their Path and CodePath), so filtering the rows of a function edits that function.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = InstructionRecordSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PyInstruction[] InputInstruction { get; set; } = Array.Empty<PyInstruction>();

        /// <summary>The code object to change, by its code path in the input's file (e.g. '&lt;module&gt;.f'); default the input itself.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CodePath { get; set; }

        [Parameter] [AllowEmptyCollection] public object[]? Instruction { get; set; }
        [Parameter] [AllowEmptyCollection] public object[]? ExceptionEntry { get; set; }
        [Parameter] [AllowEmptyCollection] [AllowNull] public object?[]? Constant { get; set; }
        [Parameter] public Hashtable? SetConstant { get; set; }
        [Parameter] [AllowEmptyCollection] public string[]? Names { get; set; }
        [Parameter] [AllowEmptyCollection] public string[]? VarNames { get; set; }
        [Parameter] [AllowEmptyCollection] public string[]? CellVars { get; set; }
        [Parameter] [AllowEmptyCollection] public string[]? FreeVars { get; set; }
        [Parameter] [AllowEmptyCollection] public string[]? LocalsPlusNames { get; set; }
        [Parameter] [AllowEmptyCollection] public byte[]? LocalsPlusKinds { get; set; }
        [Parameter] [ValidateNotNull] public string? Name { get; set; }
        [Parameter] [ValidateNotNull] public string? QualName { get; set; }
        [Parameter] [ValidateNotNull] public string? Filename { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? FirstLineNo { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? ArgCount { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? PosOnlyArgCount { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? KwOnlyArgCount { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? NLocals { get; set; }
        [Parameter] [ValidateRange(0, int.MaxValue)] public int? StackSize { get; set; }
        [Parameter] public CodeFlags? Flags { get; set; }
        [Parameter] [AllowEmptyCollection] public byte[]? Code { get; set; }
        [Parameter] [AllowEmptyCollection] public byte[]? LineTable { get; set; }
        [Parameter] [AllowEmptyCollection] public byte[]? ExceptionTable { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _pipedInstructions.Clear();
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InstructionRecordSet)
            {
                _pipedInstructions.AddRange(InputInstruction);
                return;
            }
            if (ParameterSetName != InputObjectSet)
            {
                base.ProcessRecord();
                return;
            }
            foreach (var code in InputObject) Edit(code);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == InstructionRecordSet) EditFromRecords();
            base.EndProcessing();
        }

        protected override void ProcessSource(PycInput source) => Edit(Query.TopLevelRecord(source));

        private void Edit(PyCodeObject input)
        {
            var edited = TryEdit(input, CodePath, Instruction);
            if (edited != null) WriteObject(edited);
        }

        /// <summary>
        /// Piped instruction records: per file, each code object they came from gets them as its new instructions
        /// (or the one -CodePath names gets all of that file's); the edits of one file build on each other, and the
        /// file's last result, whose tree holds them all, is written.
        /// </summary>
        private void EditFromRecords()
        {
            if (Instruction != null)
            {
                WriteError(PyDisError.About(PyDisError.CannotWrite, PyDisErrorCategory.InvalidArgument, null,
                    "give the new instructions either with -Instruction or from the pipeline, not both", input: "-Instruction"));
                return;
            }
            foreach (var file in _pipedInstructions.GroupBy(i => i.Path ?? ""))
            {
                if (file.Key.Length == 0)
                {
                    var first = file.First();
                    WriteError(PyDisError.About(PyDisError.CannotWrite, PyDisErrorCategory.InvalidArgument, first.CodePath,
                        "instruction records without a file (from a piped code object or ConvertFrom-PyBytecode) do not say what to edit; use -InputObject with -Instruction",
                        input: string.IsNullOrEmpty(first.CodePath) ? "-InputInstruction" : first.CodePath));
                    continue;
                }
                if (!PycLoader.TryOpen(file.Key, out var source, out var error))
                {
                    WriteError(error!);
                    continue;
                }
                PyCodeObject? current = Query.TopLevelRecord(source!);
                var groups = CodePath != null
                    ? new[] { (Path: CodePath, Rows: file.Cast<object?>().ToArray()) }
                    : file.GroupBy(i => i.CodePath).Select(g => (Path: g.Key, Rows: g.Cast<object?>().ToArray())).ToArray();
                foreach (var group in groups)
                {
                    current = TryEdit(current, group.Path, group.Rows);
                    if (current is null) break;
                }
                if (current != null) WriteObject(current);
            }
        }

        private PyCodeObject? TryEdit(PyCodeObject input, string? codePath, object?[]? instructions)
        {
            try
            {
                return Query.EditCodeObject(input, codePath, target => Change(target, instructions));
            }
            catch (Exception ex) when (ex is BytecodeWriteException || ex is ArgumentException || ex is NotSupportedException)
            {
                WriteError(PyDisError.FromException(
                    ex is ArgumentException a && !(ex is BytecodeWriteException) ? new BytecodeWriteException(codePath ?? input.CodePath, a.Message) : ex,
                    input.Path ?? (object)input.CodePath, input.Path is null ? input.CodePath : $"{input.Path} ({input.CodePath})"));
                return null;
            }
        }

        private CodeChange Change(CodeObject target, object?[]? instructions)
        {
            var release = target.Release;
            var change = new CodeChange
            {
                Names = Names, VarNames = VarNames, CellVars = CellVars, FreeVars = FreeVars,
                LocalsPlusNames = LocalsPlusNames, LocalsPlusKinds = LocalsPlusKinds,
                Name = Name, QualName = QualName, Filename = Filename, FirstLineNo = FirstLineNo,
                ArgCount = ArgCount, PosOnlyArgCount = PosOnlyArgCount, KwOnlyArgCount = KwOnlyArgCount,
                NLocals = NLocals, StackSize = StackSize, Flags = Flags,
                Code = Code, LineTable = LineTable, ExceptionTable = ExceptionTable,
            };
            if (Constant != null)
            {
                var consts = new PyObject[Constant.Length];
                for (int i = 0; i < consts.Length; i++) consts[i] = PyValues.From(Constant[i], release, PSValues.Unwrap);
                change.Consts = consts;
            }
            if (SetConstant != null)
            {
                var at = new Dictionary<int, PyObject>();
                foreach (DictionaryEntry e in SetConstant)
                {
                    int index = LanguagePrimitives.ConvertTo<int>(PSValues.Unwrap(e.Key));
                    at[index] = PyValues.From(e.Value, release, PSValues.Unwrap);
                }
                change.ConstsAt = at;
            }
            if (instructions != null || ExceptionEntry != null)
            {
                var items = instructions != null ? (IEnumerable<object?>)instructions : ProgramReader.Read(target).Instructions;
                var program = InstructionInput.ToProgram(items, release, target, ExceptionEntry, PSValues.Unwrap, CodeObjectName(target));
                foreach (var warning in program.Warnings) WriteWarning($"{CodeObjectName(target)}: {warning}");
                change.Program = program;
            }
            return change;
        }

        private static string CodeObjectName(CodeObject code) => CodeEditor.CodePath(code);
    }
}
