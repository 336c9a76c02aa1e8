using System;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis
{
    /// <summary>A file-reading cmdlet that also accepts code objects piped from Get-PyCodeObject.</summary>
    public abstract class PyCodeCommandBase : PyFileCommandBase
    {
        protected const string InputObjectSet = "InputObject";

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PyCodeObject[] InputObject { get; set; } = Array.Empty<PyCodeObject>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName != InputObjectSet)
            {
                base.ProcessRecord();
                return;
            }
            foreach (var code in InputObject)
                Run(PycLoader.FromCodeObject(code.GetCodeObject(), code.Path, code.CodePath));
        }
    }
}
