using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Query
{
    /// <summary>Show-PyCode's facade against the text each interpreter's dis printed (tests/fixtures/&lt;X.Y&gt;/&lt;name&gt;.dis/&lt;variant&gt;.txt).</summary>
    public class QueryShowCodeTests
    {
        public static IEnumerable<object[]> Listings() =>
            from f in FixtureCatalog.All(FixtureCode.FixturesRoot)
            from variant in f.Variants
            // Whole texts only (not .sha256 digests); lasti: no cmdlet parameter; walk: below.
            where variant != "lasti" && variant != "walk" && File.Exists(Path.Combine(f.DisDir, variant + ".txt"))
            select new object[] { f.Version.ToString(), f.Name, variant };

        private static ShowCodeOptions OptionsOf(string variant)
        {
            if (variant == "info") return new ShowCodeOptions { Info = true };
            if (variant.StartsWith("depth", StringComparison.Ordinal)) return new ShowCodeOptions { Depth = int.Parse(variant.Substring(5)) };
            if (variant == "default") return new ShowCodeOptions();
            return new ShowCodeOptions { ShowCaches = variant.Contains('C'), ShowOffsets = variant.Contains('O'), ShowPositions = variant.Contains('P') };
        }

        private static string Addr(string s) => ReprNormal.Both(s);

        [Fact]
        public void ThereAreListingsToCompareWith() => Assert.True(Listings().Count() > 100);

        [Theory]
        [MemberData(nameof(Listings))]
        public void TextIsWhatThatVersionsDisPrinted(string version, string name, string variant)
        {
            var dir = Path.Combine(FixtureCode.FixturesRoot, version);
            Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(Path.Combine(dir, name + ".pyc"), out var source, out var error), error?.Message);
            var expected = File.ReadAllText(Path.Combine(dir, name + ".dis", variant + ".txt"));
            var options = OptionsOf(variant);
            Assert.Empty(PyDis.Core.Query.IgnoredShowOptions(source!.Version, options));
            var text = PyDis.Core.Query.ShowCodeText(source, options);
            Assert.Equal(Addr(expected), Addr(text));
            var lines = PyDis.Core.Query.ShowCode(source, options).ToList();
            Assert.Equal(text, lines.Count == 0 ? "" : string.Join("\n", lines) + "\n");
        }

        [Fact]
        public void OptionsAVersionLacksAreNamedAndLeftOut()
        {
            var pyc = Path.Combine(FixtureCode.FixturesRoot, "3.8", "classes.pyc");
            Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(pyc, out var source, out _));
            var options = new ShowCodeOptions { ShowCaches = true, ShowOffsets = true, ShowPositions = true };
            Assert.Equal(3, PyDis.Core.Query.IgnoredShowOptions(source!.Version, options).Count);
            Assert.Equal(Addr(File.ReadAllText(Path.Combine(FixtureCode.FixturesRoot, "3.8", "classes.dis", "default.txt"))),
                Addr(PyDis.Core.Query.ShowCodeText(source, options)));
        }

        public static IEnumerable<object[]> Walks() =>
            Directory.GetFiles(FixtureCode.FixturesRoot, "walk.txt", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new object[] { Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f)))!, Path.GetFileNameWithoutExtension(Path.GetDirectoryName(f))! });

        /// <summary>
        /// 2.7 and 3.0-3.6 dis.dis shows the top level only; piping each code object from Get-PyCodeObject into
        /// Show-PyCode gives every one, as the fixtures' walk listing (disassemble of each, joined by a newline).
        /// </summary>
        [Theory]
        [MemberData(nameof(Walks))]
        public void PipedCodeObjectsShowEveryCodeOfOldVersions(string version, string name)
        {
            var dir = Path.Combine(FixtureCode.FixturesRoot, version);
            Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(Path.Combine(dir, name + ".pyc"), out var source, out _));
            var parts = PyDis.Core.Query.GetCodeObjects(source!, null)
                .Select(c => PyDis.Core.Query.ShowCodeText(Piped(c), new ShowCodeOptions()));
            Assert.Equal(Addr(File.ReadAllText(Path.Combine(dir, name + ".dis", "walk.txt"))), Addr(string.Join("\n", parts)));
        }

        private static PyDis.Core.Hosting.PycInput Piped(PyDis.Core.Records.PyCodeObject c) =>
            PyDis.Core.Hosting.PycLoader.FromCodeObject(c.GetCodeObject(), c.Path, c.CodePath);
    }
}
