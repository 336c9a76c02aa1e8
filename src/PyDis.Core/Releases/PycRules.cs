using System;
using System.Collections.Generic;
using System.Globalization;

namespace PyDis.Core.Releases
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

    /// <summary>One known magic number: the release line that reads it, where it comes from and its header layout.</summary>
    public sealed class MagicInfo
    {
        internal MagicInfo(ushort magic, PyVersion version, MagicKind kind, string label, int headerSize)
        {
            Magic = magic;
            Version = version;
            Kind = kind;
            Label = label;
            HeaderSize = headerSize;
        }

        public ushort Magic { get; }
        public PyVersion Version { get; }
        public MagicKind Kind { get; }
        /// <summary>The build it belongs to, as CPython's magic-number comments name it (e.g. "3.11a7"; 3351 is "3.5.3", the first release that writes it).</summary>
        public string Label { get; }

        /// <summary>
        /// Length of the pyc header this magic starts: 8 (magic, mtime), 12 (+ source size, from 3.3a1's magic
        /// 3210) or 16 (magic, PEP 552 flags, then mtime and size or an 8-byte source hash, from 3.7a4's 3392).
        /// </summary>
        public int HeaderSize { get; }

        public override string ToString() =>
            Magic.ToString(CultureInfo.InvariantCulture) + " (Python " + Label + (Kind == MagicKind.UnicodeVariant ? " -U" : "") + ")";
    }

    /// <summary>
    /// The pyc rules of a release: the magic numbers that name it (release, -U and pre-release builds) and the
    /// header layout each one starts. Release magics come from the interpreters themselves
    /// (<c>imp.get_magic()</c> on 2.7 and 3.0-3.3, <c>importlib.util.MAGIC_NUMBER</c> on 3.4-3.15; 3351 from the 3.5
    /// branch built after 3.5.2) and, where no interpreter wrote them, from the
    /// "Known values" comment in Lib/importlib/_bootstrap_external.py; pre-release magics come from that comment
    /// (3.14+: Include/internal/pycore_magic_number.h).
    /// </summary>
    public sealed class PycRules
    {
        private readonly MagicInfo[] _magics;

        internal PycRules(PyVersion version, IList<MagicSpec> magics)
        {
            // Built for every release at every start: indexed loops over the specs' arrays, no enumerators.
            Version = version;
            int count = 0;
            for (int s = 0; s < magics.Count; s++) count += magics[s].MagicArray.Length;
            _magics = new MagicInfo[count];
            int n = 0;
            for (int s = 0; s < magics.Count; s++)
            {
                var m = magics[s];
                foreach (int magic in m.MagicArray)
                    _magics[n++] = new MagicInfo((ushort)magic, version, m.Kind, m.Label, HeaderSizeOf(version, magic));
            }
        }

        public PyVersion Version { get; }

        /// <summary>Every magic of the release line, in the order the registry lists them.</summary>
        public IReadOnlyList<MagicInfo> Magics => _magics;
        internal MagicInfo[] MagicArray => _magics;

        /// <summary>The release magics (two for 3.5), without -U variants.</summary>
        public IReadOnlyList<ushort> ReleaseMagics
        {
            get
            {
                var list = new List<ushort>();
                foreach (var m in _magics)
                    if (m.Kind == MagicKind.Release) list.Add(m.Magic);
                return list;
            }
        }

        /// <summary>The magic the newest release of the line writes (what a writer should stamp).</summary>
        public ushort ReleaseMagic
        {
            get
            {
                var list = ReleaseMagics;
                if (list.Count == 0) throw new InvalidOperationException($"Python {Version} has no release magic number.");
                return list[list.Count - 1];
            }
        }

        /// <summary>
        /// SipHash rounds (c, d) of importlib.util.source_hash, the hash a PEP 552 pyc records (Python/pyhash.c
        /// _Py_KeyedHash): SipHash-2-4 up to 3.10, SipHash-1-3 from 3.11.
        /// </summary>
        public (int C, int D) SourceHashRounds => Version >= new PyVersion(3, 11) ? (1, 3) : (2, 4);

        // 8 bytes up to 3.3a1's 3200, 12 from 3210 (source size added) up to 3.7a2's 3391, 16 from 3392 (PEP 552 flags).
        private static int HeaderSizeOf(PyVersion version, int magic)
        {
            if (version.Major == 2 || magic < 3210) return 8;
            return magic < 3392 ? 12 : 16;
        }
    }

    /// <summary>Magic numbers of one kind and label, as a registry entry lists them.</summary>
    public sealed class MagicSpec
    {
        public MagicSpec(MagicKind kind, string label, params int[] magics)
        {
            Kind = kind;
            Label = label ?? throw new ArgumentNullException(nameof(label));
            MagicArray = magics ?? throw new ArgumentNullException(nameof(magics));
        }

        public MagicKind Kind { get; }
        public string Label { get; }
        public IReadOnlyList<int> Magics => MagicArray;
        internal int[] MagicArray { get; }

        /// <summary>A final release's magic.</summary>
        public static MagicSpec Final(int magic, string label) => new MagicSpec(MagicKind.Release, label, magic);

        /// <summary>The release run with -U.</summary>
        public static MagicSpec UnicodeVariant(int magic, string label) => new MagicSpec(MagicKind.UnicodeVariant, label, magic);

        /// <summary>Pre-release or development magics.</summary>
        public static MagicSpec Pre(string label, params int[] magics) => new MagicSpec(MagicKind.PreRelease, label, magics);

        /// <summary>Pre-release magics first..last.</summary>
        public static MagicSpec PreRange(string label, int first, int last)
        {
            var r = new int[last - first + 1];
            for (int i = 0; i < r.Length; i++) r[i] = first + i;
            return new MagicSpec(MagicKind.PreRelease, label, r);
        }
    }
}
