using System;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// The keyword arguments of <c>dis.dis</c> / <c>dis.disassemble</c>. Each exists only from the version
    /// that introduced it; <see cref="DisFormatter"/> rejects one the version lacks.
    /// </summary>
    public sealed class DisOptions
    {
        public static readonly DisOptions Default = new DisOptions();

        /// <summary><c>show_caches=True</c> (3.11+): a CACHE line per inline cache code unit.</summary>
        public bool ShowCaches { get; set; }

        /// <summary><c>show_offsets=True</c> (3.13+): the offset column next to labels.</summary>
        public bool ShowOffsets { get; set; }

        /// <summary><c>show_positions=True</c> (3.14+): <c>L:C-EL:EC</c> instead of the line number.</summary>
        public bool ShowPositions { get; set; }

        /// <summary><c>depth=N</c> (3.7+): how many levels of nested code objects to recurse into; null for all.</summary>
        public int? Depth { get; set; }

        /// <summary><c>lasti</c>: the offset marked <c>--&gt;</c> (the current instruction); -1 for none.</summary>
        public int Lasti { get; set; } = -1;

        /// <summary>
        /// How constants are repr()'d where the value alone does not decide it (frozenset order of a build,
        /// code object addresses); null for the defaults (a 64-bit CPython build).
        /// </summary>
        public PyReprOptions? ReprOptions { get; set; }

        /// <summary>
        /// A column written before each instruction line (pydis --stack); null (the default) prints exactly what
        /// dis prints. Not a dis keyword, so no release refuses it.
        /// </summary>
        public IInstructionAnnotator? Annotator { get; set; }

        /// <summary>The dis.dis keywords these options use that <paramref name="release"/>'s dis does not have, in keyword order.</summary>
        public System.Collections.Generic.IReadOnlyList<DisFeature> Unsupported(Release release)
        {
            if (release is null) throw new ArgumentNullException(nameof(release));
            var missing = new System.Collections.Generic.List<DisFeature>();
            if (ShowCaches && !release.Format.Has(DisFeature.ShowCaches)) missing.Add(DisFeature.ShowCaches);
            if (ShowOffsets && !release.Format.Has(DisFeature.ShowOffsets)) missing.Add(DisFeature.ShowOffsets);
            if (ShowPositions && !release.Format.Has(DisFeature.ShowPositions)) missing.Add(DisFeature.ShowPositions);
            if (Depth != null && !release.Format.Has(DisFeature.Depth)) missing.Add(DisFeature.Depth);
            return missing;
        }

        /// <summary>Throws ArgumentException naming the first option <paramref name="release"/>'s dis does not have.</summary>
        public void Validate(Release release)
        {
            var missing = Unsupported(release);
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"Python {release.Version}'s dis has no {FormatRules.PythonName(missing[0])} option (it was added in Python {Since(missing[0])}).", "options");
            if (Depth < 0) throw new ArgumentException("depth must be zero or more.", "options");
        }

        /// <summary>The first supported release whose dis has <paramref name="feature"/>, e.g. "3.11" for show_caches.</summary>
        public static string Since(DisFeature feature) =>
            ReleaseRegistry.Supported.First(r => r.Format.Has(feature))?.Version.ToString() ?? "no supported release";
    }
}
