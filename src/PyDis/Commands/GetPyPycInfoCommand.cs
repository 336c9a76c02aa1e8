using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>
    /// Get-PyPycInfo: the .pyc header (magic number, version, timestamp or hash validation). The header fields
    /// come back whenever the header is readable: a damaged body is a warning and BodyStatus Damaged, not an
    /// error; -HeaderOnly reads the header's bytes only.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PyPycInfo", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PycInfo))]
    public sealed class GetPyPycInfoCommand : PyFileCommandBase
    {
        /// <summary>Reads the header's bytes only, not the code after it (BodyStatus NotRead): fast audits of large trees.</summary>
        [Parameter]
        public SwitchParameter HeaderOnly { get; set; }

        protected override void ProcessFile(string file)
        {
            if (!PycLoader.TryReadInfo(file, HeaderOnly, out var info, out var error))
            {
                WriteError(error!);
                return;
            }
            WriteVerbose($"{file}: Python {info!.PythonVersion}");
            if (info.BodyStatus == PycBodyStatus.Damaged)
                WriteWarning($"{file}: the code after the header is damaged, {info.BodyError}; only the header fields are given (BodyStatus Damaged).");
            WriteObject(info);
        }

        // Files are read by ProcessFile; nothing else reaches here.
        protected override void ProcessSource(PycInput source) => WriteObject(Query.GetPycInfo(source));
    }
}
