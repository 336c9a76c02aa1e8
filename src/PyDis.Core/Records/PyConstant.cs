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

        public override string ToString() => Repr;
    }
}
