using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;

namespace PyDis.Commands
{
    /// <summary>
    /// Show-PyCode: the exact text the file's own Python version's dis.dis (or dis.code_info) prints. Several inputs
    /// (files or code objects) are told apart: each listing of the lines output gets a header line, and each -Raw
    /// string notes its Path, CodePath and PythonVersion. A single input's lines stay exactly dis's, so the first
    /// listing is held back until a second input shows that there are several.
    /// </summary>
    [Cmdlet(VerbsCommon.Show, "PyCode", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(string))]
    public sealed class ShowPyCodeCommand : PyCodeCommandBase
    {
        [Parameter]
        public SwitchParameter Raw { get; set; }

        [Parameter]
        public SwitchParameter ShowCaches { get; set; }

        [Parameter]
        public SwitchParameter ShowOffsets { get; set; }

        [Parameter]
        public SwitchParameter ShowPositions { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        [Parameter]
        public SwitchParameter Info { get; set; }

        private int _listings;
        private (string Header, List<string> Lines)? _first;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _listings = 0;
            _first = null;
        }

        protected override void ProcessSource(PycInput source)
        {
            var options = new ShowCodeOptions
            {
                ShowCaches = ShowCaches, ShowOffsets = ShowOffsets, ShowPositions = ShowPositions, Depth = Depth, Info = Info,
            };
            foreach (var ignored in Query.IgnoredShowOptions(source.Version, options))
                WriteWarning($"Python {source.Version}'s dis has no {ignored} option; {source.DisplayName} is shown without it.");
            if (Raw)
            {
                WriteObject(Noted(Query.ShowCodeText(source, options), source));
                return;
            }
            // Made in full before anything is written, so a bad input writes an error and no half listing.
            var lines = Query.ShowCode(source, options).ToList();
            var header = Header(source);
            _listings++;
            if (_listings == 1)
            {
                _first = (header, lines);
                return;
            }
            if (_first is { } first)
            {
                WriteListing(first.Header, first.Lines, separate: false);
                _first = null;
            }
            WriteListing(header, lines, separate: true);
        }

        protected override void EndProcessing()
        {
            // One input: dis's lines, without a header.
            if (_first is { } only) WriteObject(only.Lines, enumerateCollection: true);
            _first = null;
            base.EndProcessing();
        }

        private void WriteListing(string header, List<string> lines, bool separate)
        {
            if (separate) WriteObject(string.Empty);
            WriteObject(header);
            WriteObject(lines, enumerateCollection: true);
        }

        // "Disassembly of <module> (/src/__pycache__/app.cpython-312.pyc, Python 3.12):", the words of the views' group headers.
        private string Header(PycInput source)
        {
            string what = Info ? "Code info of" : "Disassembly of";
            string version = source.Version.ToString();
            return source.Path is null
                ? string.Format(CultureInfo.InvariantCulture, "{0} {1} (Python {2}):", what, source.CodePath, version)
                : string.Format(CultureInfo.InvariantCulture, "{0} {1} ({2}, Python {3}):", what, source.CodePath, source.Path, version);
        }

        // A -Raw string carries where it comes from, as Get-Content's strings carry PSPath.
        private static PSObject Noted(string text, PycInput source)
        {
            var o = new PSObject(text);
            o.Properties.Add(new PSNoteProperty("Path", source.Path));
            o.Properties.Add(new PSNoteProperty("CodePath", source.CodePath));
            o.Properties.Add(new PSNoteProperty("PythonVersion", source.Version.AsSystemVersion()));
            return o;
        }
    }
}
