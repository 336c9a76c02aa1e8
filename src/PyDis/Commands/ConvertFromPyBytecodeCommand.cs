using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>
    /// ConvertFrom-PyBytecode: decodes raw co_code (bytes or hex text) as dis.dis(bytes) would. Code objects
    /// piped in bind to -InputObject and bring their own PythonVersion; other objects bind Code and PythonVersion
    /// by property name; a byte array piped whole (,$bytes) binds to -Bytes.
    /// </summary>
    // Bytes is the default set: PowerShell binds pipeline input to the default set first, and with Hex there
    // a piped byte array would be turned into one hex string per byte instead of binding to -Bytes.
    [Cmdlet(VerbsData.ConvertFrom, "PyBytecode", DefaultParameterSetName = BytesSet)]
    [OutputType(typeof(PyInstruction))]
    public sealed class ConvertFromPyBytecodeCommand : PyDisCmdlet
    {
        private const string HexSet = "Hex";
        private const string BytesSet = "Bytes";
        private const string InputObjectSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = HexSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Code")]
        [AllowEmptyString]
        public string[] Hex { get; set; } = System.Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = BytesSet, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public byte[] Bytes { get; set; } = System.Array.Empty<byte>();

        /// <summary>Code objects (Get-PyCodeObject): their co_code, decoded for their own version unless -PythonVersion says another.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PyCodeObject[] InputObject { get; set; } = System.Array.Empty<PyCodeObject>();

        [Parameter(Mandatory = true, ParameterSetName = HexSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = BytesSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string PythonVersion { get; set; } = "";

        [Parameter]
        public SwitchParameter ShowCaches { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var code in InputObject)
                {
                    var own = ParseVersion(MyInvocation.BoundParameters.ContainsKey(nameof(PythonVersion)) ? PythonVersion : code.PythonVersion.ToString());
                    Decode(code.GetCodeObject().Code, code, own, $"Python {own} co_code of {(code.Path is null ? code.CodePath : $"{code.Path} ({code.CodePath})")}");
                }
                return;
            }
            // Parsed per record: piped objects bind their own PythonVersion.
            var version = ParseVersion(PythonVersion);
            if (ParameterSetName == BytesSet) Decode(Bytes, Bytes, version);
            else
                foreach (var hex in Hex)
                {
                    var code = TryParseHex(hex, out string? problem);
                    if (code is null) WriteError(PyDisError.NotHex(hex, problem!));
                    else Decode(code, hex, version);
                }
        }

        /// <summary>Hex text (whitespace, "0x" prefix and "-"/":" separators allowed) to bytes; null when it is not hex.</summary>
        internal static byte[]? TryParseHex(string? text) => TryParseHex(text, out _);

        /// <summary>As <see cref="TryParseHex(string?)"/>, saying why text is not hex.</summary>
        internal static byte[]? TryParseHex(string? text, out string? problem)
        {
            problem = null;
            if (text is null)
            {
                problem = "there is no text";
                return null;
            }
            var digits = new System.Text.StringBuilder(text.Length);
            string t = text.Trim();
            if (t.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)) t = t.Substring(2);
            foreach (char c in t)
            {
                if (char.IsWhiteSpace(c) || c == '-' || c == ':') continue;
                if (!System.Uri.IsHexDigit(c))
                {
                    problem = $"'{c}' is not a hex digit";
                    return null;
                }
                digits.Append(c);
            }
            if (digits.Length % 2 != 0)
            {
                problem = $"it has an odd number of hex digits ({digits.Length}), so its last byte is incomplete";
                return null;
            }
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(digits.ToString(i * 2, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            return bytes;
        }

        private void Decode(byte[] code, object target, PyVersion version, string? input = null)
        {
            input ??= target is string hex ? $"Python {version} bytecode '{Shorten(hex)}'" : $"Python {version} bytecode ({code.Length} bytes)";
            try
            {
                foreach (var instruction in Query.ConvertFromBytecode(code, version, ShowCaches))
                    WriteObject(instruction);
                // Shown as dis shows it; what dis would have raised on is an error, what it copes with a warning.
                foreach (var problem in Query.BytecodeProblems(code, version))
                {
                    if (problem.DisFails)
                        WriteError(PyDisError.About(PyDisError.DisFails, PyDisErrorCategory.InvalidData, target, problem.ToString(), input: input));
                    else WriteWarning($"{input}: {problem}");
                }
            }
            catch (PycFormatException ex)
            {
                WriteError(PyDisError.About(PyDisError.InvalidBytecode, PyDisErrorCategory.InvalidData, target, ex.Description, ex, input));
            }
            catch (System.Exception ex) when (!(ex is PipelineStoppedException) && !(ex is ActionPreferenceStopException))
            {
                WriteError(PyDisError.FromException(ex, target, input));
            }
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";
    }
}
