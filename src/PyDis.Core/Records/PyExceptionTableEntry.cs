using System;
using System.Collections.Generic;
using PyDis.Core.CodeTables;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// One 3.11+ exception table entry as <c>dis</c> lists it: the protected range [Start, End), the handler
    /// Target, the stack Depth and whether lasti is pushed. Labels are set where the version prints labels (3.13+).
    /// </summary>
    public sealed class PyExceptionTableEntry
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        public int Start { get; set; }
        /// <summary>Exclusive end offset (dis prints End - 2 before 3.13).</summary>
        public int End { get; set; }
        public int Target { get; set; }
        public int Depth { get; set; }
        public bool Lasti { get; set; }
        public int? StartLabel { get; set; }
        public int? EndLabel { get; set; }
        public int? TargetLabel { get; set; }

        /// <summary>The record of one exception-table entry; <paramref name="labels"/>: dis.dis's label map (3.13+), else null.</summary>
        public static PyExceptionTableEntry From(ExceptionEntry e, IReadOnlyDictionary<long, int>? labels, WalkedCode where, string? path) =>
            From(e, labels, new CodeContext(where, path));

        internal static PyExceptionTableEntry From(ExceptionEntry e, IReadOnlyDictionary<long, int>? labels, CodeContext ctx) => new PyExceptionTableEntry
        {
            Path = ctx.Path, PythonVersion = ctx.Version, CodeName = ctx.Code.Name,
            QualName = ctx.QualName, CodePath = ctx.Where.Path,
            Start = e.Start, End = e.End, Target = e.Target, Depth = e.Depth, Lasti = e.Lasti,
            StartLabel = labels?[e.Start], EndLabel = labels?[e.End], TargetLabel = labels?[e.Target],
        };

        public override string ToString() => $"{Start} to {End} -> {Target} [{Depth}]{(Lasti ? " lasti" : "")}";
    }
}
