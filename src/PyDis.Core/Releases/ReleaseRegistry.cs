using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace PyDis.Core.Releases
{
    /// <summary>
    /// A list of releases, oldest first, and the lookups over it (by version, by magic number). PyDis reads
    /// what <see cref="Supported"/> lists (SupportedReleases.cs); a test can build its own from entries. Every
    /// text naming the supported versions ("2.7 and 3.0-3.15") derives from the list.
    /// </summary>
    public sealed class ReleaseRegistry
    {
        // int keys (Major * 100 + Minor, magic): ReadyToRun precompiles Dictionary<int, …>, not Dictionary<PyVersion, …>.
        private readonly Dictionary<int, Release> _byVersion = new Dictionary<int, Release>();
        private readonly Dictionary<int, MagicInfo> _byMagic;
        private readonly Release[] _all;
        private MagicInfo[]? _magics;  // in numeric order, sorted on first use: every start builds the registry, few list it

        /// <summary>Builds a registry; every entry must supply every piece.</summary>
        /// <exception cref="ArgumentException">An entry lacks pieces (each named), or a version or magic number repeats.</exception>
        public ReleaseRegistry(IEnumerable<ReleaseEntry> entries)
        {
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            var problems = new List<string>();
            var releases = new List<Release>();
            foreach (var e in entries)
            {
                if (e is null) throw new ArgumentNullException(nameof(entries), "an entry is null");
                var missing = MissingPieces(e);
                if (missing.Count > 0)
                {
                    problems.Add($"Python {e.Version} lacks {string.Join(", ", missing)}");
                    continue;
                }
                if (_byVersion.ContainsKey(Key(e.Version)))
                {
                    problems.Add($"Python {e.Version} is listed twice");
                    continue;
                }
                var release = new Release(e);
                _byVersion.Add(Key(e.Version), release);
                releases.Add(release);
            }
            // Entries usually come oldest first (SupportedReleases): sort only when they do not.
            if (!InVersionOrder(releases)) releases.Sort((a, b) => a.Version.CompareTo(b.Version));
            int magicCount = 0;
            foreach (var r in releases) magicCount += r.Pyc.MagicArray.Length;
            _byMagic = new Dictionary<int, MagicInfo>(magicCount);  // sized once: 245 magics grew it seven times
            foreach (var r in releases)
                foreach (var m in r.Pyc.MagicArray)
                {
                    if (_byMagic.TryGetValue(m.Magic, out var other))
                    {
                        problems.Add($"magic number {m.Magic} is listed for Python {other.Version} and {m.Version}");
                        continue;
                    }
                    _byMagic.Add(m.Magic, m);
                }
            if (problems.Count > 0) throw new ArgumentException("Incomplete release registry: " + string.Join("; ", problems) + ".", nameof(entries));
            if (releases.Count == 0) throw new ArgumentException("A release registry lists at least one release.", nameof(entries));
            _all = releases.ToArray();
        }

        private static bool InVersionOrder(List<Release> releases)
        {
            for (int i = 1; i < releases.Count; i++)
                if (releases[i - 1].Version.CompareTo(releases[i].Version) > 0) return false;
            return true;
        }

        /// <summary>The releases PyDis reads: 2.7 and 3.0 to the newest 3.x (SupportedReleases.cs).</summary>
        public static ReleaseRegistry Supported => SupportedReleases.Registry;

        /// <summary>Every release, oldest first.</summary>
        public IReadOnlyList<Release> All => _all;

        public Release Oldest => _all[0];
        public Release Newest => _all[_all.Length - 1];

        public bool Contains(PyVersion version) => _byVersion.ContainsKey(Key(version));

        public bool TryGet(PyVersion version, out Release release) => _byVersion.TryGetValue(Key(version), out release!);

        /// <summary>The release of <paramref name="version"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The registry does not list it.</exception>
        public Release Get(PyVersion version)
        {
            if (_byVersion.TryGetValue(Key(version), out var release)) return release;
            throw new ArgumentOutOfRangeException(nameof(version), $"PyDis does not read Python {version}; it reads {RangeText(" and ")}.");
        }

        /// <summary>The oldest release for which <paramref name="predicate"/> holds, or null.</summary>
        public Release? First(Func<Release, bool> predicate)
        {
            if (predicate is null) throw new ArgumentNullException(nameof(predicate));
            foreach (var r in _all)
                if (predicate(r)) return r;
            return null;
        }

        /// <summary>
        /// The versions (of the releases <paramref name="predicate"/> keeps, or all) as runs of consecutive
        /// minors, e.g. ["2.7", "3.0-3.15"].
        /// </summary>
        public IReadOnlyList<string> Ranges(Func<Release, bool>? predicate = null)
        {
            var ranges = new List<string>();
            PyVersion? first = null, last = null;
            foreach (var r in _all)
            {
                if (predicate != null && !predicate(r)) continue;
                var v = r.Version;
                if (last is PyVersion l && l.Major == v.Major && l.Minor + 1 == v.Minor)
                {
                    last = v;
                    continue;
                }
                if (first is PyVersion f0) ranges.Add(RangeOf(f0, last!.Value));
                first = last = v;
            }
            if (first is PyVersion f) ranges.Add(RangeOf(f, last!.Value));
            return ranges;
        }

        /// <summary>The ranges of <see cref="Ranges"/> joined: "2.7 and 3.0-3.15" with " and ", "2.7, 3.6-3.15" with ", ".</summary>
        public string RangeText(string separator, Func<Release, bool>? predicate = null) =>
            string.Join(separator, Ranges(predicate));

        /// <summary>Every version, "2.7, 3.0, 3.1, …".</summary>
        public string VersionList()
        {
            var sb = new StringBuilder();
            foreach (var r in _all)
            {
                if (sb.Length > 0) sb.Append(", ");
                sb.Append(r.Version.ToString());
            }
            return sb.ToString();
        }

        /// <summary>The magic numbers of one major version's releases: the lowest and highest, and the releases they span.</summary>
        public readonly struct MagicRange
        {
            public MagicRange(PyVersion oldest, PyVersion newest, int low, int high)
            {
                Oldest = oldest;
                Newest = newest;
                Low = low;
                High = high;
            }

            public PyVersion Oldest { get; }
            public PyVersion Newest { get; }
            public int Low { get; }
            public int High { get; }

            /// <summary>"2.7: 62171-62212", "3.0-3.15: 3000-3655".</summary>
            public override string ToString() =>
                (Oldest == Newest ? Oldest.ToString() : Oldest + "-" + Newest) + ": " + Low + "-" + High;
        }

        /// <summary>The magic numbers each major version's releases use, oldest major first.</summary>
        public IReadOnlyList<MagicRange> MagicRanges()
        {
            var ranges = new List<MagicRange>();
            foreach (var r in _all)
            {
                int low = int.MaxValue, high = 0;
                foreach (var m in r.Pyc.Magics)
                {
                    low = Math.Min(low, m.Magic);
                    high = Math.Max(high, m.Magic);
                }
                int last = ranges.Count - 1;
                if (last >= 0 && ranges[last].Oldest.Major == r.Version.Major)
                    ranges[last] = new MagicRange(ranges[last].Oldest, r.Version, Math.Min(low, ranges[last].Low), Math.Max(high, ranges[last].High));
                else
                    ranges.Add(new MagicRange(r.Version, r.Version, low, high));
            }
            return ranges;
        }

        /// <summary>The <see cref="MagicRanges"/> as text: "2.7: 62171-62212; 3.0-3.15: 3000-3655".</summary>
        public string MagicRangeText() => string.Join("; ", MagicRanges());

        /// <summary>Every known magic number of every release, in numeric order.</summary>
        public IReadOnlyList<MagicInfo> Magics
        {
            get
            {
                var magics = Volatile.Read(ref _magics);
                if (magics != null) return magics;
                var list = new List<MagicInfo>(_byMagic.Count);
                foreach (var r in _all) list.AddRange(r.Pyc.MagicArray);
                list.Sort((a, b) => a.Magic.CompareTo(b.Magic));
                return Interlocked.CompareExchange(ref _magics, magics = list.ToArray(), null) ?? magics;
            }
        }

        public bool TryGetMagic(ushort magic, out MagicInfo info) => _byMagic.TryGetValue(magic, out info!);

        /// <summary>The pieces an entry lacks, by name; empty when it is complete.</summary>
        public static IReadOnlyList<string> MissingPieces(ReleaseEntry entry)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            var missing = new List<string>();
            bool final = false;
            foreach (var m in entry.Magics)
                if (m.Kind == MagicKind.Release && m.Magics.Count > 0) final = true;
            if (!final) missing.Add("a release magic number (pyc rules)");
            if (entry.OpcodeTable is null) missing.Add("an opcode table");
            if (entry.StackEffectTable is null && !entry.StackEffectTableAbsent) missing.Add("a stack-effect table (or a declaration that it has none)");
            if (entry.Marshal is null) missing.Add("marshal rules");
            if (entry.Decode is null) missing.Add("decode rules");
            if (entry.Tables is null) missing.Add("table rules");
            if (entry.Format is null) missing.Add("format rules");
            if (entry.Repr is null) missing.Add("repr rules");
            else if (!entry.Repr.Python2Objects && entry.Repr.UnicodeVersion is null) missing.Add("a Unicode version (repr rules)");
            if (entry.Flow is null) missing.Add("flow rules");
            foreach (var rules in new object?[] { entry.Marshal, entry.Decode, entry.Tables, entry.Format, entry.Repr, entry.Flow })
                if (rules != null && VersionOf(rules) != entry.Version) missing.Add($"{rules.GetType().Name} of its own version (they are {VersionOf(rules)}'s)");
            return missing;
        }

        private static PyVersion VersionOf(object rules)
        {
            switch (rules)
            {
                case MarshalRules m: return m.Version;
                case DecodeRules d: return d.Version;
                case TableRules t: return t.Version;
                case FormatRules f: return f.Version;
                case FlowRules flow: return flow.Version;
                default: return ((ReprRules)rules).Version;
            }
        }

        private static string RangeOf(PyVersion first, PyVersion last) => first == last ? first.ToString() : first + "-" + last;

        private static int Key(PyVersion v) => v.Major * 100 + v.Minor;
    }
}
