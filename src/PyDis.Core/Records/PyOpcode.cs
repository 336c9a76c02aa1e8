using System;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Records
{
    /// <summary>One row of a version's opcode table (dis.opmap with its properties).</summary>
    public sealed class PyOpcode
    {
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string Name { get; set; } = "";
        public int OpCode { get; set; }
        public bool HasArgument { get; set; }
        /// <summary>Inline cache entries (2-byte units) that follow the instruction (3.11+), else 0.</summary>
        public int CacheCount { get; set; }
        /// <summary>How the engine resolves the argument (const, name, jump, local, compare, …).</summary>
        public string ArgKind { get; set; } = "";
        /// <summary>The deoptimised family name for a specialised instruction, else the name itself.</summary>
        public string BaseName { get; set; } = "";

        /// <summary>The record of one opcode of a release's table.</summary>
        public static PyOpcode From(OpcodeInfo op, OpcodeTable table) => new PyOpcode
        {
            PythonVersion = table.Version.AsSystemVersion(), Name = op.Name, OpCode = op.Code, HasArgument = op.HasArg,
            CacheCount = op.CacheCount, ArgKind = op.ArgKind.ToString(), BaseName = table[op.BaseOpCode].Name,
        };

        public override string ToString() => $"{OpCode} {Name}";
    }
}
