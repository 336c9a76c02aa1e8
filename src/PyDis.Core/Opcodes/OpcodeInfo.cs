using System;

namespace PyDis.Core.Opcodes
{
    /// <summary>One named inline-cache field of an opcode (3.11+ opcode._cache_format).</summary>
    public readonly struct CacheField
    {
        public CacheField(string name, int size) { Name = name; Size = size; }

        public string Name { get; }
        /// <summary>Size in 2-byte code units.</summary>
        public int Size { get; }
    }

    /// <summary>
    /// One opcode number of one version, with what that version's dis derives for it: the name dis shows,
    /// whether it reads an oparg, how the oparg resolves, inline caches and the deoptimised base opcode.
    /// Properties that dis takes from the base opcode (<see cref="HasArg"/>, <see cref="ArgKind"/>,
    /// <see cref="CacheCount"/>, <see cref="CacheFormat"/>) are already those of the base.
    /// </summary>
    public sealed class OpcodeInfo
    {
        private static readonly CacheField[] NoCaches = new CacheField[0];

        public OpcodeInfo(int code, string name, bool isValid, bool hasArg, ArgKind argKind, int cacheCount,
            int baseOpCode, OpcodeFlags flags, CacheField[]? cacheFormat = null)
        {
            Code = code;
            Name = name;
            IsValid = isValid;
            HasArg = hasArg;
            ArgKind = argKind;
            CacheCount = cacheCount;
            BaseOpCode = baseOpCode;
            Flags = flags;
            CacheFormat = cacheFormat ?? NoCaches;
        }

        public int Code { get; }
        /// <summary>The name dis shows ("&lt;N&gt;" for a number the version does not define).</summary>
        public string Name { get; }
        /// <summary>False for a number the version does not define.</summary>
        public bool IsValid { get; }
        /// <summary>Whether dis reads an oparg for this opcode (op &gt;= HAVE_ARGUMENT, or hasarg from 3.12).</summary>
        public bool HasArg { get; }
        public ArgKind ArgKind { get; }
        /// <summary>Inline cache code units following the instruction (3.11+).</summary>
        public int CacheCount { get; }
        public CacheField[] CacheFormat { get; }
        /// <summary>The deoptimised opcode (dis._deoptop); equal to <see cref="Code"/> for base opcodes.</summary>
        public int BaseOpCode { get; }
        /// <summary>This opcode's own membership in the has* lists.</summary>
        public OpcodeFlags Flags { get; }

        public bool IsSpecialized => BaseOpCode != Code;

        public override string ToString() => Code + " " + Name;
    }
}
