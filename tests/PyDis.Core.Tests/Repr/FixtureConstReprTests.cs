using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Repr;
using PyDis.Core.Tests.Fixtures;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Repr
{
    /// <summary>
    /// repr of every constant of every code object of every fixture .pyc, against the co_consts reprs the
    /// interpreter recorded (code addresses are written as 0x0 there, tests/fixtures/README.md).
    /// </summary>
    public class FixtureConstReprTests
    {
        private readonly ITestOutputHelper _out;

        public FixtureConstReprTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Versions() => FixtureCatalog.VersionTheoryData();

        [Theory]
        [MemberData(nameof(Versions))]
        public void EveryConstantReprMatches(string versionText)
        {
            var version = PyVersion.Parse(versionText);
            var dir = Path.Combine(FixtureCatalog.Root, versionText);
            Assert.True(Directory.Exists(dir), "no fixtures for " + versionText + " at " + dir);
            var options = ReprSampleTests.OptionsFor(version);
            options.CodeAddress = _ => 0;
            int consts = 0, failed = 0, unmodelled = 0, unmodelledMatch = 0, files = 0;
            var failures = new StringBuilder();
            foreach (var fixture in FixtureCatalog.ForVersion(version))
            {
                var pyc = fixture.PycPath;
                Assert.True(File.Exists(fixture.JsonPath), "no " + fixture.JsonPath);
                files++;
                var codes = new List<CodeObject>(PycFile.Open(pyc).Code.Walk());
                using var doc = fixture.ReadJson();
                var entries = doc.RootElement.GetProperty("codes");
                Assert.Equal(entries.GetArrayLength(), codes.Count);
                int i = 0;
                foreach (var entry in entries.EnumerateArray())
                {
                    var code = codes[i++];
                    var expected = entry.GetProperty("co").GetProperty("co_consts");
                    Assert.Equal(expected.GetArrayLength(), code.Consts.Length);
                    int k = 0;
                    foreach (var e in expected.EnumerateArray())
                    {
                        var value = code.Consts[k++];
                        consts++;
                        string want = e.GetString()!, got = PyRepr.Repr(value, version, options);
                        if (value is PySequence { Kind: PyKind.FrozenSet } set
                            && !SetOrder.TryIterationOrder(set.Items, version, options.HashBuild, out _))
                        {
                            // An element hashes by address (None before 3.12, Ellipsis, NaN from 3.10).
                            unmodelled++;
                            if (got == want) unmodelledMatch++;
                            continue;
                        }
                        if (got == want) continue;
                        if (++failed <= 15)
                            failures.Append('\n').Append(Path.GetFileName(pyc)).Append(' ').Append(entry.GetProperty("path").GetString())
                                .Append("\n  expected ").Append(want).Append("\n  actual   ").Append(got);
                    }
                }
            }
            _out.WriteLine($"{versionText}: {files} files, {consts - failed - unmodelled}/{consts - unmodelled} constants match; " +
                $"frozensets with an address-hashed element: {unmodelled}, of which {unmodelledMatch} match");
            Assert.True(files > 0, "no .pyc fixtures in " + dir);
            Assert.True(failed == 0, $"{failed} of {consts} constant reprs differ:{failures}");
        }
    }
}
