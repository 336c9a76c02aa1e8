using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyPycInfo: the .pyc header (magic number, version, timestamp or hash validation).</summary>
    [Cmdlet(VerbsCommon.Get, "PyPycInfo", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PycInfo))]
    public sealed class GetPyPycInfoCommand : PyFileCommandBase
    {
        protected override void ProcessSource(PycInput source) => WriteObject(Query.GetPycInfo(source));
    }
}
