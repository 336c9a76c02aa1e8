using System;
using PyDis.Core.Model;
using PyDis.Core.Repr;

namespace PyDis.Core.Records
{
    /// <summary>One entry of a code object's co_consts: its value, Python type name and repr().</summary>
    public sealed class PyConstant
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        /// <summary>Index in co_consts.</summary>
        public int Index { get; set; }
        /// <summary>Python type name: int, str, bytes, tuple, frozenset, code, NoneType, …</summary>
        public string Type { get; set; } = "";
        /// <summary>The constant as a value (<see cref="PyInstruction.ArgVal"/>'s rules: a string, a number, null, a <see cref="TupleValue"/>, a code path, …).</summary>
        public object? Value { get; set; }
        public string Repr { get; set; } = "";

        /// <summary>The record of co_consts[<paramref name="index"/>] of a walked code object: its Python type name and repr.</summary>
        public static PyConstant From(WalkedCode where, int index, string? path) => From(new CodeContext(where, path), index);

        internal static PyConstant From(CodeContext ctx, int index)
        {
            var code = ctx.Code;
            var rules = code.Release.Repr;
            return new PyConstant
            {
                Path = ctx.Path, PythonVersion = ctx.Version, CodeName = code.Name,
                QualName = ctx.QualName, CodePath = ctx.Where.Path, Index = index, Value = ctx.Const(index),
                Type = PyRepr.TypeName(code.Consts[index], rules), Repr = PyRepr.Repr(code.Consts[index], rules),
            };
        }

        public override string ToString() => Repr;
    }
}
