using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Query
{
    /// <summary>
    /// Get-PyInstruction -ShowCaches: the CACHE entries 3.11 and 3.12 yield from get_instructions(show_caches=True),
    /// against Data/show_caches.&lt;X.Y&gt;.json written by Data/show_caches.py under each interpreter.
    /// </summary>
    public class QueryShowCachesTests
    {
        private static string DataFile(string version) =>
            Path.Combine(FixtureCatalog.RepoRoot, "tests", "PyDis.Core.Tests", "Query", "Data", $"show_caches.{version}.json");

        [Theory]
        [InlineData("3.11")]
        [InlineData("3.12")]
        public void CacheEntriesAreWhatGetInstructionsYields(string version)
        {
            var json = JsonDocument.Parse(File.ReadAllText(DataFile(version))).RootElement;
            Assert.True(PyDis.Core.Hosting.PycLoader.TryLoad(FixtureCatalog.Hex(json.GetProperty("pyc").GetString()!), "show_caches.pyc", out var source, out var error), error?.Message);
            var actual = PyDis.Core.Query.GetInstructions(source!, new InstructionOptions { ShowCaches = true }).ToList();
            var rows = json.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(rows.Count, actual.Count);
            Assert.Contains(actual, r => r.OpName == "CACHE");
            foreach (var (row, r) in rows.Zip(actual))
            {
                string at = $"{r.CodeName} @{r.Offset}";
                Assert.True(row[0].GetString() == r.CodeName, at);
                Assert.True(row[1].GetString() == r.OpName, at);
                Assert.Equal(row[2].GetInt32(), r.OpCode);
                Assert.Equal(row[3].ValueKind == JsonValueKind.Null ? null : row[3].GetInt32(), r.Arg);
                if (r.OpName == "CACHE") { Assert.Equal(row[4].GetString(), r.ArgValRepr); Assert.Null(r.ArgVal); }
                Assert.True(Addr(row[5].GetString()!) == Addr(r.ArgRepr), at + " argrepr " + r.ArgRepr);
                Assert.Equal(row[6].GetInt32(), r.Offset);
                Assert.Equal(row[7].ValueKind == JsonValueKind.Null ? null : row[7].GetInt32(), r.StartsLine);
                var pos = row[8];
                Assert.Equal(pos[0].ValueKind == JsonValueKind.Null ? null : pos[0].GetInt32(), r.LineNumber);
                Assert.Equal(pos[3].ValueKind == JsonValueKind.Null ? null : pos[3].GetInt32(), r.EndColOffset);
            }
        }

        private static string Addr(string s) => System.Text.RegularExpressions.Regex.Replace(s, "at 0x[0-9a-f]+", "at 0x0");

        [Fact]
        public void WithoutTheSwitchThereAreNoCacheEntries()
        {
            var json = JsonDocument.Parse(File.ReadAllText(DataFile("3.12"))).RootElement;
            Assert.True(PyDis.Core.Hosting.PycLoader.TryLoad(FixtureCatalog.Hex(json.GetProperty("pyc").GetString()!), "show_caches.pyc", out var source, out _));
            var plain = PyDis.Core.Query.GetInstructions(source!, new InstructionOptions()).ToList();
            Assert.DoesNotContain(plain, r => r.OpName == "CACHE");
            Assert.Equal(json.GetProperty("rows").EnumerateArray().Count(r => r[1].GetString() != "CACHE"), plain.Count);
        }

        [Fact]
        public void OpNameFilterKeepsMatchingInstructionsOnly()
        {
            var json = JsonDocument.Parse(File.ReadAllText(DataFile("3.12"))).RootElement;
            Assert.True(PyDis.Core.Hosting.PycLoader.TryLoad(FixtureCatalog.Hex(json.GetProperty("pyc").GetString()!), "show_caches.pyc", out var source, out _));
            var loads = PyDis.Core.Query.GetInstructions(source!, new InstructionOptions { OpNameFilter = n => n.StartsWith("LOAD_", StringComparison.Ordinal) }).ToList();
            Assert.Equal(json.GetProperty("rows").EnumerateArray().Count(r => r[1].GetString()!.StartsWith("LOAD_", StringComparison.Ordinal)), loads.Count);
        }
    }
}
