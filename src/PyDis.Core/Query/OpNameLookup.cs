using System;
using System.Collections.Generic;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;

namespace PyDis.Core
{
    /// <summary>
    /// Opcode names as hosts take them from users (-Name, -OpName, completion): whether a release defines a name,
    /// the nearest one it defines (for "did you mean"), and the names that can occur in a .pyc.
    /// Names compare case-insensitively, as PowerShell parameters do.
    /// </summary>
    public static class OpNameLookup
    {
        /// <summary>Whether <paramref name="version"/>'s opcode table defines <paramref name="name"/> (specialised and instrumented included).</summary>
        public static bool Defines(PyVersion version, string name) => Find(version, name) != null;

        /// <summary>The opcode of <paramref name="version"/>'s table named <paramref name="name"/>, or null.</summary>
        public static OpcodeInfo? Find(PyVersion version, string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (!ReleaseRegistry.Supported.TryGet(version, out var release)) return null;
            foreach (var op in release.Opcodes.Ops)
                if (op.IsValid && string.Equals(op.Name, name, StringComparison.OrdinalIgnoreCase)) return op;
            return null;
        }

        /// <summary>
        /// Why an -OpName filter <paramref name="name"/> (no wildcards) can match no instruction of <paramref name="version"/>'s
        /// .pyc code, or null when it can: the table lacks the name, or it names a specialised or instrumented form.
        /// </summary>
        public static string? FilterNote(PyVersion version, string name, bool showCaches)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            // "<169>" is how dis names an opcode the version leaves undefined: a legitimate filter.
            if (name.StartsWith("<", StringComparison.Ordinal)) return null;
            var op = Find(version, name);
            if (op is null)
            {
                var elsewhere = ReleasesDefining(name);
                string near = (Nearest(version, name) ?? (elsewhere.Count == 0 ? NearestInAnyRelease(name) : null)) is string n
                    ? $" (did you mean {n}?)" : "";
                return elsewhere.Count == 0
                    ? $"-OpName {name}: no Python release has an opcode of this name{near}."
                    : $"-OpName {name}: Python {version} has no opcode of this name, so no {version} code matches it{near}; it is an opcode of Python {Ranges(elsewhere)}.";
            }
            var release = ReleaseRegistry.Supported.Get(version);
            var table = release.Opcodes;
            // CACHE is the inline-cache filler (3.11+): a row of get_instructions only in 3.11-3.12 with show_caches.
            if (op.Name == "CACHE")
            {
                if (!release.Decode.CachesAreInstructions)
                    return $"-OpName {name}: in Python {version} CACHE entries are not instructions (dis lists them in each instruction's cache_info), so no row matches it.";
                if (!showCaches)
                    return $"-OpName {name}: Python {version} yields CACHE entries only with -ShowCaches (dis.get_instructions(show_caches=True)).";
            }
            if (op.IsSpecialized)
                return $"-OpName {name}: in Python {version} this is a specialised form of {table[op.BaseOpCode].Name}, made at run time; a .pyc holds {table[op.BaseOpCode].Name}.";
            if (!CanOccurInPyc(table, op))
                return $"-OpName {name}: in Python {version} this is an instrumented opcode, made at run time; a .pyc never holds it.";
            return null;
        }

        private static string Ranges(IReadOnlyList<PyVersion> versions)
        {
            var set = new HashSet<PyVersion>(versions);
            return ReleaseRegistry.Supported.RangeText(", ", r => set.Contains(r.Version));
        }

        /// <summary>The releases whose tables define <paramref name="name"/>, oldest first.</summary>
        public static IReadOnlyList<PyVersion> ReleasesDefining(string name)
        {
            var found = new List<PyVersion>();
            foreach (var r in ReleaseRegistry.Supported.All)
                if (Defines(r.Version, name)) found.Add(r.Version);
            return found;
        }

        /// <summary>
        /// The name of <paramref name="version"/>'s table closest to <paramref name="name"/> (a small edit distance, or a
        /// name that contains it or that it contains), among those that can occur in a .pyc; null when none is near.
        /// </summary>
        public static string? Nearest(PyVersion version, string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (!ReleaseRegistry.Supported.TryGet(version, out var release)) return null;
            string wanted = name.ToUpperInvariant();
            string? best = null;
            int bestDistance = int.MaxValue;
            foreach (var op in release.Opcodes.Ops)
            {
                if (!CanOccurInPyc(release.Opcodes, op)) continue;
                int d = Distance(wanted, op.Name);
                // One edit per five characters (at least one): "FOO" suggests nothing, "IMPROT_NAME" IMPORT_NAME.
                if (d > Math.Max(1, wanted.Length / 5) && !(wanted.Length >= 4 && (op.Name.Contains(wanted) || wanted.Contains(op.Name)))) continue;
                if (d < bestDistance) { best = op.Name; bestDistance = d; }
            }
            return best;
        }

        /// <summary>The near name (<see cref="Nearest"/>) of the newest release that has one, or null.</summary>
        public static string? NearestInAnyRelease(string name)
        {
            var all = ReleaseRegistry.Supported.All;
            for (int i = all.Count - 1; i >= 0; i--)
                if (Nearest(all[i].Version, name) is string n) return n;
            return null;
        }

        /// <summary>
        /// Whether an opcode can occur in a .pyc of its release: a defined opcode that is neither a specialised form
        /// (dis deoptimises it to another opcode) nor instrumented (at or above the release's MIN_INSTRUMENTED_OPCODE);
        /// those exist only in the running interpreter's copy of the code.
        /// </summary>
        public static bool CanOccurInPyc(OpcodeTable table, OpcodeInfo op)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (op is null) throw new ArgumentNullException(nameof(op));
            return op.IsValid && !op.IsSpecialized && !(table.MinInstrumentedOpcode is int min && op.Code >= min);
        }

        /// <summary>The names of <paramref name="version"/>'s opcodes that can occur in a .pyc (<see cref="CanOccurInPyc"/>), in opcode order.</summary>
        public static IEnumerable<string> PycOpNames(PyVersion version)
        {
            if (!ReleaseRegistry.Supported.TryGet(version, out var release)) yield break;
            foreach (var op in release.Opcodes.Ops)
                if (CanOccurInPyc(release.Opcodes, op)) yield return op.Name;
        }

        // Levenshtein distance, two rows.
        private static int Distance(string a, string b)
        {
            var prev = new int[b.Length + 1];
            var cur = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) prev[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                cur[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                var t = prev; prev = cur; cur = t;
            }
            return prev[b.Length];
        }
    }
}
