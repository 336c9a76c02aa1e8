using System;
using PyDis.Core.CodeTables;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>One pair of <c>dis.findlinestarts</c>: the offset where a source line starts.</summary>
    public sealed class PyLineStart
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        public int Offset { get; set; }
        /// <summary>The line; null where 3.13+ reports None (an instruction with no line).</summary>
        public int? LineNumber { get; set; }

        /// <summary>The record of one dis.findlinestarts item of a walked code object.</summary>
        public static PyLineStart From(LineStart start, WalkedCode where, string? path) => From(start, new CodeContext(where, path));

        internal static PyLineStart From(LineStart start, CodeContext ctx) => new PyLineStart
        {
            Path = ctx.Path, PythonVersion = ctx.Version, CodeName = ctx.Code.Name,
            QualName = ctx.QualName, CodePath = ctx.Where.Path, Offset = start.Offset, LineNumber = start.Line,
        };

        public override string ToString() => $"{Offset} {LineNumber}";
    }
}
