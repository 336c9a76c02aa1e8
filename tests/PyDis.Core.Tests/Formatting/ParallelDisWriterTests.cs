using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Hosting;
using PyDis.Core.Pyc;
using PyDis.Core.Model;
using PyDis.Core.Repr;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Formatting
{
    /// <summary>A lone file on several threads: the same text as one formatter, for every fixture and text option.</summary>
    public class ParallelDisWriterTests
    {
        public static IEnumerable<object[]> Cases() =>
            FixtureCatalog.All().Select(f => new object[] { f.Version.ToString(), f.Name });

        // The default, depth=1 (3.7+) and every text option the version's dis has together (show_caches 3.11+,
        // show_offsets 3.13+, show_positions 3.14+).
        private static IEnumerable<DisOptions> OptionSets(CodeObject code)
        {
            var repr = new PyReprOptions { HashBuild = FixtureCatalog.HashBuildFor(code.Version) };
            yield return new DisOptions { ReprOptions = repr };
            var depth = new DisOptions { ReprOptions = repr, Depth = 1 };
            if (Valid(code, depth)) yield return depth;
            var all = new DisOptions { ReprOptions = repr };
            foreach (var set in new Action<DisOptions>[] { o => o.ShowCaches = true, o => o.ShowOffsets = true, o => o.ShowPositions = true })
            {
                var candidate = new DisOptions { ReprOptions = repr, ShowCaches = all.ShowCaches, ShowOffsets = all.ShowOffsets, ShowPositions = all.ShowPositions };
                set(candidate);
                if (Valid(code, candidate)) all = candidate;
            }
            if (all.ShowCaches || all.ShowOffsets || all.ShowPositions) yield return all;
        }

        private static bool Valid(CodeObject code, DisOptions options)
        {
            try
            {
                options.Validate(code.Release);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Text_equals_one_formatters(string version, string name)
        {
            var code = DisFixtures.Load(version, name);
            foreach (var options in OptionSets(code))
            {
                var expected = new StringWriter(CultureInfo.InvariantCulture);
                new DisFormatter(code.Version, options).Write(code, expected);
                foreach (int threads in new[] { 2, 3 })
                {
                    var actual = new StringWriter(CultureInfo.InvariantCulture);
                    new ParallelDisWriter(code.Release, options, threads) { MinBytes = 0 }.Write(code, actual);
                    Assert.True(expected.ToString() == actual.ToString(),
                        $"{version}/{name}, {threads} threads, depth {options.Depth}, caches {options.ShowCaches}: the texts differ");
                }
            }
        }

        public static IEnumerable<object[]> Files() =>
            Directory.GetFiles(FixtureCatalog.Root, "*.pyc", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(FixtureCatalog.Root, f)).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new object[] { f });

        // Every fixture .pyc, the odd code objects of tests/fixtures/degrade included: the same text as one formatter,
        // the same failure where it fails, and the sound code objects it finds leave the same problem report.
        [Theory]
        [MemberData(nameof(Files))]
        public void Every_fixture_file_gives_one_formatters_text_and_problems(string file)
        {
            var data = File.ReadAllBytes(Path.Combine(FixtureCatalog.Root, file));
            CodeObject module;
            try { module = PycFile.Load(data, file).Code; }
            catch (PycFormatException) { return; }  // a container fixture made to fail loading: nothing to format
            var expected = new StringWriter(CultureInfo.InvariantCulture);
            Exception? expectedFailure = null;
            try { new DisFormatter(module.Release).Write(module, expected); }
            catch (PycFormatException e) { expectedFailure = e; }

            var actual = new StringWriter(CultureInfo.InvariantCulture);
            var sound = new SoundCode();
            Exception? failure = null;
            try { new ParallelDisWriter(module.Release, new DisOptions(), 2) { MinBytes = 0 }.Write(module, actual, sound); }
            catch (PycFormatException e) { failure = e; }
            Assert.Equal(expectedFailure?.Message, failure?.Message);
            if (failure != null) return;
            Assert.Equal(expected.ToString(), actual.ToString());
            var input = new PycInput(file, module, null, module.Name, false);
            Assert.Equal(CodeProblemReport.Find(input).Select(p => p.Message), CodeProblemReport.Find(input, sound).Select(p => p.Message));
        }

        [Theory]
        [InlineData("3.12")]
        [InlineData("3.13")]
        [InlineData("3.7")]
        public void Parts_of_the_walk_concatenate_to_the_whole_text(string version)
        {
            var formatter = new DisFormatter(PyVersion.Parse(version));
            var rng = new Random(7);
            foreach (var fixture in FixtureCatalog.ForVersion(PyVersion.Parse(version)))
            {
                var code = DisFixtures.Load(version, fixture.Name);
                string whole = formatter.Format(code);
                int n = formatter.WalkWeights(code).Length;
                Assert.Equal(code.Walk().Count(), n);
                var parts = new StringWriter(CultureInfo.InvariantCulture);
                for (int from = 0; from < n;)
                {
                    int to = Math.Min(n, from + 1 + rng.Next(3));
                    formatter.WritePart(code, parts, from, to);
                    from = to;
                }
                Assert.Equal(whole, parts.ToString());
                var none = new StringWriter(CultureInfo.InvariantCulture);
                formatter.WritePart(code, none, n, n);
                Assert.Equal("", none.ToString());
            }
        }

        [Fact]
        public void Small_trees_stay_on_one_thread_and_large_ones_are_cut_into_parts()
        {
            var code = DisFixtures.Load("3.12", FixtureCatalog.ForVersion(PyVersion.Parse("3.12")).First().Name);
            Assert.True(code.Walk().Sum(c => c.Code.Length) < ParallelDisWriter.MinParallelBytes);
            var sw = new StringWriter(CultureInfo.InvariantCulture);
            new ParallelDisWriter(code.Release, new DisOptions(), 2).Write(code, sw);
            Assert.Equal(new DisFormatter(code.Version).Format(code), sw.ToString());
        }
    }
}
