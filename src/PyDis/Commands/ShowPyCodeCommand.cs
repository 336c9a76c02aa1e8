using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;

namespace PyDis.Commands
{
    /// <summary>Show-PyCode: the exact text the file's own Python version's dis.dis (or dis.code_info) prints.</summary>
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

        protected override void ProcessSource(PycInput source)
        {
            var options = new ShowCodeOptions
            {
                ShowCaches = ShowCaches, ShowOffsets = ShowOffsets, ShowPositions = ShowPositions, Depth = Depth, Info = Info,
            };
            foreach (var ignored in Query.IgnoredShowOptions(source.Version, options))
                WriteWarning($"Python {source.Version}'s dis has no {ignored} option; {source.Path ?? source.CodePath} is shown without it.");
            if (Raw) WriteObject(Query.ShowCodeText(source, options));
            else WriteObject(Query.ShowCode(source, options), enumerateCollection: true);
        }
    }
}
