using System;

namespace PyDis.Core.Opcodes
{
    /// <summary>Membership of an opcode in the opcode module's has* lists (as that version defines them).</summary>
    [Flags]
    public enum OpcodeFlags
    {
        None = 0,
        HasConst = 1 << 0,
        HasName = 1 << 1,
        HasJrel = 1 << 2,
        HasJabs = 1 << 3,
        HasLocal = 1 << 4,
        HasCompare = 1 << 5,
        HasFree = 1 << 6,
        /// <summary>3.6-3.11 hasnargs.</summary>
        HasNArgs = 1 << 7,
        /// <summary>3.12+ hasarg.</summary>
        HasArg = 1 << 8,
        /// <summary>3.12+ hasexc.</summary>
        HasExc = 1 << 9,
        /// <summary>3.13+ hasjump.</summary>
        HasJump = 1 << 10,
    }
}
