namespace PyDis.Core.Releases
{
    /// <summary>How one instruction line's fields are put together.</summary>
    public enum FieldJoin
    {
        /// <summary>2.7 <c>print x,</c>: one space between fields, padding of the last field kept.</summary>
        Softspace,
        /// <summary>3.0–3.3 <c>print(x, end=' ')</c>: every field followed by one space, so lines end in a space.</summary>
        SpaceAfterEach,
        /// <summary>3.4–3.12 <c>Instruction._disassemble</c>: <c>' '.join(fields).rstrip()</c>, line/marker/offset order.</summary>
        JoinRstrip,
        /// <summary>3.13+ <c>Formatter</c>: line, label, optional offset, marker; <c>rstrip</c>; long opnames eat the arg column.</summary>
        LabelFormatter,
    }

    /// <summary>What <c>show_caches</c> prints after an instruction that has inline caches.</summary>
    public enum CacheLines
    {
        /// <summary>Before 3.11: no inline caches.</summary>
        None,
        /// <summary>3.11: CACHE lines; the value only on the first unit of a field of a quickened instruction.</summary>
        ValueWhenQuickened,
        /// <summary>3.12: CACHE lines; the value on the first unit of every field; each line may carry <c>--&gt;</c>.</summary>
        ValueAlways,
        /// <summary>3.13+: CACHE lines from cache_info, never marked current, sharing the instruction's positions.</summary>
        FromCacheInfo,
    }

    /// <summary>The optional parts of a release's dis: keyword arguments of dis.dis and the code_info function.</summary>
    public enum DisFeature
    {
        /// <summary><c>show_caches=</c> (3.11+).</summary>
        ShowCaches,
        /// <summary><c>show_offsets=</c> (3.13+).</summary>
        ShowOffsets,
        /// <summary><c>show_positions=</c> (3.14+).</summary>
        ShowPositions,
        /// <summary><c>depth=</c> (3.7+; dis.dis recurses into nested code objects).</summary>
        Depth,
        /// <summary><c>dis.code_info</c> (3.2+).</summary>
        CodeInfo,
    }

    /// <summary>
    /// The format rules of a release: every way its <c>dis</c> text differs from another release's, as data
    /// (the formatter holds no version comparisons), plus the options its dis has and its flag names.
    /// </summary>
    public sealed class FormatRules
    {
        internal static FormatRules Of(PyVersion version) => new FormatRules(version);

        private FormatRules(PyVersion version)
        {
            Version = version;
            bool v3 = version.Major == 3;
            Join = !v3 ? FieldJoin.Softspace
                : version < new PyVersion(3, 4) ? FieldJoin.SpaceAfterEach
                : version < new PyVersion(3, 13) ? FieldJoin.JoinRstrip
                : FieldJoin.LabelFormatter;
            ParenthesizeEmptyNames = Join == FieldJoin.Softspace || Join == FieldJoin.SpaceAfterEach;
            Recurses = version >= new PyVersion(3, 7);
            WidensColumns = version >= new PyVersion(3, 7);
            LineColumnNeedsLines = version >= new PyVersion(3, 10);
            BareOpnameWidth = version < new PyVersion(3, 4) ? 15 : 20;
            Caches = version < new PyVersion(3, 11) ? CacheLines.None
                : version == new PyVersion(3, 11) ? CacheLines.ValueWhenQuickened
                : version == new PyVersion(3, 12) ? CacheLines.ValueAlways
                : CacheLines.FromCacheInfo;
            LastiCoversCaches = version >= new PyVersion(3, 12);
            HasShowOffsets = version >= new PyVersion(3, 13);
            HasShowPositions = version >= new PyVersion(3, 14);
            HasCodeInfo = version >= new PyVersion(3, 2);
            HasPosOnlyArgs = version >= new PyVersion(3, 8);

            // Lib/dis.py COMPILER_FLAG_NAMES of each release line.
            var names = new string?[32];
            string[] common = { "OPTIMIZED", "NEWLOCALS", "VARARGS", "VARKEYWORDS", "NESTED", "GENERATOR", "NOFREE" };
            for (int i = 0; i < common.Length; i++) names[i] = common[i];
            if (version >= new PyVersion(3, 5)) { names[7] = "COROUTINE"; names[8] = "ITERABLE_COROUTINE"; }
            if (version >= new PyVersion(3, 6)) names[9] = "ASYNC_GENERATOR";
            if (version >= new PyVersion(3, 14)) { names[26] = "HAS_DOCSTRING"; names[27] = "METHOD"; }
            FlagNames = names;
        }

        public PyVersion Version { get; }
        public FieldJoin Join { get; }
        /// <summary>
        /// 2.7–3.3 print <c>'(' + name + ')'</c> for every name, local and free oparg, so an empty name shows as
        /// <c>()</c>; from 3.4 an empty argrepr prints nothing.
        /// </summary>
        public bool ParenthesizeEmptyNames { get; }
        /// <summary>3.7+: <c>dis()</c> recurses into nested code objects and takes <c>depth</c>.</summary>
        public bool Recurses { get; }
        /// <summary>3.7+: line column widens past line 999, offset column past offset 9999.</summary>
        public bool WidensColumns { get; }
        /// <summary>3.10+: the line column is omitted when the code has no line starts (<c>bool(linestarts)</c>).</summary>
        public bool LineColumnNeedsLines { get; }
        /// <summary>
        /// dis.dis(bytes): opname column width. Before 3.4 disassemble_string (3.2-3.3: _disassemble_bytes) pads
        /// to 15 (disassemble to 20); from 3.4 bytes print through the same code as code objects.
        /// </summary>
        public int BareOpnameWidth { get; }
        public CacheLines Caches { get; }
        /// <summary>3.12+: without CACHE lines, <c>lasti</c> inside an instruction's caches marks the instruction.</summary>
        public bool LastiCoversCaches { get; }
        public bool HasShowCaches => Caches != CacheLines.None;
        public bool HasShowOffsets { get; }
        public bool HasShowPositions { get; }
        /// <summary>3.2+: <c>dis.code_info</c>.</summary>
        public bool HasCodeInfo { get; }
        /// <summary>3.8+: code_info prints "Positional-only arguments".</summary>
        public bool HasPosOnlyArgs { get; }
        /// <summary>COMPILER_FLAG_NAMES: index = bit number, null where the release names no flag.</summary>
        public string?[] FlagNames { get; }

        /// <summary>Whether this release's dis has <paramref name="feature"/>.</summary>
        public bool Has(DisFeature feature)
        {
            switch (feature)
            {
                case DisFeature.ShowCaches: return HasShowCaches;
                case DisFeature.ShowOffsets: return HasShowOffsets;
                case DisFeature.ShowPositions: return HasShowPositions;
                case DisFeature.Depth: return Recurses;
                default: return HasCodeInfo;
            }
        }

        /// <summary>The name dis gives a feature: its keyword (<c>show_caches</c>, <c>depth</c>) or function (<c>code_info</c>).</summary>
        public static string PythonName(DisFeature feature)
        {
            switch (feature)
            {
                case DisFeature.ShowCaches: return "show_caches";
                case DisFeature.ShowOffsets: return "show_offsets";
                case DisFeature.ShowPositions: return "show_positions";
                case DisFeature.Depth: return "depth";
                default: return "code_info";
            }
        }
    }
}
