using System;

namespace PyDis.Core.Records
{
    /// <summary>
    /// What ConvertTo-PyBytecode assembled: co_code and its line and exception tables for one release, as hex
    /// (like Get-PyCodeObject's Code, LineTable and ExceptionTable); the Get… methods give the bytes. Its text
    /// is the hex of co_code, so it pipes into ConvertFrom-PyBytecode.
    /// </summary>
    public sealed class PyBytecode
    {
        private readonly byte[] _code, _lineTable, _exceptionTable;

        public PyBytecode(byte[] code, byte[] lineTable, byte[] exceptionTable)
        {
            _code = code;
            _lineTable = lineTable;
            _exceptionTable = exceptionTable;
        }

        public byte[] GetCode() => (byte[])_code.Clone();
        public byte[] GetLineTable() => (byte[])_lineTable.Clone();
        public byte[] GetExceptionTable() => (byte[])_exceptionTable.Clone();

        public Version PythonVersion { get; set; } = new Version(0, 0);
        /// <summary>co_code as lowercase hex.</summary>
        public string Code { get; set; } = "";
        public int Size { get; set; }
        /// <summary>Instructions assembled (EXTENDED_ARG prefixes and caches not counted).</summary>
        public int InstructionCount { get; set; }
        /// <summary>The line table counts from this line (co_firstlineno).</summary>
        public int FirstLineNo { get; set; }
        /// <summary>co_lnotab (before 3.10) or co_linetable as hex.</summary>
        public string LineTable { get; set; } = "";
        /// <summary>co_exceptiontable (3.11+) as hex, else empty.</summary>
        public string ExceptionTable { get; set; } = "";

        public override string ToString() => Code;
    }
}
