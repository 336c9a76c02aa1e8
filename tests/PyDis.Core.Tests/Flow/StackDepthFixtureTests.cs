using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Flow;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Flow
{
    /// <summary>
    /// The depth walk and the graph over every interpreter-produced fixture: each code object's computed
    /// maximum equals the co_stacksize its compiler wrote, or the difference has a cause that version can have.
    /// </summary>
    public class StackDepthFixtureTests
    {
        public static IEnumerable<object[]> Fixtures() => FixtureCatalog.TheoryData();

        private static IEnumerable<CodeObject> Codes(string version, string name) =>
            PycFile.Load(FixtureCatalog.Get(PyVersion.Parse(version), name).ReadPyc()).Code.Walk();

        /// <summary>The causes a version's compiler can produce (Match always).</summary>
        private static bool Possible(FlowRules rules, StackDepthCause cause)
        {
            switch (cause)
            {
                case StackDepthCause.Match: return true;
                case StackDepthCause.PeepholeDeadCode:
                case StackDepthCause.PeepholeDeadCodeAndFolding:
                    return rules.Walk == DepthWalkKind.RecursivePaths;
                case StackDepthCause.PeepholeConstantFolding:
                    return rules.Version <= new PyVersion(3, 9);
                case StackDepthCause.PeepholeJumpRewrite: return rules.PeepholeRewritesOrPopJumps;
                case StackDepthCause.HandlerWithoutRange: return Release.Of(rules.Version).Tables.HasExceptionTable;
                default: return false;
            }
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void ComputedMaximumIsCoStacksizeOrTheDifferenceHasACause(string version, string name)
        {
            var failures = new List<string>();
            int codes = 0;
            using (var json = FixtureCatalog.Get(PyVersion.Parse(version), name).ReadJson())
            {
                var stackSizes = json.RootElement.GetProperty("codes").EnumerateArray()
                    .Select(c => c.GetProperty("co").GetProperty("co_stacksize").GetInt32()).ToArray();
                foreach (var (code, expected) in Codes(version, name).Zip(stackSizes))
                {
                    codes++;
                    Assert.Equal(expected, code.StackSize);  // the interpreter's own co_stacksize
                    var check = StackCheck.Check(code);
                    var rules = code.Release.Flow;
                    if (!Possible(rules, check.Cause))
                        failures.Add($"{code.DisplayName}: {check.Cause}: {check.Reason}");
                    Assert.NotNull(check.Walk);
                    Assert.True(check.Walk!.IsComplete, $"{code.DisplayName}: {string.Join("; ", check.Walk.Notes)}");
                }
            }
            Assert.True(codes > 0);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void TheGraphIsWellFormed(string version, string name)
        {
            foreach (var code in Codes(version, name))
            {
                var g = ControlFlowGraph.Build(code);
                var ins = g.Instructions;
                // Blocks partition the instructions in order.
                int next = 0;
                foreach (var b in g.Blocks)
                {
                    Assert.Equal(next, b.First);
                    Assert.True(b.Count > 0);
                    for (int i = b.First; i <= b.Last; i++) Assert.Same(b, g.BlockOf(i));
                    next = b.Last + 1;
                }
                Assert.Equal(ins.Count, next);

                foreach (var b in g.Blocks)
                {
                    foreach (var e in b.Successors)
                    {
                        Assert.InRange(e.Target, 0, g.Blocks.Count - 1);
                        Assert.Contains(b.Index, g.Blocks[e.Target].Predecessors);
                        if (e.Kind == EdgeKind.FallThrough) Assert.Equal(b.Index + 1, e.Target);
                    }
                    // Every jump lands on a block start, at its runtime target.
                    var last = ins[b.Last];
                    if (g.CompilerTarget(last) is long t && g.IndexOfOffset(t) >= 0 && last.OpName != "SETUP_LOOP")
                    {
                        Assert.Equal(g.IndexOfOffset(t), g.BlockOf(g.IndexOfOffset(t)).First);
                        int runtime = g.RuntimeTargetIndex(last);
                        Assert.Contains(b.Successors, e => e.Target == g.BlockOf(runtime).Index && g.BlockOf(runtime).First == runtime);
                    }
                    // 3.11+: a block inside an exception-table range has the edge to that range's handler.
                    if (b.Handler is PyDis.Core.CodeTables.ExceptionEntry h)
                        Assert.Contains(b.Successors, e => e.Kind == EdgeKind.Exception && g.Blocks[e.Target].StartOffset == h.Target
                            && e.HandlerDepth == h.Depth && e.Lasti == h.Lasti);
                }
            }
        }

        [Fact]
        public void ForIterExitSkipsWhatTheInterpreterSkips()
        {
            // tests/fixtures/stack: 3.12 skips END_FOR, 3.13 END_FOR and POP_TOP, 3.14+ END_FOR and POP_ITER.
            var expected = new Dictionary<string, string[]>
            {
                ["3.11"] = new string[0], ["3.12"] = new[] { "END_FOR" }, ["3.13"] = new[] { "END_FOR", "POP_TOP" },
                ["3.14"] = new[] { "END_FOR", "POP_ITER" }, ["3.15"] = new[] { "END_FOR", "POP_ITER" },
            };
            foreach (var kv in expected)
            {
                var code = Codes(kv.Key, "core_control").First(c => c.Name == "loops");
                var g = ControlFlowGraph.Build(code);
                var forIter = g.Instructions.Select((x, i) => (x, i)).First(p => p.x.OpName == "FOR_ITER");
                int disTarget = g.IndexOfOffset(forIter.x.JumpTarget!.Value);
                int runtime = g.RuntimeTargetIndex(forIter.x);
                Assert.Equal(kv.Value, g.Instructions.Skip(disTarget).Take(runtime - disTarget).Select(x => x.OpName).ToArray());
                var block = g.BlockOf(forIter.i);
                Assert.Contains(block.Successors, e => e.Kind == EdgeKind.Jump && e.Target == g.BlockOf(runtime).Index);
            }
        }

        [Fact]
        public void HandlersAreEnteredAtTheTableDepthPlusLastiAndTheException()
        {
            foreach (var version in new[] { "3.11", "3.12", "3.13", "3.14", "3.15" })
                foreach (var code in Codes(version, "core_control"))
                {
                    var walk = StackDepthWalk.Run(ControlFlowGraph.Build(code));
                    var g = walk.Graph;
                    foreach (var e in g.ExceptionEntries)
                    {
                        if (!g.Blocks.Any(b => b.Handler is PyDis.Core.CodeTables.ExceptionEntry h && h.Target == e.Target && walk.BlockEntryDepth[b.Index] != null))
                            continue;  // a range the walk never entered
                        var handler = g.BlockOf(g.IndexOfOffset(e.Target));
                        Assert.Equal(e.Depth + 1 + (e.Lasti ? 1 : 0), walk.BlockEntryDepth[handler.Index]);
                    }
                }
        }

        [Fact]
        public void BreakLoopJumpsToItsLoopsExit()
        {
            var code = Codes("2.7", "core_control").First(c => c.Name == "loops");
            var g = ControlFlowGraph.Build(code);
            var breaks = g.Blocks.Where(b => g.Instructions[b.Last].OpName == "BREAK_LOOP").ToList();
            Assert.NotEmpty(breaks);
            foreach (var b in breaks)
            {
                var jump = Assert.Single(b.Successors);
                Assert.Equal(EdgeKind.Jump, jump.Kind);
                int breakOffset = g.Instructions[b.Last].Offset;
                var loop = g.Instructions.Where(i => i.OpName == "SETUP_LOOP" && i.Offset < breakOffset && i.JumpTarget > breakOffset)
                    .OrderBy(i => i.Offset).Last();
                Assert.Equal(loop.JumpTarget, g.Blocks[jump.Target].StartOffset);
            }
        }
    }
}
