using System;
using System.Collections.Generic;

namespace PyDis.Core.Formatting
{
    /// <summary>How one instruction line's fields are put together.</summary>
    internal enum FieldJoin
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
    internal enum CacheLines
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

    /// <summary>
    /// Every way one version's <c>dis</c> text differs from another's, as data: the formatter holds no
    /// version comparisons of its own. One profile per release line, built from the eras below.
    /// </summary>
    internal sealed class FormatProfile
    {
        // Keyed by Major * 100 + Minor: ReadyToRun precompiles Dictionary<int, …>, not Dictionary<PyVersion, …>.
        private static readonly Dictionary<int, FormatProfile> Cache = new Dictionary<int, FormatProfile>();

        private FormatProfile(PyVersion version)
        {
            Version = version;
            Join = version.Major == 2 ? FieldJoin.Softspace
                : version.Minor <= 3 ? FieldJoin.SpaceAfterEach
                : version.Minor <= 12 ? FieldJoin.JoinRstrip
                : FieldJoin.LabelFormatter;
            bool v3 = version.Major == 3;
            ParenthesizeEmptyNames = Join == FieldJoin.Softspace || Join == FieldJoin.SpaceAfterEach;
            Recurses = v3 && version.Minor >= 7;
            WidensColumns = v3 && version.Minor >= 7;
            LineColumnNeedsLines = v3 && version.Minor >= 10;
            BareOpnameWidth = v3 ? 20 : 15;
            Caches = !v3 || version.Minor <= 10 ? CacheLines.None
                : version.Minor == 11 ? CacheLines.ValueWhenQuickened
                : version.Minor == 12 ? CacheLines.ValueAlways
                : CacheLines.FromCacheInfo;
            LastiCoversCaches = v3 && version.Minor >= 12;
            HasExceptionTable = v3 && version.Minor >= 11;
            HasShowOffsets = v3 && version.Minor >= 13;
            HasShowPositions = v3 && version.Minor >= 14;
            HasCodeInfo = v3 && version.Minor >= 2;
            HasPosOnlyArgs = v3 && version.Minor >= 8;
            FlagNames = FlagNamesFor(version);
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
        /// dis.dis(bytes): opname column width. 2.7's disassemble_string pads to 15 (disassemble to 20); 3.x
        /// prints bytes with the same _disassemble_bytes as code objects.
        /// </summary>
        public int BareOpnameWidth { get; }
        public CacheLines Caches { get; }
        /// <summary>3.12+: without CACHE lines, <c>lasti</c> inside an instruction's caches marks the instruction.</summary>
        public bool LastiCoversCaches { get; }
        public bool HasExceptionTable { get; }
        public bool HasShowCaches => Caches != CacheLines.None;
        public bool HasShowOffsets { get; }
        public bool HasShowPositions { get; }
        /// <summary>3.2+: <c>dis.code_info</c>.</summary>
        public bool HasCodeInfo { get; }
        /// <summary>3.8+: code_info prints "Positional-only arguments".</summary>
        public bool HasPosOnlyArgs { get; }
        /// <summary>COMPILER_FLAG_NAMES: index = bit number, null where the version names no flag.</summary>
        public string?[] FlagNames { get; }

        public static FormatProfile For(PyVersion version)
        {
            lock (Cache)
            {
                int key = version.Major * 100 + version.Minor;
                if (!Cache.TryGetValue(key, out var p))
                    Cache[key] = p = new FormatProfile(version);
                return p;
            }
        }

        /// <summary>Throws ArgumentException naming the first option this version's dis does not have.</summary>
        public void Validate(DisOptions options)
        {
            if (options.ShowCaches && !HasShowCaches) Reject("show_caches", "3.11");
            if (options.ShowOffsets && !HasShowOffsets) Reject("show_offsets", "3.13");
            if (options.ShowPositions && !HasShowPositions) Reject("show_positions", "3.14");
            if (options.Depth != null && !Recurses) Reject("depth", "3.7");
            if (options.Depth < 0) throw new ArgumentException("depth must be zero or more.", nameof(options));
        }

        private void Reject(string option, string since) =>
            throw new ArgumentException(
                $"Python {Version}'s dis has no {option} option (it was added in Python {since}).", "options");

        // Lib/dis.py COMPILER_FLAG_NAMES of each release line.
        private static string?[] FlagNamesFor(PyVersion v)
        {
            var names = new string?[32];
            string[] common = { "OPTIMIZED", "NEWLOCALS", "VARARGS", "VARKEYWORDS", "NESTED", "GENERATOR", "NOFREE" };
            for (int i = 0; i < common.Length; i++) names[i] = common[i];
            if (v.Major == 3 && v.Minor >= 5) { names[7] = "COROUTINE"; names[8] = "ITERABLE_COROUTINE"; }
            if (v.Major == 3 && v.Minor >= 6) names[9] = "ASYNC_GENERATOR";
            if (v.Major == 3 && v.Minor >= 14) { names[26] = "HAS_DOCSTRING"; names[27] = "METHOD"; }
            return names;
        }
    }
}
