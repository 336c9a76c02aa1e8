using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Query
{
    /// <summary>Get-PyOpcode and -OpName completion against each interpreter's opcode dump (tests/fixtures/opcodes).</summary>
    public class QueryOpcodeTests
    {
        public static IEnumerable<object[]> Dumps() => FixtureCatalog.DumpVersions("opcodes").Select(v => new object[] { v });

        private static JsonElement Dump(string version) => FixtureCatalog.ReadDump("opcodes", version).RootElement;

        [Theory]
        [MemberData(nameof(Dumps))]
        public void OpcodesAreTheInterpretersOpnameTable(string version)
        {
            var dump = Dump(version);
            var names = dump.GetProperty("opname").EnumerateArray().Select(e => e.GetString()!).ToList();
            // dis.opname below 256 (pseudo-ops above never occur in code objects).
            var expected = names.Select((n, i) => (n, i)).Where(p => p.i < 256 && !p.n.StartsWith("<", StringComparison.Ordinal)).ToList();
            var actual = PyDis.Core.Query.GetOpcodes(PyVersion.Parse(version), null).ToList();
            var deopt = dump.GetProperty("deoptmap").ValueKind == JsonValueKind.Object
                ? dump.GetProperty("deoptmap").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : new Dictionary<string, string>();
            // Every real opcode is listed; the other rows are specialised forms (3.11+), named with their family.
            Assert.Equal(expected, actual.Where(o => !deopt.ContainsKey(o.Name) || expected.Contains((o.Name, o.OpCode))).Select(o => (o.Name, o.OpCode)).ToList());
            Assert.All(actual.Where(o => deopt.ContainsKey(o.Name)), o => Assert.Equal(deopt[o.Name], o.BaseName));
            Assert.All(actual, o => Assert.Equal(version, o.PythonVersion.ToString()));

            var perOp = dump.GetProperty("per_op").EnumerateArray().ToDictionary(e => e.GetProperty("op").GetInt32());
            foreach (var o in actual.Where(o => perOp.ContainsKey(o.OpCode)))
            {
                var p = perOp[o.OpCode];
                Assert.Equal(p.GetProperty("name").GetString(), o.Name);
                Assert.True(p.GetProperty("has_arg").GetBoolean() == o.HasArgument, $"{version} {o.Name} has_arg");
                Assert.Equal(names.Count > p.GetProperty("deop").GetInt32() ? names[p.GetProperty("deop").GetInt32()] : o.Name, o.BaseName);
            }
        }

        [Theory]
        [MemberData(nameof(Dumps))]
        public void CacheCountsAreInlineCacheEntries(string version)
        {
            var dump = Dump(version);
            if (dump.GetProperty("_inline_cache_entries").ValueKind != JsonValueKind.Object) return;  // before 3.11 there are none
            var entries = dump.GetProperty("_inline_cache_entries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            foreach (var o in PyDis.Core.Query.GetOpcodes(PyVersion.Parse(version), null))
                Assert.True((entries.TryGetValue(o.BaseName, out var n) ? n : 0) == o.CacheCount, $"{version} {o.Name}");
        }

        [Fact]
        public void NameFilterUsesTheVersionsTable()
        {
            var v312 = PyVersion.Parse("3.12");
            var loads = PyDis.Core.Query.GetOpcodes(v312, n => n.StartsWith("LOAD_", StringComparison.Ordinal)).Select(o => o.Name).ToList();
            var names = Dump("3.12").GetProperty("opname").EnumerateArray().Select(e => e.GetString()!).ToList();
            var specialised = Dump("3.12").GetProperty("deoptmap").EnumerateObject().Select(p => p.Name);
            Assert.Equal(names.Take(256).Concat(specialised).Where(n => n.StartsWith("LOAD_", StringComparison.Ordinal)).Distinct().OrderBy(n => n, StringComparer.Ordinal),
                loads.OrderBy(n => n, StringComparer.Ordinal));
        }
    }
}
