using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using PyDis.Core.Formatting;

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
            var profile = FormatProfile.For(source.Version);
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            if (options.Info)
            {
                if (!profile.HasCodeInfo)
                    throw new NotSupportedException($"Python {source.Version}'s dis has no code_info (it was added in Python 3.2).");
                CodeInfoFormatter.WriteAll(source.Code, sw);
                return sw.ToString();
            }
            RequireOpcodeTable(source.Version);
            var dis = new DisOptions
            {
                ShowCaches = options.ShowCaches && profile.HasShowCaches,
                ShowOffsets = options.ShowOffsets && profile.HasShowOffsets,
                ShowPositions = options.ShowPositions && profile.HasShowPositions,
                Depth = profile.Recurses ? options.Depth : null,
            };
            new DisFormatter(source.Version, dis).Write(source.Code, sw);
            return sw.ToString();
        }

        /// <summary>The dis.dis keywords in <paramref name="options"/> that <paramref name="version"/>'s dis does not have.</summary>
        public static IReadOnlyList<string> IgnoredShowOptions(PyVersion version, ShowCodeOptions options)
        {
            var profile = FormatProfile.For(version);
            var ignored = new List<string>();
            if (options.Info) return ignored;
            if (options.ShowCaches && !profile.HasShowCaches) ignored.Add("ShowCaches (Python 3.11+)");
            if (options.ShowOffsets && !profile.HasShowOffsets) ignored.Add("ShowOffsets (Python 3.13+)");
            if (options.ShowPositions && !profile.HasShowPositions) ignored.Add("ShowPositions (Python 3.14+)");
            if (options.Depth != null && !profile.Recurses) ignored.Add("Depth (Python 3.7+)");
            return ignored;
        }
    }
}
