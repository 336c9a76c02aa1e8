using PyDis.Core.Model;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>One entry of a code object's co_consts: its Python type name and repr().</summary>
    public sealed class PyConstant
    {
        public string? Path { get; set; }
        public string PythonVersion { get; set; } = "";
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        /// <summary>Index in co_consts.</summary>
        public int Index { get; set; }
        /// <summary>Python type name: int, str, bytes, tuple, frozenset, code, NoneType, …</summary>
        public string Type { get; set; } = "";
        public string Repr { get; set; } = "";

        /// <summary>The record of co_consts[<paramref name="index"/>] of a walked code object: its Python type name and repr.</summary>
        public static PyConstant From(WalkedCode where, int index, string? path)
        {
            var code = where.Code;
            var rules = code.Release.Repr;
            return new PyConstant
            {
                Path = path, PythonVersion = code.Version.ToString(), CodeName = code.Name,
                QualName = code.QualName, CodePath = where.Path, Index = index,
                Type = PyRepr.TypeName(code.Consts[index], rules), Repr = PyRepr.Repr(code.Consts[index], rules),
            };
        }

        public override string ToString() => Repr;
    }
}
