using System.Linq;
using PyDis.Core.Formatting;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>
    /// A code object with its co_* fields as flat properties (tuples as Python reprs, bytes as hex) so it
    /// exports cleanly; <see cref="GetCodeObject"/> hands the engine object to the other cmdlets
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
        public string PythonVersion { get; set; } = "";
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
        public string Consts { get; set; } = "";
        public string Names { get; set; } = "";
        public string VarNames { get; set; } = "";
        public string FreeVars { get; set; } = "";
        public string CellVars { get; set; } = "";
        /// <summary>co_lnotab (before 3.10) or co_linetable as hex.</summary>
        public string LineTable { get; set; } = "";
        /// <summary>co_exceptiontable as hex (3.11+), else empty.</summary>
        public string ExceptionTable { get; set; } = "";

        /// <summary>The record of a walked code object: co_* fields as flat properties (tuples as reprs, bytes as hex).</summary>
        /// <param name="header">The header of its file, which Export-PyPyc writes again.</param>
        public static PyCodeObject From(WalkedCode where, string? path, PycHeader? header = null)
        {
            var code = where.Code;
            var rules = code.Release.Repr;
            return new PyCodeObject(code, header)
            {
                Path = path, PythonVersion = code.Version.ToString(), CodePath = where.Path, Level = where.Level,
                Name = code.Name, QualName = code.QualName, Filename = code.Filename, FirstLineNo = code.FirstLineNo,
                ArgCount = code.ArgCount, PosOnlyArgCount = code.PosOnlyArgCount, KwOnlyArgCount = code.KwOnlyArgCount,
                NLocals = code.NLocals, StackSize = code.StackSize,
                Flags = CodeInfoFormatter.PrettyFlags(code.RawFlags, code.Release), FlagsValue = code.RawFlags,
                Code = Hex.Of(code.Code), CodeSize = code.Code.Length,
                Consts = PyRepr.Tuple(code.Consts.Select(c => PyRepr.Repr(c, rules))),
                Names = NameTuple(code.Names, rules), VarNames = NameTuple(code.VarNames, rules),
                FreeVars = NameTuple(code.FreeVars, rules), CellVars = NameTuple(code.CellVars, rules),
                LineTable = Hex.Of(code.LineTable), ExceptionTable = Hex.Of(code.ExceptionTable),
            };
        }

        private static string NameTuple(string[] names, Releases.ReprRules rules) => PyRepr.Tuple(names.Select(n => PyRepr.Name(n, rules)));

        public override string ToString() => CodePath;
    }
}
