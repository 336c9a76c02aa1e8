using System.Collections.Generic;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;
using PyDis.Core.Releases;

namespace PyDis.Commands
{
    /// <summary>Get-PyExceptionTable: the 3.11+ exception table entries of every code object.</summary>
    [Cmdlet(VerbsCommon.Get, "PyExceptionTable", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyExceptionTableEntry))]
    public sealed class GetPyExceptionTableCommand : PyCodeCommandBase
    {
        // Versions without an exception table already warned about: once per version per call, not per file.
        private readonly HashSet<PyVersion> _noted = new HashSet<PyVersion>();

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _noted.Clear();
        }

        protected override void ProcessSource(PycInput source)
        {
            if (!source.Release.Tables.HasExceptionTable)
            {
                if (_noted.Add(source.Version))
                {
                    var first = ReleaseRegistry.Supported.First(r => r.Tables.HasExceptionTable);
                    WriteWarning($"{source.DisplayName}: Python {source.Version} code has no exception table, so there are no entries " +
                        $"(co_exceptiontable came in Python {first?.Version}; before it, SETUP_* instructions set up the handlers)." +
                        " Other files of this version are not mentioned again.");
                }
                return;
            }
            foreach (var entry in Query.GetExceptionTable(source, Depth))
                WriteObject(entry);
        }
    }
}
