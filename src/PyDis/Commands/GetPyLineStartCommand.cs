using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyLineStart: dis.findlinestarts of every code object, one object per (offset, line) pair.</summary>
    [Cmdlet(VerbsCommon.Get, "PyLineStart", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyLineStart))]
    public sealed class GetPyLineStartCommand : PyCodeCommandBase
    {
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        protected override void ProcessSource(PycInput source)
        {
            foreach (var start in Query.GetLineStarts(source, Depth))
                WriteObject(start);
        }
    }
}
