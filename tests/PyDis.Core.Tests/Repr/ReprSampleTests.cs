using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Core;
using PyDis.Core.Marshal;
using PyDis.Core.Model;
using PyDis.Core.Repr;
using PyDis.Core.Tests.Fixtures;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Repr
{
    /// <summary>repr of every sample in tests/fixtures/repr/X.Y.json against what that interpreter printed.</summary>
    public class ReprSampleTests
    {
        private static readonly Regex Address = new Regex(" at 0x[0-9a-f]+,");
        private readonly ITestOutputHelper _out;

        public ReprSampleTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> Versions() => FixtureCatalog.DumpVersions("repr").Select(v => new object[] { v });

        /// <summary>The 3.14 and 3.15 references are Pyodide builds (tests/fixtures/README.md).</summary>
        internal static PyReprOptions OptionsFor(PyVersion v) =>
            new PyReprOptions { HashBuild = FixtureCatalog.HashBuildFor(v) };

        [Theory]
        [MemberData(nameof(Versions))]
        public void EverySampleMatchesTheInterpreter(string version)
        {
            var v = PyVersion.Parse(version);
            var options = OptionsFor(v);
            var marshalOrder = new PyReprOptions { MarshalOrder = true };
            using var doc = FixtureCatalog.ReadDump("repr", version);
            var failures = new StringBuilder();
            int total = 0, failed = 0, sets = 0, setsInMarshalOrder = 0, unmodelled = 0, unmodelledMatch = 0;
            foreach (var sample in doc.RootElement.GetProperty("samples").EnumerateArray())
            {
                total++;
                var value = MarshalReader.ReadObject(Convert.FromHexString(sample.GetProperty("marshal").GetString()!), 0, v);
                string expected = Address.Replace(sample.GetProperty("repr").GetString()!, " at ADDR,");
                string actual = Address.Replace(PyRepr.Repr(value, v, options), " at ADDR,");
                if (value is PySequence { Kind: PyKind.FrozenSet or PyKind.Set, Items.Length: > 1 } set)
                {
                    sets++;
                    if (PyRepr.Repr(value, v, marshalOrder) == expected) setsInMarshalOrder++;
                    if (!SetOrder.TryIterationOrder(set.Items, v, options.HashBuild, out _))
                    {
                        // An element hashes by address (None before 3.12, Ellipsis, NaN from 3.10): the
                        // interpreter's order cannot be known; PyRepr keeps the marshal order.
                        unmodelled++;
                        if (actual == expected) unmodelledMatch++;
                        continue;
                    }
                }
                if (actual == expected) continue;
                if (++failed <= 15) failures.Append("\n  expected ").Append(expected).Append("\n  actual   ").Append(actual);
            }
            _out.WriteLine($"{version}: {total - failed - unmodelled}/{total - unmodelled} match; sets with 2+ elements: {sets}, " +
                $"marshal order right for {setsInMarshalOrder}; with an address-hashed element: {unmodelled}, of which {unmodelledMatch} match");
            Assert.True(total > 0, "no repr samples for " + version);
            Assert.True(failed == 0, $"{failed} of {total} reprs differ:{failures}");
        }
    }
}
