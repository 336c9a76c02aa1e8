using System;

namespace PyDis.Core.Records
{
    /// <summary>dis.stack_effect(opcode, oparg, jump=...) of one release, as Measure-PyStackEffect -OpName answers it.</summary>
    public sealed class PyOpcodeStackEffect
    {
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string OpName { get; set; } = "";
        public int OpCode { get; set; }
        /// <summary>The oparg asked about; null for none.</summary>
        public int? Arg { get; set; }
        /// <summary>jump=: null for None (the larger of the two), true for the jump, false for the fall-through.</summary>
        public bool? Jump { get; set; }
        public int Effect { get; set; }

        public override string ToString() => $"{OpName} {Effect}";
    }
}
