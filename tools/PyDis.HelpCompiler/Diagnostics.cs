using System.Collections.Generic;
using System.Linq;

namespace PyDis.HelpCompiler
{
    /// <summary>A problem in a help page, at a line (0 when it concerns the whole file).</summary>
    public sealed record Diagnostic(string File, int Line, string Message)
    {
        /// <summary>The canonical MSBuild error form, so the build lists it with the file and line.</summary>
        public override string ToString() =>
            Line > 0 ? $"{File}({Line}): error PYDISHELP: {Message}" : $"{File}: error PYDISHELP: {Message}";
    }

    /// <summary>Collects every problem of a run, so one build reports them all instead of the first.</summary>
    public sealed class Diagnostics
    {
        private readonly List<Diagnostic> _items = new List<Diagnostic>();

        public IReadOnlyList<Diagnostic> Items => _items;

        public bool HasErrors => _items.Count > 0;

        public void Error(string file, int line, string message) => _items.Add(new Diagnostic(file, line, message));

        public override string ToString() => string.Join("\n", _items.Select(d => d.ToString()));
    }
}
