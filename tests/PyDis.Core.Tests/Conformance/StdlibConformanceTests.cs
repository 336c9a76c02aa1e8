using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Conformance;
using Xunit.Abstractions;

namespace PyDis.Core.Tests.Conformance
{
    /// <summary>
    /// Opt-in whole-stdlib check (docs/conformance.md): one case per &lt;X.Y&gt; folder under the dump root named by
    /// PYDIS_STDLIB_DUMPS (tests/fixtures/generator/stdlib.sh output). The dumps are large and never committed,
    /// so without the variable the theory is reported as skipped, with the reason.
    /// </summary>
    public class StdlibConformanceTests
    {
        public const string Variable = "PYDIS_STDLIB_DUMPS";

        private readonly ITestOutputHelper _out;

        public StdlibConformanceTests(ITestOutputHelper output) { _out = output; }

        public static IEnumerable<object[]> DumpFolders()
        {
            var root = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(root) || !Directory.Exists(root)) yield break;
            foreach (var dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
                if (PyVersion.TryParse(Path.GetFileName(dir), out _)) yield return new object[] { Path.GetFileName(dir) };
        }

        [StdlibTheory]
        [MemberData(nameof(DumpFolders))]
        public void StdlibMatchesTheInterpreter(string version)
        {
            var dir = Path.Combine(Environment.GetEnvironmentVariable(Variable)!, version);
            var result = StdlibCheck.Run(dir, PyVersion.Parse(version), texts: true);
            var log = new StringWriter();
            result.Write(log, 30);
            _out.WriteLine(log.ToString());
            Assert.True(result.Files.Length > 0, "no .pyc in " + dir);
            Assert.Equal(result.Files.Length, result.Loaded);
            // Frozensets with an element hashed by address (None before 3.12, Ellipsis, NaN) have no
            // reproducible order; every other difference is a defect.
            var defects = result.Categories().Where(c => !c.Category.Contains(StdlibCheck.AddressHashed)).ToList();
            Assert.True(defects.Count == 0, string.Join("\n", defects.Select(d => $"{d.Count} x {d.Category}, e.g. {d.First}")));
        }
    }

    /// <summary>
    /// Opt-in: every stdlib .pyc of every dump folder is written back byte for byte, and every code object's
    /// co_code and tables come back from the assembler (docs/conformance.md, round trips).
    /// </summary>
    public class StdlibRoundTripTests
    {
        private readonly ITestOutputHelper _out;

        public StdlibRoundTripTests(ITestOutputHelper output) { _out = output; }

        [StdlibTheory]
        [MemberData(nameof(StdlibConformanceTests.DumpFolders), MemberType = typeof(StdlibConformanceTests))]
        public void StdlibFilesAndCodeObjectsAreWrittenBackByteForByte(string version)
        {
            var dir = Path.Combine(Environment.GetEnvironmentVariable(StdlibConformanceTests.Variable)!, version);
            var v = PyVersion.Parse(version);
            var totals = RoundTripCheck.Run(dir, v, int.MaxValue, 30, assemble: true);
            var log = new StringWriter();
            RoundTripCheck.Write(log, PyVersion.Parse(version), totals);
            _out.WriteLine(log.ToString());
            Assert.True(totals.Files > 0, "no .pyc in " + dir);
            Assert.True(totals.FilesIdentical == totals.Files && totals.CodeObjectsIdentical == totals.CodeObjects, log.ToString());
            Assert.True(totals.AsmIdentical == totals.Assembled, log.ToString());
        }
    }

    /// <summary>A theory that is skipped, with its reason, when PYDIS_STDLIB_DUMPS names no folder.</summary>
    public sealed class StdlibTheoryAttribute : TheoryAttribute
    {
        public StdlibTheoryAttribute()
        {
            var root = Environment.GetEnvironmentVariable(StdlibConformanceTests.Variable);
            if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
                Skip = StdlibConformanceTests.Variable + " is not set to a stdlib dump root (docs/conformance.md): the stdlib check did not run";
        }
    }
}
