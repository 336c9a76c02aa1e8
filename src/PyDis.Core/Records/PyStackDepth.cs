using System;
using System.Text;
using PyDis.Core.Flow;

namespace PyDis.Core.Records
{
    /// <summary>
    /// The stack-depth verdict on one code object (Measure-PyStackEffect): the maximum the walk computed, the
    /// co_stacksize the compiler wrote, whether they agree and, when not, the cause (docs/stack-depth.md).
    /// </summary>
    public sealed class PyStackDepth
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        public int FirstLineNo { get; set; }
        /// <summary>The maximum depth the walk computed; null when the code could not be analysed.</summary>
        public int? MaxDepth { get; set; }
        public int StackSize { get; set; }
        public bool Matches { get; set; }
        /// <summary>A StackDepthCause name: Match, PeepholeConstantFolding, PeepholeDeadCode, HandlerWithoutRange, Unexplained, …</summary>
        public string Cause { get; set; } = "";
        /// <summary>Whether a difference has a named cause (a match counts as explained).</summary>
        public bool IsExplained { get; set; }
        /// <summary>A sentence on the difference; null for a match.</summary>
        public string? Reason { get; set; }
        /// <summary>Whether the walk reached its end (every reachable instruction had a stack effect).</summary>
        public bool IsComplete { get; set; }
        public int BlockCount { get; set; }
        /// <summary>What the walk noticed (underflows, bad targets, depths that disagree), one per line; empty when nothing.</summary>
        public string Notes { get; set; } = "";

        /// <summary>The summary record of one stack check; <paramref name="codePath"/>: the code object's co_name chain.</summary>
        public static PyStackDepth From(StackCheckResult check, string codePath, string? path) =>
            From(check, codePath, path, check.Code.Version.AsSystemVersion(), check.Code.BareBytecode ? null : QualNames.Of(check.Code));

        internal static PyStackDepth From(StackCheckResult check, CodeContext ctx) =>
            From(check, ctx.Where.Path, ctx.Path, ctx.Version, ctx.QualName);

        private static PyStackDepth From(StackCheckResult check, string codePath, string? path, Version version, string? qualName)
        {
            var code = check.Code;
            var notes = new StringBuilder();
            if (check.Walk != null)
                foreach (var n in check.Walk.Notes)
                    notes.Append(notes.Length > 0 ? "\n" : "").Append(n.Message);
            return new PyStackDepth
            {
                Path = path, PythonVersion = version, CodeName = code.Name, QualName = qualName,
                CodePath = codePath, FirstLineNo = code.FirstLineNo, MaxDepth = check.ComputedMaxDepth, StackSize = code.StackSize,
                Matches = check.Matches, Cause = check.Cause.ToString(), IsExplained = check.IsExplained, Reason = check.Reason,
                IsComplete = check.Walk?.IsComplete ?? false, BlockCount = check.Walk?.Graph.Blocks.Count ?? 0,
                Notes = notes.ToString(),
            };
        }

        public override string ToString() => $"{CodePath}: {MaxDepth?.ToString() ?? "-"} / {StackSize} {Cause}";
    }
}
