using System;
using System.Collections.Generic;
using PyDis.Core.Code;
using PyDis.Core.Decoding;
using PyDis.Core.Marshal;
using PyDis.Core.Records;

namespace PyDis.Core
{
    // Temporary: the engine calls, filled in as container, decoder, tables, repr and formatter merge.
    public static partial class Query
    {
        private static PycFormatException Pending(string what) => new PycFormatException(0, what, "engine piece not merged yet");

        private static bool TryVersionOfMagic(int magic, out PyVersion version)
        {
            version = default;
            return false;
        }

        private static PycSource LoadFile(byte[] data, string path) => throw Pending("container");

        private static IEnumerable<Instruction> DecodeCode(CodeObject code, bool showCaches) => throw Pending("decoder");

        public static string ShowCodeText(PycSource source, ShowCodeOptions options) => throw Pending("formatter");

        private static IEnumerable<(int Offset, int? Line)> LineStartsOf(CodeObject code) => throw Pending("tables");

        private static string PrettyFlags(uint flags, PyVersion version) => flags.ToString();

        private static string ConstRepr(PyObject value, PyVersion version) => throw Pending("repr");

        private static string NameRepr(string name, PyVersion version) => "'" + name + "'";

        public static PycInfo GetPycInfo(PycSource source) => throw Pending("container");

        public static IEnumerable<PyExceptionTableEntry> GetExceptionTable(PycSource source, int? depth) => throw Pending("tables");

        public static IEnumerable<PyOpcode> GetOpcodes(PyVersion version, Func<string, bool>? nameFilter) => throw Pending("opcodes");
    }
}
