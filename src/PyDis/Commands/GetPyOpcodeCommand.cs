using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>
    /// Get-PyOpcode: a Python version's opcode table. PythonVersion binds by property name, so records of a
    /// file (Get-PyPycInfo, Get-PyCodeObject) pipe in; a -Name without wildcards that the table lacks is an error.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PyOpcode")]
    [OutputType(typeof(PyOpcode))]
    public sealed class GetPyOpcodeCommand : PyDisCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string PythonVersion { get; set; } = "";

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OpcodeNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var version = ParseVersion(PythonVersion);
            foreach (var opcode in Query.GetOpcodes(version, Wildcards.Matcher(Name)))
                WriteObject(opcode);
            // Like Get-Process -Name: a plain name that matches nothing is an error, a wildcard is silent.
            foreach (var name in Name ?? System.Array.Empty<string>())
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !OpNameLookup.Defines(version, name))
                    WriteError(PyDisError.NoSuchOpName(name, version, OpNameLookup.Nearest(version, name)));
        }
    }
}
