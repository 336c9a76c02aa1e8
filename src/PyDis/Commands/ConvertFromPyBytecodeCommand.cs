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
            else foreach (var hex in Hex) Decode(TryParseHex(hex), hex);
        }

        /// <summary>Hex text (whitespace, "0x" prefix and "-"/":" separators allowed) to bytes; null when it is not hex.</summary>
        internal static byte[]? TryParseHex(string? text)
        {
            if (text is null) return null;
            var digits = new System.Text.StringBuilder(text.Length);
            string t = text.Trim();
            if (t.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)) t = t.Substring(2);
            foreach (char c in t)
            {
                if (char.IsWhiteSpace(c) || c == '-' || c == ':') continue;
                if (!System.Uri.IsHexDigit(c)) return null;
                digits.Append(c);
            }
            if (digits.Length % 2 != 0) return null;
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(digits.ToString(i * 2, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            return bytes;
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
