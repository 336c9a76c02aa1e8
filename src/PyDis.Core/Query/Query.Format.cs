using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using PyDis.Core.Formatting;
using PyDis.Core.Releases;

namespace PyDis.Core
{
    public static partial class Query
    {
        /// <summary>
        /// dis.dis text (or, with Info, code_info of every code object) of the input, exactly as its version
        /// prints it, lines ending in '\n'. Options the version's dis lacks are left out (see <see cref="IgnoredShowOptions"/>).
        /// </summary>
        public static string ShowCodeText(PycSource source, ShowCodeOptions options)
        {
            var release = source.Code.Release;
            var profile = release.Format;
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            if (options.Info)
            {
                if (!profile.HasCodeInfo) throw new NotSupportedException(CodeInfoFormatter.NoCodeInfo(release));
                CodeInfoFormatter.WriteAll(source.Code, sw);
                return sw.ToString();
            }
            _ = release.Opcodes;  // a release without a table (3.0-3.5) raises its NotSupportedException here
            var dis = new DisOptions
            {
                ShowCaches = options.ShowCaches && profile.HasShowCaches,
                ShowOffsets = options.ShowOffsets && profile.HasShowOffsets,
                ShowPositions = options.ShowPositions && profile.HasShowPositions,
                Depth = profile.Recurses ? options.Depth : null,
            };
            new DisFormatter(release, dis).Write(source.Code, sw);
            return sw.ToString();
        }

        /// <summary>The dis.dis keywords in <paramref name="options"/> that <paramref name="version"/>'s dis does not have.</summary>
        public static IReadOnlyList<string> IgnoredShowOptions(PyVersion version, ShowCodeOptions options)
        {
            var ignored = new List<string>();
            if (options.Info) return ignored;
            var dis = new DisOptions
            {
                ShowCaches = options.ShowCaches, ShowOffsets = options.ShowOffsets, ShowPositions = options.ShowPositions, Depth = options.Depth,
            };
            foreach (var feature in dis.Unsupported(ReleaseRegistry.Supported.Get(version)))
                ignored.Add($"{feature} (Python {DisOptions.Since(feature)}+)");
            return ignored;
        }
    }
}
