using System.Collections.Generic;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyInstruction: the instructions of every code object, as dis.get_instructions yields them.</summary>
    [Cmdlet(VerbsCommon.Get, "PyInstruction", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyInstruction))]
    public sealed class GetPyInstructionCommand : PyCodeCommandBase
    {
        // The versions whose -OpName notes were written: once per version per call, not per file.
        private readonly HashSet<PyVersion> _noted = new HashSet<PyVersion>();

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OpNameCompleter))]
        public string[]? OpName { get; set; }

        [Parameter]
        public SwitchParameter ShowCaches { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _noted.Clear();
            // A plain name no release has (a typo) makes the whole call meaningless.
            foreach (var name in PlainOpNames())
                if (!name.StartsWith("<", System.StringComparison.Ordinal) && OpNameLookup.ReleasesDefining(name).Count == 0)
                    ThrowTerminatingError(PyDisError.NoSuchOpNameAnywhere(name, OpNameLookup.NearestInAnyRelease(name)));
        }

        protected override void ProcessSource(PycInput source)
        {
            // A plain name this version lacks (or holds only at run time) matches nothing in its code: say so.
            if (_noted.Add(source.Version))
                foreach (var name in PlainOpNames())
                    if (OpNameLookup.FilterNote(source.Version, name, ShowCaches) is string note) WriteWarning(note);
            var options = new InstructionOptions { Depth = Depth, ShowCaches = ShowCaches, OpNameFilter = Wildcards.Matcher(OpName) };
            bool warned = false;
            foreach (var instruction in Query.GetInstructions(source, options))
            {
                if (!instruction.IsValid && !warned)
                {
                    warned = true;
                    WriteWarning($"{source.DisplayName}: opcode {instruction.OpCode} at offset {instruction.Offset} of {instruction.CodePath} is not defined in Python {source.Version}.");
                }
                WriteObject(instruction);
            }
        }

        private IEnumerable<string> PlainOpNames()
        {
            foreach (var name in OpName ?? System.Array.Empty<string>())
                if (!WildcardPattern.ContainsWildcardCharacters(name)) yield return name;
        }
    }
}
