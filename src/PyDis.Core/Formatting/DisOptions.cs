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
        // An array, not a List<DisFeature>: ReadyToRun cannot precompile a List over an enum of PyDis.
        public DisFeature[] Unsupported(Release release)
        {
            if (release is null) throw new ArgumentNullException(nameof(release));
            var format = release.Format;
            var missing = new DisFeature[4];
            int n = 0;
            if (ShowCaches && !format.Has(DisFeature.ShowCaches)) missing[n++] = DisFeature.ShowCaches;
            if (ShowOffsets && !format.Has(DisFeature.ShowOffsets)) missing[n++] = DisFeature.ShowOffsets;
            if (ShowPositions && !format.Has(DisFeature.ShowPositions)) missing[n++] = DisFeature.ShowPositions;
            if (Depth != null && !format.Has(DisFeature.Depth)) missing[n++] = DisFeature.Depth;
            if (n == missing.Length) return missing;
            var result = new DisFeature[n];
            Array.Copy(missing, result, n);
            return result;
        }

        /// <summary>Throws ArgumentException naming the first option <paramref name="release"/>'s dis does not have.</summary>
        public void Validate(Release release)
        {
            var missing = Unsupported(release);
            if (missing.Length > 0)
                throw new ArgumentException(
                    $"Python {release.Version}'s dis has no {FormatRules.PythonName(missing[0])} option (it was added in Python {Since(missing[0])}).", "options");
            if (Depth < 0) throw new ArgumentException("depth must be zero or more.", "options");
        }

        /// <summary>The first supported release whose dis has <paramref name="feature"/>, e.g. "3.11" for show_caches.</summary>
        public static string Since(DisFeature feature) =>
            ReleaseRegistry.Supported.First(r => r.Format.Has(feature))?.Version.ToString() ?? "no supported release";
    }
}
