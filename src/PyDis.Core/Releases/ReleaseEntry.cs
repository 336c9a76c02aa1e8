using System;
using System.Collections.Generic;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Releases
{
    /// <summary>
    /// What a registry is built from: one release line and every piece of its rules. A registry refuses an
    /// entry that lacks a piece and names each missing one (<see cref="ReleaseRegistry.MissingPieces"/>).
    /// </summary>
    public sealed class ReleaseEntry
    {
        public ReleaseEntry(PyVersion version) { Version = version; }

        public PyVersion Version { get; }

        /// <summary>The magic numbers that name the release (at least one final-release magic).</summary>
        public IList<MagicSpec> Magics { get; } = new List<MagicSpec>();

        /// <summary>Builds the release's generated opcode table (Opcodes/Generated); called once, on first use.</summary>
        public Func<OpcodeTable>? OpcodeTable { get; set; }

        /// <summary>Builds the release's generated stack-effect table (Opcodes/Generated); called once, on first use.</summary>
        public Func<StackEffectTable>? StackEffectTable { get; set; }

        /// <summary>Declares that the release has no stack-effect table (yet).</summary>
        public bool StackEffectTableAbsent { get; set; }

        public MarshalRules? Marshal { get; set; }
        public DecodeRules? Decode { get; set; }
        public TableRules? Tables { get; set; }
        public FormatRules? Format { get; set; }
        public ReprRules? Repr { get; set; }
        public FlowRules? Flow { get; set; }

        /// <summary>
        /// An entry with the rules every release takes from its version (the eras in each rules type: a new
        /// release inherits the newest era until a rule changes), but no magic numbers and no opcode table.
        /// <paramref name="unicodeVersion"/>: unicodedata.unidata_version of the release, e.g. "15.0".
        /// </summary>
        public static ReleaseEntry WithStandardRules(PyVersion version, string? unicodeVersion) => new ReleaseEntry(version)
        {
            Marshal = MarshalRules.Of(version),
            Decode = DecodeRules.Of(version),
            Tables = TableRules.Of(version),
            Format = FormatRules.Of(version),
            Repr = ReprRules.Of(version, unicodeVersion),
            Flow = FlowRules.Of(version),
        };
    }
}
