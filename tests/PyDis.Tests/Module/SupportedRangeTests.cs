using System.Linq;
using PyDis.Core.Releases;

namespace PyDis.Tests.Module
{
    /// <summary>
    /// The supported versions written in the manifest, README and about topic are the registry's: adding a
    /// release to SupportedReleases.cs (or a table to one) fails here until the texts say so.
    /// </summary>
    public class SupportedRangeTests
    {
        private static readonly ReleaseRegistry Supported = ReleaseRegistry.Supported;

        [Fact]
        public void ManifestDescriptionNamesTheSupportedReleases() =>
            Assert.Contains("Python " + Supported.RangeText(" and ") + " ", Repo.ManifestValue("Description"));

        [Fact]
        public void ReadmeNamesWhatIsReadAndWhatIsDisassembled()
        {
            var readme = Repo.Text("README.md");
            Assert.Contains("CPython " + Supported.RangeText(" and ").Replace('-', '–') + " ", readme);
            Assert.Contains("covers " + Supported.RangeText(" and ", r => r.HasOpcodes).Replace('-', '–') + ",", readme);
            var withoutTables = Supported.Ranges(r => !r.HasOpcodes);
            if (withoutTables.Count > 0) Assert.Contains("For " + string.Join(", ", withoutTables).Replace('-', '–') + " PyDis reads", readme);
        }

        [Fact]
        public void AboutTopicNamesTheSupportedReleases()
        {
            var about = Repo.Text("docs", "en-US", "about_PyDis.help.md").Replace("\r\n", "\n").Replace("\n", " ");
            var py3 = Supported.All.Where(r => r.Version.Major == 3).ToList();
            var py2 = Supported.All.Where(r => r.Version.Major == 2).Select(r => r.Version.ToString());
            Assert.Contains($"CPython {string.Join(", ", py2)} and of every 3.x release line from {py3.First().Version} to {py3.Last().Version}.", about);
        }
    }
}
