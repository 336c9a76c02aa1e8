using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>ConvertFrom-PyBytecode: decodes raw co_code (bytes or hex text) as dis.dis(bytes) would.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "PyBytecode", DefaultParameterSetName = HexSet)]
    [OutputType(typeof(PyInstruction))]
    public sealed class ConvertFromPyBytecodeCommand : PSCmdlet
    {
        private const string HexSet = "Hex";
        private const string BytesSet = "Bytes";
        private PyVersion _version;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = HexSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string[] Hex { get; set; } = System.Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
        [AllowEmptyCollection]
        public byte[] Bytes { get; set; } = System.Array.Empty<byte>();

        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string PythonVersion { get; set; } = "";

        [Parameter]
        public SwitchParameter ShowCaches { get; set; }

        protected override void BeginProcessing() => _version = VersionArgument.Parse(this, PythonVersion);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == BytesSet) Decode(Bytes, Bytes);
            else foreach (var hex in Hex) Decode(Query.TryParseHex(hex), hex);
        }

        private void Decode(byte[]? code, object target)
        {
            if (code is null)
            {
                WriteError(ErrorRecords.From(PyDisError.NotHex(target)));
                return;
            }
            try
            {
                foreach (var instruction in Query.ConvertFromBytecode(code, _version, ShowCaches))
                    WriteObject(instruction);
            }
            catch (PycFormatException ex)
            {
                WriteError(ErrorRecords.From(new PyDisError(PyDisError.InvalidBytecode, PyDisErrorCategory.InvalidData, ex.Message, target, ex)));
            }
        }
    }
}
