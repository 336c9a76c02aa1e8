using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PyDis.Commands;
using PyDis.Core;
using PyDis.Core.Releases;

namespace PyDis.Tests.Module
{
    /// <summary>What the module itself makes of user input: hex text for ConvertFrom-PyBytecode and -OpName completion.</summary>
    public class HostInputTests
    {
        [Theory]
        [InlineData("9700640064016c005a007901", new byte[] { 0x97, 0, 0x64, 0, 0x64, 1, 0x6c, 0, 0x5a, 0, 0x79, 1 })]
        [InlineData("0x64 00 53-00", new byte[] { 0x64, 0, 0x53, 0 })]
        [InlineData("AB:cd", new byte[] { 0xab, 0xcd })]
        [InlineData("", new byte[0])]
        public void HexTextParses(string text, byte[] expected) => Assert.Equal(expected, ConvertFromPyBytecodeCommand.TryParseHex(text));

        [Theory]
        [InlineData("abc")]
        [InlineData("zz")]
        [InlineData(null)]
        public void NonHexIsNull(string? text) => Assert.Null(ConvertFromPyBytecodeCommand.TryParseHex(text));

        [Fact]
        public void OpNameCompletionUsesTheTableOfTheVersionInPlay()
        {
            var v312 = PyVersion.Parse("3.12");
            var loads = Query.GetOpcodes(v312, n => n.StartsWith("LOAD_", StringComparison.Ordinal)).Select(o => o.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(loads, OpNameCompleter.CompleteOpName("load_", new[] { v312 }, pycOnly: false));

            // 2.7 has PRINT_ITEM, 3.12 does not: completion follows the version in play, or the union of all.
            Assert.Empty(OpNameCompleter.CompleteOpName("PRINT_IT", new[] { v312 }));
            Assert.Equal(new[] { "PRINT_ITEM", "PRINT_ITEM_TO" }, OpNameCompleter.CompleteOpName("PRINT_IT", OpNameCompleter.CompletionVersions(null, null)));
            Assert.Equal(new[] { v312 }, OpNameCompleter.CompletionVersions("3.12", null));
            Assert.Equal(ReleaseRegistry.Supported.All.Select(r => r.Version), OpNameCompleter.CompletionVersions("9.9", "/nonexistent.pyc"));
        }

        /// <summary>
        /// -OpName completion offers what can be in a .pyc: each interpreter's own opcode dump says which names are
        /// specialised (_specializations) and where instrumented opcodes start (MIN_INSTRUMENTED_OPCODE).
        /// </summary>
        [Theory]
        [InlineData("3.11")]
        [InlineData("3.12")]
        [InlineData("3.13")]
        [InlineData("3.14")]
        public void OpNameCompletionOffersOnlyWhatCanBeInAPyc(string version)
        {
            using var dump = JsonDocument.Parse(Repo.Text("tests", "fixtures", "opcodes", version + ".json"));
            var root = dump.RootElement;
            var specialised = new HashSet<string>(root.GetProperty("_specializations").EnumerateObject()
                .SelectMany(p => p.Value.EnumerateArray().Select(e => e.GetString()!)));
            int? minInstrumented = root.GetProperty("MIN_INSTRUMENTED_OPCODE").ValueKind == JsonValueKind.Number
                ? root.GetProperty("MIN_INSTRUMENTED_OPCODE").GetInt32() : (int?)null;
            var expected = root.GetProperty("opmap").EnumerateObject()
                .Where(p => p.Value.GetInt32() < 256 && !specialised.Contains(p.Name) && !(minInstrumented is int m && p.Value.GetInt32() >= m))
                .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var offered = OpNameCompleter.CompleteOpName("", new[] { PyVersion.Parse(version) }).ToList();
            Assert.Equal(expected, offered);
            Assert.Contains("LOAD_ATTR", offered);
            Assert.DoesNotContain(offered, n => n.StartsWith("INSTRUMENTED_", StringComparison.Ordinal));
        }
    }
}
