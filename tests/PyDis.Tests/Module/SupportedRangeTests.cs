using System.Linq;
using PyDis.Core.Releases;

namespace PyDis.Tests.Module
{
    /// <summary>
    /// The supported versions written in the manifest, README and about topic are the registry's: adding a
    /// release to SupportedReleases.cs fails here until the texts say so.
    /// </summary>
    public class SupportedRangeTests
    {
        private static readonly ReleaseRegistry Supported = ReleaseRegistry.Supported;

        [Fact]
        public void ManifestDescriptionNamesTheSupportedReleases() =>
            Assert.Contains("Python " + Supported.RangeText(" and ") + " ", Repo.ManifestValue("Description"));

        [Fact]
        public void ReadmeNamesTheSupportedReleasesWithoutCaveat()
        {
            // Every release has its opcode table, so what is read is what is disassembled.
            var readme = Repo.Text("README.md");
            Assert.Contains("CPython " + Supported.RangeText(" and ").Replace('-', '–') + " ", readme);
            Assert.DoesNotContain("no opcode table", readme);
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
