using System;
using System.Collections.Generic;
using System.Threading;

namespace PyDis.Core.Opcodes
{
    /// <summary>
    /// The complete opcode table of one CPython version, generated from that interpreter's opcode and dis
    /// modules (Opcodes/Generated). Every byte 0-255 has an entry; 3.12+ pseudo opcodes (&gt;= 256) are kept
    /// apart because they never occur in bytecode. A release's table is <c>Release.Opcodes</c>.
    /// </summary>
    public sealed class OpcodeTable
    {
        private static readonly string[] None = Array.Empty<string>();
        // Name -> opcode, made on the first GetOpcode: disassembling never asks, and hashing 250 names cost 4 % of a
        // one-file run's instructions.
        private Dictionary<string, int>? _byName;

        internal OpcodeTable(PyVersion version, string pythonBuild, int haveArgument, int extendedArg,
            OpcodeInfo[] ops, OpcodeInfo[] pseudoOps, string[] cmpOp)
        {
            if (ops.Length != 256) throw new ArgumentException("an opcode table has 256 entries", nameof(ops));
            Version = version;
            PythonBuild = pythonBuild;
            HaveArgument = haveArgument;
            ExtendedArg = extendedArg;
            Ops = OpArray = ops;
            PseudoOps = pseudoOps;
            CmpOp = cmpOp;
        }

        private Dictionary<string, int> ByName()
        {
            var byName = Volatile.Read(ref _byName);
            if (byName != null) return byName;
            byName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var op in OpArray)
                if (op.IsValid && !byName.ContainsKey(op.Name)) byName.Add(op.Name, op.Code);
            foreach (var op in PseudoOps) byName[op.Name] = op.Code;
            return Interlocked.CompareExchange(ref _byName, byName, null) ?? byName;
        }

        public PyVersion Version { get; }
        /// <summary>The interpreter release the table was generated from, e.g. "3.12.1".</summary>
        public string PythonBuild { get; }
        public int HaveArgument { get; }
        public int ExtendedArg { get; }
        /// <summary>Entries for opcode bytes 0-255, indexed by opcode.</summary>
        public IReadOnlyList<OpcodeInfo> Ops { get; }
        /// <summary><see cref="Ops"/> as the array it is: the decoder's per-instruction lookup without an interface call.</summary>
        internal OpcodeInfo[] OpArray { get; }
        /// <summary>3.12+ pseudo opcodes (number &gt;= 256), as the opcode module lists them.</summary>
        public IReadOnlyList<OpcodeInfo> PseudoOps { get; }
        public IReadOnlyList<string> CmpOp { get; }

        /// <summary>argrepr of each BINARY_OP oparg (3.11+ _nb_ops), else empty.</summary>
        public IReadOnlyList<string> NbOps { get; internal set; } = None;
        /// <summary>3.12+ _intrinsic_1_descs / _intrinsic_2_descs.</summary>
        public IReadOnlyList<string> Intrinsic1 { get; internal set; } = None;
        public IReadOnlyList<string> Intrinsic2 { get; internal set; } = None;
        /// <summary>3.14+ _special_method_names (LOAD_SPECIAL).</summary>
        public IReadOnlyList<string> SpecialMethodNames { get; internal set; } = None;
        /// <summary>3.14+ repr() of each _common_constants entry (LOAD_COMMON_CONSTANT argval where it is the object).</summary>
        public IReadOnlyList<string> CommonConstantReprs { get; internal set; } = None;
        /// <summary>3.14+ LOAD_COMMON_CONSTANT argrepr per oparg (type name, else repr).</summary>
        public IReadOnlyList<string> CommonConstantArgReprs { get; internal set; } = None;
        /// <summary>Whether LOAD_COMMON_CONSTANT's argval is the object (3.15) rather than the oparg (3.14).</summary>
        public bool CommonConstantArgValIsObject { get; internal set; }
        /// <summary>repr() of the conversion callables (None, str, repr, ascii) for FORMAT_VALUE / CONVERT_VALUE.</summary>
        public IReadOnlyList<string> ConversionReprs { get; internal set; } = None;
        /// <summary>Flag names of MAKE_FUNCTION (3.8-3.12) or SET_FUNCTION_ATTRIBUTE (3.13+), bit 0 first.</summary>
        public IReadOnlyList<string> FunctionFlagNames { get; internal set; } = None;

        /// <summary>3.12+ MIN_INSTRUMENTED_OPCODE: opcodes from this number up are instrumented forms, never in a .pyc; null before 3.12.</summary>
        public int? MinInstrumentedOpcode { get; internal set; }

        public OpcodeInfo this[int opcode] => Ops[opcode];

        /// <summary>Opcode number of a name (base, specialised or pseudo), or -1.</summary>
        public int GetOpcode(string name) => ByName().TryGetValue(name, out int op) ? op : -1;
    }
}
