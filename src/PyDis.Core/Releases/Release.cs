using System;
using System.Threading;
using PyDis.Core.Opcodes;

namespace PyDis.Core.Releases
{
    /// <summary>
    /// The rules of CPython release line X.Y: every fact PyDis keys on the version hangs from here, so no other
    /// code compares versions. Get one from <see cref="ReleaseRegistry.Supported"/> (or <see cref="Of"/>), or
    /// from a code object (<c>code.Release</c>).
    /// </summary>
    public sealed class Release
    {
        private readonly Func<OpcodeTable> _buildOpcodes;
        private OpcodeTable? _opcodes;
        private readonly Func<StackEffectTable>? _buildStackEffects;
        private StackEffectTable? _stackEffects;

        internal Release(ReleaseEntry entry)
        {
            Version = entry.Version;
            Pyc = new PycRules(entry.Version, entry.Magics);
            Marshal = entry.Marshal!;
            Decode = entry.Decode!;
            Tables = entry.Tables!;
            Format = entry.Format!;
            Repr = entry.Repr!;
            Flow = entry.Flow!;
            _buildOpcodes = entry.OpcodeTable!;
            _buildStackEffects = entry.StackEffectTable;
        }

        public PyVersion Version { get; }

        /// <summary>Magic numbers and the pyc header layout each starts.</summary>
        public PycRules Pyc { get; }

        /// <summary>Type codes and the code-object field order of the release's marshal format.</summary>
        public MarshalRules Marshal { get; }

        /// <summary>The release's generated opcode table, built on first use.</summary>
        public OpcodeTable Opcodes
        {
            get
            {
                var table = Volatile.Read(ref _opcodes);
                if (table != null) return table;
                table = _buildOpcodes();
                return Interlocked.CompareExchange(ref _opcodes, table, null) ?? table;
            }
        }

        /// <summary>Whether the release has a stack-effect table (dis.stack_effect, or compile.c's before 3.4).</summary>
        public bool HasStackEffects => _buildStackEffects != null;

        /// <summary>The release's generated stack-effect table, built on first use.</summary>
        /// <exception cref="NotSupportedException">The release has none (<see cref="HasStackEffects"/>).</exception>
        public StackEffectTable StackEffects
        {
            get
            {
                var table = Volatile.Read(ref _stackEffects);
                if (table != null) return table;
                if (_buildStackEffects is null)
                    throw new NotSupportedException($"PyDis has no stack-effect table for Python {Version}.");
                table = _buildStackEffects();
                return Interlocked.CompareExchange(ref _stackEffects, table, null) ?? table;
            }
        }

        /// <summary>The decoding algorithm's rules: encoding, EXTENDED_ARG, jumps, labels, CACHE rows.</summary>
        public DecodeRules Decode { get; }

        /// <summary>Line table, location table and exception table formats.</summary>
        public TableRules Tables { get; }

        /// <summary>The dis text: column layout, recursion, options the release's dis has, flag names.</summary>
        public FormatRules Format { get; }

        /// <summary>repr() of constants: Python 2 or 3 objects, float style, Unicode database, set order.</summary>
        public ReprRules Repr { get; }

        /// <summary>How the release's compiler walked its control flow to compute co_stacksize (PyDis.Core.Flow).</summary>
        public FlowRules Flow { get; }

        /// <summary>The supported release <paramref name="version"/> (<see cref="ReleaseRegistry.Supported"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">PyDis does not read that release line.</exception>
        public static Release Of(PyVersion version) => ReleaseRegistry.Supported.Get(version);

        public override string ToString() => Version.ToString();
    }
}
