using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyExceptionTable: the 3.11+ exception table entries of every code object.</summary>
    [Cmdlet(VerbsCommon.Get, "PyExceptionTable", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyExceptionTableEntry))]
    public sealed class GetPyExceptionTableCommand : PyCodeCommandBase
    {
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        protected override void ProcessSource(PycInput source)
        {
            foreach (var entry in Query.GetExceptionTable(source, Depth))
                WriteObject(entry);
        }
    }
}
