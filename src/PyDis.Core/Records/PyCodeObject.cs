using System;
using System.Linq;
using PyDis.Core.Formatting;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>
    /// A code object with its co_* fields as properties: tuples as read-only lists of values whose text is the
    /// Python repr (<see cref="TupleValue"/>, <see cref="NameTuple"/>), bytes as hex, so it exports cleanly; <see cref="GetCodeObject"/> hands the engine object to the other cmdlets
    /// (a method, so Export-Csv and ConvertTo-Json do not try to serialise it).
    /// </summary>
    public sealed class PyCodeObject
    {
        private readonly CodeObject _code;
        private readonly PycHeader? _header;

        public PyCodeObject(CodeObject code, PycHeader? header = null)
        {
            _code = code;
            _header = header;
        }

        public CodeObject GetCodeObject() => _code;

        /// <summary>The header of the file the code object came from (null for bare marshal data); Export-PyPyc writes it again.</summary>
        public PycHeader? GetPycHeader() => _header;

        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodePath { get; set; } = "";
        /// <summary>Nesting level: 0 for the top-level code, 1 for its direct children, …</summary>
        public int Level { get; set; }

        public string Name { get; set; } = "";
        public string? QualName { get; set; }
        public string Filename { get; set; } = "";
        public int FirstLineNo { get; set; }
        public int ArgCount { get; set; }
        public int PosOnlyArgCount { get; set; }
        public int KwOnlyArgCount { get; set; }
        public int NLocals { get; set; }
        public int StackSize { get; set; }
        /// <summary>co_flags as dis.pretty_flags prints them, e.g. "OPTIMIZED, NEWLOCALS".</summary>
        public string Flags { get; set; } = "";
        public uint FlagsValue { get; set; }
        /// <summary>co_code as lowercase hex.</summary>
        public string Code { get; set; } = "";
        public int CodeSize { get; set; }
        /// <summary>co_consts as values (a nested code object as its code path); its text (and Repr) is the tuple's repr.</summary>
        public TupleValue Consts { get; set; } = new TupleValue(Array.Empty<object?>(), "()");
        /// <summary>co_names as strings; its text (and Repr) is the tuple's repr.</summary>
        public NameTuple Names { get; set; } = NameTuple.Empty;
        public NameTuple VarNames { get; set; } = NameTuple.Empty;
        public NameTuple FreeVars { get; set; } = NameTuple.Empty;
        public NameTuple CellVars { get; set; } = NameTuple.Empty;
        /// <summary>co_lnotab (before 3.10) or co_linetable as hex.</summary>
        public string LineTable { get; set; } = "";
        /// <summary>co_exceptiontable as hex (3.11+), else empty.</summary>
        public string ExceptionTable { get; set; } = "";

        /// <summary>The record of a walked code object: co_* fields as properties (tuples as values, bytes as hex).</summary>
        /// <param name="header">The header of its file, which Export-PyPyc writes again.</param>
        public static PyCodeObject From(WalkedCode where, string? path, PycHeader? header = null) => From(new CodeContext(where, path), header);

        internal static PyCodeObject From(CodeContext ctx, PycHeader? header)
        {
            var where = ctx.Where;
            var code = where.Code;
            var rules = code.Release.Repr;
            var consts = new object?[code.Consts.Length];
            for (int i = 0; i < consts.Length; i++) consts[i] = ctx.Const(i);
            return new PyCodeObject(code, header)
            {
                Path = ctx.Path, PythonVersion = ctx.Version, CodePath = where.Path, Level = where.Level,
                Name = code.Name, QualName = ctx.QualName, Filename = code.Filename, FirstLineNo = code.FirstLineNo,
                ArgCount = code.ArgCount, PosOnlyArgCount = code.PosOnlyArgCount, KwOnlyArgCount = code.KwOnlyArgCount,
                NLocals = code.NLocals, StackSize = code.StackSize,
                Flags = CodeInfoFormatter.PrettyFlags(code.RawFlags, code.Release), FlagsValue = code.RawFlags,
                Code = Hex.Of(code.Code), CodeSize = code.Code.Length,
                Consts = new TupleValue(consts, () => PyRepr.Tuple(code.Consts.Select(c => PyRepr.Repr(c, rules)))),
                Names = new NameTuple(code.Names, rules), VarNames = new NameTuple(code.VarNames, rules),
                FreeVars = new NameTuple(code.FreeVars, rules), CellVars = new NameTuple(code.CellVars, rules),
                LineTable = Hex.Of(code.LineTable), ExceptionTable = Hex.Of(code.ExceptionTable),
            };
        }

        public override string ToString() => CodePath;
    }
}
