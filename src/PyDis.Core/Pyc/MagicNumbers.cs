using System;
using System.Collections.Generic;
using System.Globalization;

namespace PyDis.Core.Pyc
{
    /// <summary>How a magic number relates to its release line.</summary>
    public enum MagicKind
    {
        /// <summary>Written by a final release (or, for 3.15, the newest known build).</summary>
        Release,
        /// <summary>A release run with -U (2.7, 3.0, 3.1): the release magic + 1.</summary>
        UnicodeVariant,
        /// <summary>An alpha, beta or release-candidate build, or a development step between releases.</summary>
        PreRelease,
    }

    /// <summary>One known magic number: the release line that reads it and where it comes from.</summary>
    public sealed class MagicInfo
    {
        internal MagicInfo(ushort magic, PyVersion version, MagicKind kind, string label)
        {
            Magic = magic;
            Version = version;
            Kind = kind;
            Label = label;
        }

        public ushort Magic { get; }
        public PyVersion Version { get; }
        public MagicKind Kind { get; }
        /// <summary>The build it belongs to, as CPython's magic-number comments name it (e.g. "3.5.2", "3.11a7").</summary>
        public string Label { get; }

        public override string ToString() =>
            Magic.ToString(CultureInfo.InvariantCulture) + " (Python " + Label + (Kind == MagicKind.UnicodeVariant ? " -U" : "") + ")";
    }

    /// <summary>
    /// The magic numbers of CPython 2.7 and 3.0-3.15. Release magics come from the interpreters themselves
    /// (<c>imp.get_magic()</c> on 2.7, <c>importlib.util.MAGIC_NUMBER</c> on 3.6-3.15) and, for 3.0-3.5, from the
    /// "Known values" comment in Lib/importlib/_bootstrap_external.py; pre-release magics come from that comment
    /// (3.14+: Include/internal/pycore_magic_number.h).
    /// </summary>
    public static class MagicNumbers
    {
        /// <summary>Bytes 2-3 of every magic word.</summary>
        public const ushort CrLf = 0x0A0D;

        // int keys: ReadyToRun precompiles Dictionary<int, …>, not Dictionary<ushort, …>.
        private static readonly Dictionary<int, MagicInfo> ByMagic = new Dictionary<int, MagicInfo>();
        private static readonly List<MagicInfo> Ordered = new List<MagicInfo>();

        // Release lines PyDis does not read, named in errors so a 2.6 or 1.5 file is recognised as such.
        private static readonly KeyValuePair<ushort, string>[] Older =
        {
            P(20121, "1.5"), P(50428, "1.6"), P(50823, "2.0"), P(60202, "2.1"), P(60717, "2.2"), P(62011, "2.3"),
            P(62021, "2.3a0"), P(62041, "2.4a0"), P(62051, "2.4a3"), P(62061, "2.4"), P(62071, "2.5a0"),
            P(62081, "2.5a0"), P(62091, "2.5a0"), P(62092, "2.5a0"), P(62101, "2.5b3"), P(62111, "2.5b3"),
            P(62121, "2.5c1"), P(62131, "2.5"), P(62151, "2.6a0"), P(62161, "2.6"),
        };

        static MagicNumbers()
        {
            var v27 = new PyVersion(2, 7);
            Pre(v27, "2.7a0", 62171, 62181, 62191, 62201);
            Add(62211, v27, MagicKind.Release, "2.7");
            Add(62212, v27, MagicKind.UnicodeVariant, "2.7");

            var v30 = PyVersion.V3_0;
            Pre(v30, "3000", 3000, 3010, 3020, 3030, 3040, 3050, 3060, 3061, 3071, 3081, 3091, 3101, 3103);
            Pre(v30, "3.0a4", 3111);
            Add(3131, v30, MagicKind.Release, "3.0");
            Add(3132, v30, MagicKind.UnicodeVariant, "3.0");

            var v31 = new PyVersion(3, 1);
            Pre(v31, "3.1a1", 3141);
            Add(3151, v31, MagicKind.Release, "3.1");
            Add(3152, v31, MagicKind.UnicodeVariant, "3.1");

            var v32 = new PyVersion(3, 2);
            Pre(v32, "3.2a1", 3160);
            Pre(v32, "3.2a2", 3170);
            Add(3180, v32, MagicKind.Release, "3.2");

            var v33 = new PyVersion(3, 3);
            Pre(v33, "3.3a1", 3190, 3200, 3210);
            Pre(v33, "3.3a2", 3220);
            Add(3230, v33, MagicKind.Release, "3.3");

            var v34 = PyVersion.V3_4;
            Pre(v34, "3.4a1", 3250, 3260, 3270, 3280);
            Pre(v34, "3.4a4", 3290, 3300);
            Add(3310, v34, MagicKind.Release, "3.4");

            var v35 = new PyVersion(3, 5);
            Pre(v35, "3.5a1", 3320);
            Pre(v35, "3.5b1", 3330);
            Pre(v35, "3.5b2", 3340);
            Add(3350, v35, MagicKind.Release, "3.5");
            Add(3351, v35, MagicKind.Release, "3.5.2");

            var v36 = PyVersion.V3_6;
            Pre(v36, "3.6a0", 3360);
            Pre(v36, "3.6a1", 3361);
            Pre(v36, "3.6a2", 3370, 3371, 3372);
            Pre(v36, "3.6b1", 3373, 3375, 3376, 3377);
            Pre(v36, "3.6b2", 3378);
            Add(3379, v36, MagicKind.Release, "3.6");

            var v37 = PyVersion.V3_7;
            Pre(v37, "3.7a1", 3390);
            Pre(v37, "3.7a2", 3391);
            Pre(v37, "3.7a4", 3392);
            Pre(v37, "3.7b1", 3393);
            Add(3394, v37, MagicKind.Release, "3.7");

            var v38 = PyVersion.V3_8;
            Pre(v38, "3.8a1", 3400, 3401, 3410);
            Pre(v38, "3.8b2", 3411, 3412);
            Add(3413, v38, MagicKind.Release, "3.8");

            var v39 = new PyVersion(3, 9);
            Pre(v39, "3.9a0", 3420, 3421, 3422);
            Pre(v39, "3.9a2", 3423, 3424);
            Add(3425, v39, MagicKind.Release, "3.9");

            var v310 = PyVersion.V3_10;
            Pre(v310, "3.10a1", 3430, 3431);
            Pre(v310, "3.10a2", 3432, 3433);
            Pre(v310, "3.10a6", 3434);
            Pre(v310, "3.10a7", 3435);
            Pre(v310, "3.10b1", 3436, 3437, 3438);
            Add(3439, v310, MagicKind.Release, "3.10");

            var v311 = PyVersion.V3_11;
            Pre(v311, "3.11a1", Range(3450, 3461));
            Pre(v311, "3.11a2", 3462);
            Pre(v311, "3.11a3", 3463, 3464, 3465);
            Pre(v311, "3.11a4", Range(3466, 3474));
            Pre(v311, "3.11a5", Range(3475, 3485));
            Pre(v311, "3.11a6", Range(3486, 3491));
            Pre(v311, "3.11a7", 3492, 3493, 3494);
            Add(3495, v311, MagicKind.Release, "3.11");

            var v312 = PyVersion.V3_12;
            Pre(v312, "3.12a1", Range(3500, 3509));
            Pre(v312, "3.12a2", 3510, 3511, 3512);
            Pre(v312, "3.12a4", 3513, 3514);
            Pre(v312, "3.12a5", 3515, 3516, 3517);
            Pre(v312, "3.12a6", 3518, 3519, 3520);
            Pre(v312, "3.12a7", 3521, 3522, 3523, 3524);
            Pre(v312, "3.12b1", Range(3525, 3530));
            Add(3531, v312, MagicKind.Release, "3.12");

            var v313 = PyVersion.V3_13;
            Pre(v313, "3.13a1", Range(3550, 3568));
            Pre(v313, "3.13a5", 3569);
            Pre(v313, "3.13a6", 3570);
            Add(3571, v313, MagicKind.Release, "3.13");

            var v314 = PyVersion.V3_14;
            Pre(v314, "3.14a1", Range(3600, 3608));
            Pre(v314, "3.14a2", 3609);
            Pre(v314, "3.14a4", Range(3610, 3613));
            Pre(v314, "3.14a5", Range(3614, 3616));
            Pre(v314, "3.14a6", Range(3617, 3620));
            Pre(v314, "3.14a7", Range(3621, 3623));
            Pre(v314, "3.14b1", 3624);
            Pre(v314, "3.14b3", 3625);
            Pre(v314, "3.14rc2", 3626);
            Add(3627, v314, MagicKind.Release, "3.14");

            // 3650-3657 are in pycore_magic_number.h; 3.15.0rc1 writes 3666. Each format change adds 1
            // ("incremented by 1 each time the file format changes"), so 3658-3665 were 3.15 builds too.
            var v315 = PyVersion.V3_15;
            Pre(v315, "3.15a0", 3650);
            Pre(v315, "3.15a1", Range(3651, 3656));
            Pre(v315, "3.15 dev", Range(3657, 3665));
            Add(3666, v315, MagicKind.Release, "3.15.0rc1");

            Ordered.Sort((a, b) => a.Magic.CompareTo(b.Magic));
        }

        /// <summary>Every known magic of 2.7 and 3.0-3.15, in numeric order.</summary>
        public static IReadOnlyList<MagicInfo> All => Ordered;

        public static bool TryGet(ushort magic, out MagicInfo info) => ByMagic.TryGetValue(magic, out info!);

        /// <summary>The release magics of a line (two for 3.5), without -U variants.</summary>
        public static IReadOnlyList<ushort> ReleaseMagics(PyVersion version)
        {
            var list = new List<ushort>();
            foreach (var m in Ordered)
                if (m.Version == version && m.Kind == MagicKind.Release) list.Add(m.Magic);
            return list;
        }

        /// <summary>The magic the newest release of a line writes (what a writer should stamp).</summary>
        public static ushort ReleaseMagic(PyVersion version)
        {
            var list = ReleaseMagics(version);
            if (list.Count == 0) throw new ArgumentOutOfRangeException(nameof(version), $"{version} is not a version PyDis reads.");
            return list[list.Count - 1];
        }

        /// <summary>
        /// Header size in bytes for a known magic: 8 up to 3.3a1 (3200), 12 from 3210 (source size added) up to
        /// 3.7a2 (3391), 16 from 3392 (PEP 552 flags).
        /// </summary>
        public static int HeaderSize(MagicInfo info)
        {
            if (info.Version.Major == 2 || info.Magic < 3210) return 8;
            return info.Magic < 3392 ? 12 : 16;
        }

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

        /// <summary>Describes an unknown magic: an older line PyDis does not read, or the two nearest known magics.</summary>
        public static string DescribeUnknown(ushort magic)
        {
            foreach (var o in Older)
                if (o.Key == magic)
                    return $"magic number {magic} is Python {o.Value}, which PyDis does not read (it reads 2.7 and 3.0-3.15)";
            MagicInfo? below = null, above = null;
            foreach (var m in Ordered)
            {
                if (m.Magic < magic) below = m;
                else if (m.Magic > magic) { above = m; break; }
            }
            var near = below is null ? above!.ToString()
                : above is null ? below.ToString()
                : below + " and " + above;
            return $"unknown magic number {magic}; the nearest known are {near}";
        }

        private static void Add(ushort magic, PyVersion version, MagicKind kind, string label)
        {
            var info = new MagicInfo(magic, version, kind, label);
            ByMagic.Add(magic, info);
            Ordered.Add(info);
        }

        private static void Pre(PyVersion version, string label, params int[] magics)
        {
            foreach (int m in magics) Add((ushort)m, version, MagicKind.PreRelease, label);
        }

        private static int[] Range(int first, int last)
        {
            var r = new int[last - first + 1];
            for (int i = 0; i < r.Length; i++) r[i] = first + i;
            return r;
        }

        private static KeyValuePair<ushort, string> P(int magic, string label) => new KeyValuePair<ushort, string>((ushort)magic, label);
    }
}
