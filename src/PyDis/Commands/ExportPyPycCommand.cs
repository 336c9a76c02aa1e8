using System;
using System.IO;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Pyc;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>
    /// Export-PyPyc: writes a code object's whole tree (its top-level code object) as a .pyc for its Python
    /// version. The file is written beside the destination and then moved over it, so a failure never leaves a
    /// half-written file; an existing file is replaced only with -Force.
    /// </summary>
    [Cmdlet(VerbsData.Export, "PyPyc", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportPyPycCommand : PyDisCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PyCodeObject InputObject { get; set; } = null!;

        /// <summary>The .pyc to write (wildcards are not expanded).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("LiteralPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public PycInvalidation? Invalidation { get; set; }

        /// <summary>The .py the pyc stands for: its size and modification time, or its hash, go into the header.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourcePath { get; set; }

        [Parameter]
        public DateTime? SourceModified { get; set; }

        protected override void ProcessRecord()
        {
            string target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            byte[] data;
            try
            {
                data = Query.ExportPyc(InputObject, HeaderOptions());
            }
            catch (Exception ex) when (ex is BytecodeWriteException || ex is ArgumentException || ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(ex is BytecodeWriteException || ex is ArgumentException
                    ? PyDisError.About(PyDisError.CannotWrite, PyDisErrorCategory.InvalidArgument, InputObject.CodePath, ex.Message, ex,
                        InputObject.Path is null ? InputObject.CodePath : $"{InputObject.Path} ({InputObject.CodePath})")
                    : PyDisError.FromException(ex, SourcePath));
                return;
            }
            string what = $"Write a Python {InputObject.PythonVersion} .pyc ({data.Length} bytes) of {InputObject.Path ?? InputObject.CodePath}";
            if (!ShouldProcess(target, what)) return;
            try
            {
                PycWriter.WriteFileAtomically(target, data, Force);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(PyDisError.About(PyDisError.WriteError,
                    ex is UnauthorizedAccessException ? PyDisErrorCategory.PermissionDenied : PyDisErrorCategory.WriteError, target, ex.Message, ex));
                return;
            }
            if (PassThru) WriteObject(new FileInfo(target));
        }

        private PycHeaderOptions HeaderOptions()
        {
            var o = new PycHeaderOptions { Invalidation = Invalidation };
            if (SourcePath != null)
            {
                string source = SessionState.Path.GetUnresolvedProviderPathFromPSPath(SourcePath);
                o.Source = File.ReadAllBytes(source);
                o.SourceModified = new DateTimeOffset(File.GetLastWriteTimeUtc(source), TimeSpan.Zero);
            }
            if (SourceModified is DateTime t) o.SourceModified = new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero);
            return o;
        }
    }
}
