using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Flow;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Flow
{
    /// <summary>
    /// The generated stack-effect tables against every answer their release gave (tests/fixtures/stack/X.Y.json:
    /// dis.stack_effect of 3.4+, compile.c's opcode_stack_effect of 2.7 and 3.0-3.3): every opcode, every sampled
    /// oparg, the bisected validity boundaries, no oparg, every jump= value, and opcodes above the table.
    /// </summary>
    public class StackEffectDumpTests
    {
        public static IEnumerable<object[]> Dumps() => FixtureCatalog.DumpVersions("stack").Select(v => new object[] { v });

        private static readonly Dictionary<string, StackEffectError> Errors = new Dictionary<string, StackEffectError>
        {
            ["ValueError: invalid opcode or oparg"] = StackEffectError.Invalid,
            ["ValueError: stack_effect: opcode does not permit oparg but oparg was specified"] = StackEffectError.OpargNotPermitted,
            ["ValueError: stack_effect: opcode requires oparg but oparg was not specified"] = StackEffectError.OpargRequired,
        };

        /// <summary>An answer: a value, or "!k" naming errors[k].</summary>
        private static (int Value, StackEffectError Error) Answer(JsonElement v, string[] errors) =>
            v.ValueKind == JsonValueKind.Number
                ? (v.GetInt32(), StackEffectError.None)
                : Answer(v.GetString()!, errors);

        private static (int Value, StackEffectError Error) Answer(string v, string[] errors) =>
            v.StartsWith("!", StringComparison.Ordinal)
                ? (0, Errors[errors[int.Parse(v.Substring(1))]])
                : (int.Parse(v), StackEffectError.None);

        private static List<string> Row(string encoded)
        {
            var row = new List<string>();
            foreach (var item in encoded.Split(','))
            {
                int star = item.IndexOf('*');
                if (star < 0) row.Add(item);
                else row.AddRange(Enumerable.Repeat(item.Substring(0, star), int.Parse(item.Substring(star + 1))));
            }
            return row;
        }

        private static JumpCase Jump(JsonElement j) =>
            j.ValueKind == JsonValueKind.Null ? JumpCase.Either : j.GetBoolean() ? JumpCase.Taken : JumpCase.NotTaken;

        private static string Key(JumpCase j) => j == JumpCase.Either ? "null" : j == JumpCase.Taken ? "true" : "false";

        private static (int, StackEffectError) Engine(StackEffectTable t, int opcode, int? oparg, JumpCase jump) =>
            (t.TryEvaluate(opcode, oparg, jump, out int v) is var e && e == StackEffectError.None ? v : 0, e);

        [Theory]
        [MemberData(nameof(Dumps))]
        public void EveryAnswerOfTheReleaseIsReproduced(string versionText)
        {
            using var doc = FixtureCatalog.ReadDump("stack", versionText);
            var d = doc.RootElement;
            var version = PyVersion.Parse(versionText);
            var t = StackEffect.Table(version);
            Assert.Equal(d.GetProperty("python").GetString(), t.PythonBuild);
            Assert.Equal(d.GetProperty("source").GetString(), t.Source);
            var errors = d.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var opargs = d.GetProperty("opargs").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var jumps = d.GetProperty("jumps").EnumerateArray().Select(Jump).ToArray();
            Assert.Equal(jumps.Length > 1, t.HasJumpKeyword);
            Assert.True(opargs.Length > 300, "the dump samples at least 0..300");

            int checkedAnswers = 0;
            var failures = new List<string>();
            void Check(int opcode, int? oparg, JumpCase jump, (int, StackEffectError) expected)
            {
                checkedAnswers++;
                var got = Engine(t, opcode, oparg, jump);
                if (got != expected && failures.Count < 20)
                    failures.Add($"{versionText} op {opcode} ({t.NameOf(opcode)}) oparg {oparg?.ToString() ?? "None"} jump {Key(jump)}: {got}, CPython {expected}");
            }

            var ops = d.GetProperty("ops").EnumerateArray().ToList();
            Assert.Equal(256, ops.Count(o => o.GetProperty("opcode").GetInt32() < 256));
            foreach (var op in ops)
            {
                int opcode = op.GetProperty("opcode").GetInt32();
                Assert.Equal(op.GetProperty("name").GetString(), t.NameOf(opcode));
                foreach (var jump in jumps)
                {
                    string key = Key(jump);
                    Check(opcode, null, jump, Answer(op.GetProperty("noarg").GetProperty(key), errors));
                    var row = Row(op.GetProperty("rows").GetProperty(key).GetString()!);
                    Assert.Equal(opargs.Length, row.Count);
                    for (int k = 0; k < opargs.Length; k++) Check(opcode, opargs[k], jump, Answer(row[k], errors));
                    if (op.GetProperty("extra").TryGetProperty(key, out var extra))
                        foreach (var pair in extra.EnumerateArray())
                            Check(opcode, pair[0].GetInt32(), jump, Answer(pair[1], errors));
                }
            }
            foreach (var o in d.GetProperty("outside").EnumerateArray())
            {
                int opcode = o.GetProperty("opcode").GetInt32();
                Check(opcode, null, JumpCase.Either, Answer(o.GetProperty("noarg"), errors));
                Check(opcode, 0, JumpCase.Either, Answer(o.GetProperty("oparg0"), errors));
            }
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(checkedAnswers > 256 * opargs.Length, $"only {checkedAnswers} answers checked");
        }

        [Fact]
        public void EveryVersionWithADumpHasATableAndEveryTableADump()
        {
            var dumps = FixtureCatalog.DumpVersions("stack").Select(PyVersion.Parse).ToArray();
            Assert.Equal(dumps, ReleaseRegistry.Supported.All.Where(r => r.HasStackEffects).Select(r => r.Version).ToArray());
            foreach (var r in ReleaseRegistry.Supported.All.Where(r => r.HasStackEffects))
                Assert.Equal(r.Version, r.StackEffects.Version);
            // Every release has stack effects.
            foreach (var r in ReleaseRegistry.Supported.All)
                Assert.Contains(r.Version, dumps);
        }

        [Fact]
        public void ErrorsCarryCPythonsMessages()
        {
            var v = new PyVersion(3, 12);
            int loadConst = StackEffect.Table(v).OpcodeOf("LOAD_CONST");
            var e = Assert.Throws<StackEffectException>(() => StackEffect.Of(v, loadConst));
            Assert.Equal(StackEffectError.OpargRequired, e.Error);
            Assert.Equal("stack_effect: opcode requires oparg but oparg was not specified", e.Message);
            Assert.Equal("ValueError", e.PythonException);
            Assert.IsAssignableFrom<ArgumentException>(e);

            var bad = Assert.Throws<StackEffectException>(() => StackEffect.Of(v, 255, 0));
            Assert.Equal("invalid opcode or oparg", bad.Message);

            var noJump = Assert.Throws<StackEffectException>(() => StackEffect.Of(new PyVersion(3, 7), "FOR_ITER", 0, JumpCase.Taken));
            Assert.Equal(StackEffectError.JumpNotSupported, noJump.Error);
            Assert.Equal("TypeError", noJump.PythonException);

            Assert.Throws<ArgumentOutOfRangeException>(() => StackEffect.Of(v, -1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => StackEffect.Of(v, loadConst, -1));
            Assert.Throws<ArgumentException>(() => StackEffect.Of(v, "NO_SUCH_OP", 0));
        }

        [Fact]
        public void ByNameAndByNumberAgree()
        {
            var v = new PyVersion(3, 8);
            Assert.Equal(-1, StackEffect.Of(v, "FOR_ITER", 0, JumpCase.Taken));
            Assert.Equal(1, StackEffect.Of(v, "FOR_ITER", 0, JumpCase.NotTaken));
            Assert.Equal(1, StackEffect.Of(v, "FOR_ITER", 0));
            Assert.Equal(-3, StackEffect.Of(v, "BUILD_TUPLE", 4));
            Assert.Equal(StackEffect.Of(v, StackEffect.Table(v).OpcodeOf("BUILD_TUPLE"), 4), StackEffect.Of(v, "BUILD_TUPLE", 4));
        }
    }
}
