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
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OpNameCompleter))]
        public string[]? OpName { get; set; }

        [Parameter]
        public SwitchParameter ShowCaches { get; set; }

        protected override void ProcessSource(PycInput source)
        {
            var options = new InstructionOptions { Depth = Depth, ShowCaches = ShowCaches, OpNameFilter = Wildcards.Matcher(OpName) };
            bool warned = false;
            foreach (var instruction in Query.GetInstructions(source, options))
            {
                if (!instruction.IsValid && !warned)
                {
                    warned = true;
                    WriteWarning($"{source.Path ?? source.CodePath}: opcode {instruction.OpCode} at offset {instruction.Offset} of {instruction.CodePath} is not defined in Python {source.Version}.");
                }
                WriteObject(instruction);
            }
        }
    }
}
