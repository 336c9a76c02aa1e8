using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Opcodes
{
    /// <summary>
    /// Each generated table against the opcode dump its interpreter wrote (tests/fixtures/opcodes/X.Y.json):
    /// every name and number, every has* list, cache counts and layouts, deopt map and argrepr lists.
    /// </summary>
    public class OpcodeTableTests
    {
        public static IEnumerable<object[]> Dumps() => FixtureCatalog.DumpVersions("opcodes").Select(v => new object[] { v });

        private static JsonElement Load(string version) => FixtureCatalog.ReadDump("opcodes", version).RootElement;

        private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

        [Theory]
        [MemberData(nameof(Dumps))]
        public void TableMatchesInterpreterDump(string versionText)
        {
            var d = Load(versionText);
            var t = Release.Of(PyVersion.Parse(versionText)).Opcodes;
            Assert.Equal(d.GetProperty("python").GetString()!.Split(' ')[0], t.PythonBuild);
            Assert.Equal(d.GetProperty("HAVE_ARGUMENT").GetInt32(), t.HaveArgument);
            Assert.Equal(d.GetProperty("EXTENDED_ARG").GetInt32(), t.ExtendedArg);
            Assert.Equal(FixtureCode.Strings(d.GetProperty("cmp_op")), t.CmpOp.ToArray());

            // Names, numbers, has-arg and deopt per byte, as dis derives them.
            foreach (var p in d.GetProperty("per_op").EnumerateArray())
            {
                int op = p.GetProperty("op").GetInt32();
                var info = t[op];
                Assert.Equal(op, info.Code);
                Assert.Equal(p.GetProperty("name").GetString(), info.Name);
                Assert.Equal(p.GetProperty("deop").GetInt32(), info.BaseOpCode);
                Assert.Equal(p.GetProperty("has_arg").GetBoolean(), info.HasArg);
                Assert.Equal(!info.Name.StartsWith("<", StringComparison.Ordinal), info.IsValid);
            }

            // opmap (with pseudo ops) and _specialized_opmap: every name resolves to its number.
            foreach (var kv in d.GetProperty("opmap").EnumerateObject())
                Assert.Equal(kv.Value.GetInt32(), t.GetOpcode(kv.Name));
            if (d.GetProperty("_specialized_opmap").ValueKind == JsonValueKind.Object)
                foreach (var kv in d.GetProperty("_specialized_opmap").EnumerateObject())
                    Assert.Equal(kv.Value.GetInt32(), t.GetOpcode(kv.Name));
            var opmapNumbers = new HashSet<int>(d.GetProperty("opmap").EnumerateObject().Select(kv => kv.Value.GetInt32()));
            Assert.Equal(opmapNumbers.Where(n => n >= 256).OrderBy(n => n), t.PseudoOps.Select(o => o.Code).OrderBy(n => n));

            // has* lists: the table's flags give back exactly each list (pseudo ops included).
            var flagLists = new (string, OpcodeFlags)[]
            {
                ("hasconst", OpcodeFlags.HasConst), ("hasname", OpcodeFlags.HasName), ("hasjrel", OpcodeFlags.HasJrel),
                ("hasjabs", OpcodeFlags.HasJabs), ("haslocal", OpcodeFlags.HasLocal), ("hascompare", OpcodeFlags.HasCompare),
                ("hasfree", OpcodeFlags.HasFree), ("hasnargs", OpcodeFlags.HasNArgs), ("hasarg", OpcodeFlags.HasArg),
                ("hasexc", OpcodeFlags.HasExc), ("hasjump", OpcodeFlags.HasJump),
            };
            var all = t.Ops.Concat(t.PseudoOps).ToList();
            foreach (var (key, flag) in flagLists)
            {
                var el = d.GetProperty(key);
                var ours = all.Where(o => (o.Flags & flag) != 0).Select(o => o.Code).OrderBy(n => n).ToArray();
                if (el.ValueKind == JsonValueKind.Null) { Assert.Empty(ours); continue; }
                Assert.True(Ints(el).OrderBy(n => n).SequenceEqual(ours), $"{versionText} {key}: [{string.Join(",", ours)}] vs [{string.Join(",", Ints(el))}]");
            }

            // Inline caches: count and named layout of every base op; specialised ops take their base's.
            var entries = d.GetProperty("_inline_cache_entries");
            var format = d.GetProperty("_cache_format");
            foreach (var info in t.Ops)
            {
                if (!info.IsValid) { Assert.Equal(0, info.CacheCount); continue; }
                var baseName = t[info.BaseOpCode].Name;
                int want = entries.ValueKind == JsonValueKind.Object && entries.TryGetProperty(baseName, out var n) ? n.GetInt32() : 0;
                Assert.True(want == info.CacheCount, $"{versionText} {info.Name} caches {info.CacheCount}, expected {want}");
                if (want > 0 && format.TryGetProperty(baseName, out var fields))
                {
                    var expect = fields.EnumerateArray().Select(f => f[0].GetString() + ":" + f[1].GetInt32());
                    Assert.Equal(expect, info.CacheFormat.Select(f => f.Name + ":" + f.Size));
                    Assert.Equal(want, info.CacheFormat.Sum(f => f.Size));
                }
            }

            // deoptmap: every specialised name maps to its family's base.
            if (d.GetProperty("deoptmap").ValueKind == JsonValueKind.Object)
                foreach (var kv in d.GetProperty("deoptmap").EnumerateObject())
                {
                    int op = t.GetOpcode(kv.Name);
                    if (op < 0 || op > 255) continue;
                    Assert.Equal(kv.Value.GetString(), t[t[op].BaseOpCode].Name);
                }

            // argrepr lists.
            AssertList(d, "_nb_ops", t.NbOps, x => x[1].GetString()!);
            AssertList(d, "_intrinsic_1_descs", t.Intrinsic1, x => x.GetString()!);
            AssertList(d, "_intrinsic_2_descs", t.Intrinsic2, x => x.GetString()!);
            AssertList(d, "_special_method_names", t.SpecialMethodNames, x => x.GetString()!);
            AssertList(d, "_common_constants", t.CommonConstantReprs, x => x[0].GetString()!);
            AssertList(d, "_common_constants", t.CommonConstantArgReprs, x => x[1].GetString()!);
            AssertList(d, "conversion_reprs", t.ConversionReprs, x => x.GetString()!);
        }

        private static void AssertList(JsonElement d, string key, IReadOnlyList<string> ours, Func<JsonElement, string> pick)
        {
            var el = d.GetProperty(key);
            if (el.ValueKind == JsonValueKind.Null) { Assert.Empty(ours); return; }
            Assert.Equal(el.EnumerateArray().Select(pick).ToArray(), ours.ToArray());
        }

        [Fact]
        public void EveryDumpHasATableAndEveryTableADump()
        {
            var dumps = Dumps().Select(o => (string)o[0]).OrderBy(x => x, StringComparer.Ordinal);
            var tables = ReleaseRegistry.Supported.All.Select(r => r.Version.ToString()).OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(dumps, tables);
            foreach (var r in ReleaseRegistry.Supported.All)
                Assert.Equal(r.Version, r.Opcodes.Version);
        }
    }
}
