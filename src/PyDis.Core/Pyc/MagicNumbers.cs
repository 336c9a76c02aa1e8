using System;
using System.Collections.Generic;
using PyDis.Core.Releases;

namespace PyDis.Core.Pyc
{
    /// <summary>What a magic number says about a file (<see cref="MagicNumbers.Classify"/>).</summary>
    public enum MagicStatus
    {
        /// <summary>A release PyDis reads.</summary>
        Supported,
        /// <summary>An older line PyDis recognises but does not read (1.5-2.6).</summary>
        Older,
        /// <summary>No CPython release PyDis knows uses it.</summary>
        Unknown,
    }

    /// <summary>
    /// Magic-number lookups over the release registry, where each release lists its magics
    /// (<see cref="PycRules"/>), plus the older lines PyDis recognises but does not read, named in errors.
    /// </summary>
    public static class MagicNumbers
    {
        /// <summary>Bytes 2-3 of every magic word.</summary>
        public const ushort CrLf = 0x0A0D;

        // Release lines PyDis does not read, named in errors so a 2.6 or 1.5 file is recognised as such.
        private static readonly KeyValuePair<ushort, string>[] Older =
        {
            P(20121, "1.5"), P(50428, "1.6"), P(50823, "2.0"), P(60202, "2.1"), P(60717, "2.2"), P(62011, "2.3"),
            P(62021, "2.3a0"), P(62041, "2.4a0"), P(62051, "2.4a3"), P(62061, "2.4"), P(62071, "2.5a0"),
            P(62081, "2.5a0"), P(62091, "2.5a0"), P(62092, "2.5a0"), P(62101, "2.5b3"), P(62111, "2.5b3"),
            P(62121, "2.5c1"), P(62131, "2.5"), P(62151, "2.6a0"), P(62161, "2.6"),
        };

        /// <summary>
        /// What a magic number says about a file: a supported release (<paramref name="info"/> set), an older line
        /// PyDis recognises but does not read (1.5-2.6), or nothing PyDis knows (a higher number is not taken for
        /// a newer Python: magics are not allocated in order across lines, and most unknown words are not pycs).
        /// <paramref name="label"/> names the build or line ("3.12", "2.6"), empty when unknown.
        /// </summary>
        public static MagicStatus Classify(ushort magic, out MagicInfo? info, out string label)
        {
            if (TryGet(magic, out var known))
            {
                info = known;
                label = known.Label;
                return MagicStatus.Supported;
            }
            info = null;
            if (TryGetUnsupported(magic, out label)) return MagicStatus.Older;
            label = "";
            return MagicStatus.Unknown;
        }

        /// <summary>Every known magic of the supported releases, in numeric order.</summary>
        public static IReadOnlyList<MagicInfo> All => ReleaseRegistry.Supported.Magics;

        public static bool TryGet(ushort magic, out MagicInfo info) => ReleaseRegistry.Supported.TryGetMagic(magic, out info);

        /// <summary>The release line of a magic PyDis recognises but does not read (1.5-2.6), e.g. "2.6".</summary>
        public static bool TryGetUnsupported(ushort magic, out string version)
        {
            foreach (var o in Older)
                if (o.Key == magic)
                {
                    version = o.Value;
                    return true;
                }
            version = "";
            return false;
        }

        /// <summary>
        /// Describes a magic PyDis does not read: an older line it recognises, else an unknown number with the
        /// magics the supported releases use ("2.7: 62171-62212; 3.0-3.15: 3000-3655"), and, for a number inside
        /// one of those ranges (a pre-release build, or a damaged word), the nearest known ones.
        /// </summary>
        public static string DescribeUnknown(ushort magic)
        {
            foreach (var o in Older)
                if (o.Key == magic)
                    return $"magic number {magic} is Python {o.Value}, which PyDis does not read (it reads {ReleaseRegistry.Supported.RangeText(" and ")})";
            string nearest = "";
            foreach (var range in ReleaseRegistry.Supported.MagicRanges())
            {
                if (magic < range.Low || magic > range.High) continue;
                MagicInfo? below = null, above = null;
                foreach (var m in All)
                {
                    if (m.Magic < magic) below = m;
                    else if (m.Magic > magic) { above = m; break; }
                }
                nearest = $"the nearest known are {below} and {above}; ";
            }
            return $"magic number {magic} is not one a CPython release PyDis knows uses ({nearest}it knows {ReleaseRegistry.Supported.MagicRangeText()})";
        }

        private static KeyValuePair<ushort, string> P(int magic, string label) => new KeyValuePair<ushort, string>((ushort)magic, label);
    }
}
