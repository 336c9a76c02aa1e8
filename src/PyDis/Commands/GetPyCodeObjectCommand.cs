using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>Get-PyCodeObject: every code object of a file (parent first), co_* fields as properties.</summary>
    [Cmdlet(VerbsCommon.Get, "PyCodeObject", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyCodeObject))]
    public sealed class GetPyCodeObjectCommand : PyFileCommandBase
    {
        [Parameter]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessSource(PycInput source)
        {
            foreach (var code in Query.GetCodeObjects(source, Wildcards.Matcher(Name)))
                WriteObject(code);
        }
    }
}
