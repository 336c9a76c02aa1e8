using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyOpcode: a Python version's opcode table.</summary>
    [Cmdlet(VerbsCommon.Get, "PyOpcode")]
    [OutputType(typeof(PyOpcode))]
    public sealed class GetPyOpcodeCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string PythonVersion { get; set; } = "";

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OpcodeNameCompleter))]
        public string[]? Name { get; set; }

        protected override void EndProcessing()
        {
            var version = VersionArgument.Parse(this, PythonVersion);
            foreach (var opcode in Query.GetOpcodes(version, Wildcards.Matcher(Name)))
                WriteObject(opcode);
        }
    }
}
