using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.Decoding;
using PyDis.Core.Flow;
using PyDis.Core.Model;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// pydis --stack: the stack depth before each instruction, along the compiler's walk, as a column in front of
    /// the dis text: <c>[3] </c>, <c>[-] </c> where the walk never came, <c>[?] </c> where the code cannot be
    /// analysed. Cache lines get blanks of the same width.
    /// </summary>
    public sealed class StackDepthAnnotator : IInstructionAnnotator
    {
        public static readonly StackDepthAnnotator Instance = new StackDepthAnnotator();

        public IInstructionColumn For(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var depths = new Dictionary<int, string>();
            int width = 1;
            try
            {
                var walk = StackDepthWalk.Run(ControlFlowGraph.Build(code));
                var ins = walk.Graph.Instructions;
                for (int i = 0; i < ins.Count; i++)
                {
                    string text = walk.DepthBefore[i] is int d ? d.ToString(CultureInfo.InvariantCulture) : "-";
                    depths[ins[i].Offset] = text;
                    if (text.Length > width) width = text.Length;
                }
            }
            catch (Exception e) when (e is PycFormatException || e is NotSupportedException)
            {
                // The formatter reports the code itself; the column only says it has no depths.
            }
            return new Column(depths, width);
        }

        private sealed class Column : IInstructionColumn
        {
            private readonly Dictionary<int, string> _depths;
            private readonly int _inner;

            public Column(Dictionary<int, string> depths, int inner)
            {
                _depths = depths;
                _inner = inner;
            }

            public int Width => _inner + 3;

            public string Text(Instruction instruction) =>
                "[" + (_depths.TryGetValue(instruction.Offset, out var d) ? d : "?").PadLeft(_inner) + "] ";
        }
    }
}
