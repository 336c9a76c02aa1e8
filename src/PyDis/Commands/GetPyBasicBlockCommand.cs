using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Flow;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>What Get-PyBasicBlock emits: block records, or each code object's graph as text.</summary>
    public enum BasicBlockOutput
    {
        /// <summary>One PyBasicBlock record per block.</summary>
        Object,
        /// <summary>One Graphviz DOT string per code object.</summary>
        Dot,
        /// <summary>One Mermaid flowchart string per code object.</summary>
        Mermaid,
    }

    /// <summary>Get-PyBasicBlock: the control-flow graph of every code object, as records or as DOT / Mermaid text.</summary>
    [Cmdlet(VerbsCommon.Get, "PyBasicBlock", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyBasicBlock), typeof(string))]
    public sealed class GetPyBasicBlockCommand : PyCodeCommandBase
    {
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        [Parameter]
        public BasicBlockOutput As { get; set; } = BasicBlockOutput.Object;

        protected override void ProcessSource(PycInput source)
        {
            if (As == BasicBlockOutput.Object)
            {
                foreach (var block in Query.GetBasicBlocks(source, Depth)) WriteObject(block);
                return;
            }
            var format = As == BasicBlockOutput.Dot ? GraphFormat.Dot : GraphFormat.Mermaid;
            foreach (var text in Query.GetFlowGraphs(source, Depth, format)) WriteObject(text);
        }
    }
}
