using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyConstant: every co_consts entry of every code object, with its Python type and repr.</summary>
    [Cmdlet(VerbsCommon.Get, "PyConstant", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyConstant))]
    public sealed class GetPyConstantCommand : PyCodeCommandBase
    {
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        protected override void ProcessSource(PycInput source)
        {
            foreach (var constant in Query.GetConstants(source, Depth))
                WriteObject(constant);
        }
    }
}
