using System;
using System.Collections.Generic;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>ConvertTo-PyBytecode: instruction records or hashtables to co_code and its tables for one Python version.</summary>
    [Cmdlet(VerbsData.ConvertTo, "PyBytecode")]
    [OutputType(typeof(PyBytecode))]
    public sealed class ConvertToPyBytecodeCommand : PyDisCmdlet
    {
        private readonly List<object?> _items = new List<object?>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        public object?[] InputObject { get; set; } = Array.Empty<object?>();

        [Parameter]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string? PythonVersion { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? FirstLineNo { get; set; }

        [Parameter]
        public object[]? ExceptionEntry { get; set; }

        protected override void ProcessRecord() => _items.AddRange(InputObject);

        protected override void EndProcessing()
        {
            var version = ResolveVersion();
            if (version is null) return;
            try
            {
                WriteObject(Query.ConvertToBytecode(_items, version.Value, FirstLineNo ?? FirstLine(), ExceptionEntry, PSValues.Unwrap));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is ActionPreferenceStopException))
            {
                WriteError(PyDisError.FromException(ex, null, $"Python {version.Value} bytecode of {_items.Count} instruction(s)"));
            }
        }

        /// <summary>-PythonVersion, else the one every record names.</summary>
        private PyVersion? ResolveVersion()
        {
            if (PythonVersion != null) return ParseVersion(PythonVersion);
            Version? named = null;
            foreach (var item in _items)
            {
                if (!(PSValues.Unwrap(item) is PyInstruction r)) continue;
                if (named != null && named != r.PythonVersion)
                {
                    WriteError(PyDisError.About(PyDisError.InvalidPythonVersion, PyDisErrorCategory.InvalidArgument, r.PythonVersion,
                        $"the instructions come from Python {named} and {r.PythonVersion}; give -PythonVersion.", input: "the piped instructions"));
                    return null;
                }
                named = r.PythonVersion;
            }
            if (named is null)
            {
                WriteError(PyDisError.About(PyDisError.InvalidPythonVersion, PyDisErrorCategory.InvalidArgument, null,
                    "no instruction record names its Python version; give -PythonVersion.", input: "the piped instructions"));
                return null;
            }
            return ParseVersion(named.ToString());
        }

        // co_firstlineno defaults to the first line the records have, else 1.
        private int FirstLine()
        {
            foreach (var item in _items)
                if (PSValues.Unwrap(item) is PyInstruction r && r.LineNumber is int line) return line;
            return 1;
        }
    }
}
