using System;
using System.IO;
using System.Linq;
using PyDis.Core;

namespace PyDis.Core.Tests.Fixtures
{
    /// <summary>The fixtures folder is complete: every test that iterates it sees every version and source.</summary>
    public class FixtureInventoryTests
    {
        [Fact]
        public void RealFixturesHaveNoInventoryProblem()
        {
            var problems = FixtureCatalog.FindProblems();
            Assert.True(problems.Count == 0, "Fixture inventory problems:\n" + string.Join("\n", problems));
        }

        [Fact]
        public void EveryVersionHasFixtures()
        {
            foreach (var version in FixtureCatalog.Versions)
                Assert.NotEmpty(FixtureCatalog.ForVersion(version));
        }

        [Fact]
        public void CoreSourcesAreOnEveryVersion()
        {
            // Ungated sources compile everywhere; the catalog must list them for 2.7 and 3.15 alike.
            var core = FixtureCatalog.Sources().Where(s => s.Min == new PyVersion(2, 7) && s.Max == null && s.Skip.Count == 0 && s.Build == null)
                .Select(s => s.Name).ToList();
            Assert.Contains("core_functions", core);
            foreach (var version in FixtureCatalog.Versions)
            {
                var names = FixtureCatalog.ForVersion(version).Select(f => f.Name).ToList();
                Assert.All(core, n => Assert.Contains(n, names));
            }
        }

        [Fact]
        public void HugeTextsAreStoredAsDigests()
        {
            var text = FixtureCatalog.Get(new PyVersion(3, 12), "long_jump").Text("default");
            Assert.NotNull(text);
            Assert.True(text!.IsDigestOnly);
            Assert.True(text.Length > 1024 * 1024);
            Assert.False(text.Matches("not the text"));
        }

        [Fact]
        public void StoredTextMatchesItself()
        {
            var fixture = FixtureCatalog.Get(new PyVersion(3, 13), "core_control");
            var text = fixture.Text("default");
            Assert.NotNull(text);
            Assert.True(text!.Matches(File.ReadAllText(Path.Combine(fixture.DisDir, "default.txt"))));
            Assert.False(text.Matches(text.Content + " "));
        }

        [Fact]
        public void GatesAreReadFromTheFirstLine()
        {
            var gated = FixtureSource.Parse("x", "# pydis-fixture: min=3.10 max=3.12 variants=all");
            Assert.Equal(new PyVersion(3, 10), gated.Min);
            Assert.False(gated.CompilesOn(new PyVersion(3, 8)));
            Assert.True(gated.CompilesOn(new PyVersion(3, 11)));
            Assert.False(gated.CompilesOn(new PyVersion(3, 13)));
            Assert.True(FixtureSource.Parse("y", "# a comment").CompilesOn(new PyVersion(2, 7)));
            var skipping = FixtureSource.Parse("z", "# pydis-fixture: skip=3.0,3.1 build=3.5.2+");
            Assert.True(skipping.CompilesOn(new PyVersion(2, 7)));
            Assert.False(skipping.CompilesOn(new PyVersion(3, 1)));
            Assert.True(skipping.CompilesOn(new PyVersion(3, 2)));
            Assert.Equal("3.5.2+", skipping.Build);
        }

        [Fact]
        public void BrokenCopyIsReported()
        {
            // The checker reads folders, so a damaged copy of the real one must produce each kind of problem.
            var copy = Path.Combine(Path.GetTempPath(), "pydis-fixtures-" + Guid.NewGuid().ToString("N"));
            try
            {
                CopyInventory(FixtureCatalog.Root, copy);
                Assert.Empty(FixtureCatalog.FindProblems(copy));

                File.Delete(Path.Combine(copy, "3.8", "constants.json"));
                File.Delete(Path.Combine(copy, "3.10", "imports.pyc"));
                File.Delete(Path.Combine(copy, "3.12", "match_patterns.pyc"));
                Directory.Delete(Path.Combine(copy, "3.9"), true);
                File.WriteAllText(Path.Combine(copy, "3.11", "stray.pyc"), "");
                File.Delete(Path.Combine(copy, "degrade", "3.13", "code_shorter.pyc"));
                File.Delete(Path.Combine(copy, "degrade", "2.7.json"));

                var problems = FixtureCatalog.FindProblems(copy);
                Assert.Contains("3.8/constants.pyc has no .json", problems);
                Assert.Contains("3.10/imports.json has no .pyc", problems);
                Assert.Contains("3.12: source match_patterns.py has no .pyc", problems);
                Assert.Contains("3.9: version folder missing", problems);
                Assert.Contains("3.11/stray.pyc has no source", problems);
                Assert.Contains("degrade/3.13: case code_shorter has no .pyc", problems);
                Assert.Contains("degrade/2.7.json missing", problems);
            }
            finally
            {
                if (Directory.Exists(copy)) Directory.Delete(copy, true);
            }
        }

        // Copies what the inventory reads: README, sources, and per version the .pyc, .json and default texts.
        private static void CopyInventory(string from, string to)
        {
            Directory.CreateDirectory(Path.Combine(to, "sources"));
            File.Copy(Path.Combine(from, "README.md"), Path.Combine(to, "README.md"));
            foreach (var file in Directory.GetFiles(Path.Combine(from, "degrade"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            foreach (var src in Directory.GetFiles(Path.Combine(from, "sources"), "*.py"))
                File.Copy(src, Path.Combine(to, "sources", Path.GetFileName(src)));
            foreach (var version in FixtureCatalog.Versions)
            {
                var source = FixtureCatalog.VersionFolder(version, from);
                var target = FixtureCatalog.VersionFolder(version, to);
                Directory.CreateDirectory(target);
                foreach (var file in Directory.GetFiles(source).Where(f => f.EndsWith(".pyc", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                foreach (var dis in Directory.GetDirectories(source, "*.dis"))
                {
                    var dir = Path.Combine(target, Path.GetFileName(dis));
                    Directory.CreateDirectory(dir);
                    foreach (var file in Directory.GetFiles(dis, "default.*"))
                        File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
                }
            }
        }
    }
}
