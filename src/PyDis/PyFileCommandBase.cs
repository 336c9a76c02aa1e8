using System;
using System.Collections.Generic;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;

namespace PyDis
{
    /// <summary>
    /// Base of every cmdlet that reads .pyc files: -Path (wildcards) and -LiteralPath, resolved through the
    /// provider, restricted to the FileSystem, .py expanded to its compiled files, one result per input (a file
    /// named twice is read twice, as Get-Item does), one non-terminating error per bad input, throttled
    /// progress. Subclasses implement <see cref="ProcessSource"/> only.
    /// </summary>
    public abstract class PyFileCommandBase : PyDisCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";

        private PycPathExpander _expander = new PycPathExpander { DropsDuplicates = false };
        private ProgressThrottle? _throttle;
        private int _count;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Does the cmdlet's work for one readable input.</summary>
        protected abstract void ProcessSource(PycInput source);

        protected override void BeginProcessing()
        {
            _expander = new PycPathExpander { DropsDuplicates = false };
            _throttle = new ProgressThrottle();
            _count = 0;
        }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            if (literal || ParameterSetName == PathSet)
                foreach (var p in literal ? LiteralPath : Path)
                    foreach (var file in Resolve(p, literal))
                        ReadFile(file);
        }

        protected override void EndProcessing()
        {
            if (_throttle != null && _throttle.HasReported)
                WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        private const int ProgressId = 0x5079;
        private string Activity => MyInvocation.MyCommand.Name;

        private IEnumerable<string> Resolve(string path, bool literal)
        {
            var resolved = new List<string>();
            try
            {
                ProviderInfo provider;
                if (literal)
                {
                    resolved.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                }
                else
                {
                    resolved.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                }
                if (provider.Name != "FileSystem")
                {
                    WriteError(PyDisError.NotFileSystem(path, provider.Name));
                    yield break;
                }
            }
            catch (ItemNotFoundException)
            {
                // A wildcard that matches nothing is silent, like Get-ChildItem; a plain name is an error.
                if (literal || !WildcardPattern.ContainsWildcardCharacters(path)) WriteError(PyDisError.NotFound(path));
                yield break;
            }
            catch (DriveNotFoundException ex)
            {
                WriteError(PyDisError.About(PyDisError.FileNotFound, PyDisErrorCategory.ObjectNotFound, path, ex.Message, ex));
                yield break;
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException)
            {
                WriteError(PyDisError.About(PyDisError.NotFileSystemPath, PyDisErrorCategory.InvalidArgument, path, ex.Message, ex));
                yield break;
            }

            foreach (var r in resolved)
            {
                var files = _expander.Expand(r, out var error);
                if (error != null) WriteError(error);
                foreach (var f in files) yield return f;
            }
        }

        private void ReadFile(string file)
        {
            _count++;
            if (_throttle != null && _throttle.ShouldReport())
                WriteProgress(new ProgressRecord(ProgressId, Activity, $"{_count} file(s): {file}"));
            ProcessFile(file);
        }

        /// <summary>Loads one resolved file and runs <see cref="ProcessSource"/> on it; a cmdlet that reads files its own way overrides it.</summary>
        protected virtual void ProcessFile(string file)
        {
            if (!PycLoader.TryOpen(file, out var source, out var error))
            {
                WriteError(error!);
                return;
            }
            WriteVerbose($"{file}: Python {source!.Version}");
            Run(source);
        }

        /// <summary>Runs <see cref="ProcessSource"/>, turning bad data into a non-terminating error for this input.</summary>
        protected void Run(PycInput source)
        {
            bool shown = false;
            ForInput(source.Path ?? (object)source.CodePath, source.DisplayName, () =>
            {
                ProcessSource(source);
                shown = true;
            });
            if (shown) ReportProblems(source);
        }

        /// <summary>
        /// Odd code objects (replaced co_code, tables that do not fit it) were shown as dis shows them: a warning
        /// each, naming the code path; a non-terminating error where the version's own dis raises (IndexError).
        /// </summary>
        private void ReportProblems(PycInput source)
        {
            foreach (var p in CodeProblemReport.Find(source))
            {
                // The message names the file and the code path first, as every PyDis message names its input.
                if (p.DisFails)
                    WriteError(new PyDisError(PyDisError.DisFails, PyDisErrorCategory.InvalidData, p.Message, source.Path ?? (object)source.CodePath));
                else WriteWarning(p.Message);
            }
        }
    }
}
