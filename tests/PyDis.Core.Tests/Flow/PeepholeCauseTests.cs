using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core.Flow;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Flow
{
    /// <summary>
    /// The peephole causes of StackCheck on real code objects: tests/fixtures/sources/peephole_depth.py, compiled
    /// by 2.7 and 3.0-3.5. Each function has a twin (<c>*_unoptimized</c>) whose body follows a gap of 300 lines,
    /// so its co_lnotab holds a 255 and PyCode_Optimize left its code as the compiler made it: the twin shows
    /// what the compiler walked.
    /// </summary>
    public class PeepholeCauseTests
    {
        private const string Fixture = "peephole_depth";
        private const string Twin = "_unoptimized";

        public static IEnumerable<object[]> Versions() =>
            new[] { "2.7", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5" }.Select(v => new object[] { v });

        private static List<CodeObject> Codes(string version) =>
            PycFile.Load(FixtureCatalog.Get(PyVersion.Parse(version), Fixture).ReadPyc()).Code.Walk().ToList();

        private static IEnumerable<(CodeObject Function, CodeObject Twin)> Pairs(string version)
        {
            var codes = Codes(version);
            foreach (var twin in codes.Where(c => c.Name.EndsWith(Twin, StringComparison.Ordinal)))
                yield return (codes.Single(c => c.Name == twin.Name.Substring(0, twin.Name.Length - Twin.Length)), twin);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void WithoutThePeepholePassTheWalkIsCoStacksize(string version)
        {
            var pairs = Pairs(version).ToList();
            Assert.Equal(6, pairs.Count);
            foreach (var (function, twin) in pairs)
            {
                // The gap put a 255 into the twin's co_lnotab (the pass's bail-out), and none into the function's.
                Assert.Contains((byte)255, twin.LineTable);
                Assert.DoesNotContain((byte)255, function.LineTable);
                // co_stacksize was computed before the pass: the same for both.
                Assert.Equal(function.StackSize, twin.StackSize);
                var check = StackCheck.Check(twin);
                Assert.True(check.Matches, $"{twin.Name}: {check.Reason}");
            }
        }

        /// <summary>The cause each function's difference has, per version (absent: the walk matches).</summary>
        private static readonly Dictionary<string, Dictionary<string, StackDepthCause>> Expected = new Dictionary<string, Dictionary<string, StackDepthCause>>
        {
            ["2.7"] = new Dictionary<string, StackDepthCause> { ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode },
            ["3.0"] = new Dictionary<string, StackDepthCause>
            {
                ["if_return_after_loop"] = StackDepthCause.PeepholeDeadCode,
                ["if_else_return_after_loop"] = StackDepthCause.PeepholeDeadCode,
                ["return_in_handler"] = StackDepthCause.PeepholeDeadCode,
                ["and_then_return_after_loop"] = StackDepthCause.PeepholeDeadCode,
                ["while_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
                ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
            },
            ["3.1"] = new Dictionary<string, StackDepthCause>
            {
                ["and_then_return_after_loop"] = StackDepthCause.PeepholeJumpRewrite,
                ["while_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
                ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
            },
            ["3.2"] = new Dictionary<string, StackDepthCause>
            {
                ["and_then_return_after_loop"] = StackDepthCause.PeepholeJumpRewrite,
                ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
            },
            ["3.3"] = new Dictionary<string, StackDepthCause>
            {
                ["and_then_return_after_loop"] = StackDepthCause.PeepholeJumpRewrite,
                ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode,
            },
            ["3.4"] = new Dictionary<string, StackDepthCause> { ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode },
            ["3.5"] = new Dictionary<string, StackDepthCause> { ["for_and_if_returns"] = StackDepthCause.PeepholeDeadCode },
        };

        [Theory]
        [MemberData(nameof(Versions))]
        public void EachDifferenceHasItsCause(string version)
        {
            foreach (var (function, _) in Pairs(version))
            {
                var check = StackCheck.Check(function);
                var cause = Expected[version].TryGetValue(function.Name, out var c) ? c : StackDepthCause.Match;
                Assert.True(cause == check.Cause, $"{version} {function.Name}: expected {cause}, got {check.Cause}: {check.Reason}");
                if (cause == StackDepthCause.PeepholeDeadCode) Assert.Equal(function.StackSize, check.ExplainedDepth);
            }
        }

        /// <summary>
        /// 3.0-3.1: the compiler had a JUMP_FORWARD to the end of the if statement after a return that ends its body
        /// and walked on from there with the depth after the RETURN_VALUE (which a loop left too deep in 3.0-3.1);
        /// after a return that ends a loop's body it had a jump back to the loop's head, which ended its walk.
        /// Neither the final code's walk nor ending the walk at every RETURN_VALUE gives co_stacksize; replaying
        /// those jumps does.
        /// </summary>
        [Theory]
        [InlineData("3.0", "if_return_after_loop")]
        [InlineData("3.0", "if_else_return_after_loop")]
        [InlineData("3.0", "return_in_handler")]
        [InlineData("3.0", "and_then_return_after_loop")]
        [InlineData("3.0", "while_and_if_returns")]
        [InlineData("3.0", "for_and_if_returns")]
        [InlineData("3.1", "while_and_if_returns")]
        [InlineData("3.1", "for_and_if_returns")]
        public void ReplayingTheJumpsAfterReturnsGivesCoStacksize(string version, string name)
        {
            var function = Codes(version).Single(c => c.Name == name);
            var graph = ControlFlowGraph.Build(function);
            Assert.NotEqual(function.StackSize, StackDepthWalk.Run(graph).MaxDepth);
            Assert.NotEqual(function.StackSize, StackDepthWalk.Run(graph, WalkAssumption.ReturnEndsWalk).MaxDepth);
            Assert.Equal(function.StackSize, StackDepthWalk.Run(graph, WalkAssumption.ReplaysJumpAfterReturn).MaxDepth);
            Assert.Contains("replaying the jumps", StackCheck.Check(function).Reason);
        }

        /// <summary>
        /// 3.0's if statement leaves its condition for a POP_TOP on both paths: going on after the body's return, the
        /// compiler's walk skipped the else branch's POP_TOP (the replay enters it one deeper), and a while loop's exit
        /// (the POP_TOP of its test, then the POP_BLOCK of its SETUP_LOOP) is no else branch.
        /// </summary>
        [Fact]
        public void The30ReplayStepsOverTheElseBranchPopAndStopsAtALoopExit()
        {
            var function = Codes("3.0").Single(c => c.Name == "while_and_if_returns");
            var walk = StackDepthWalk.Run(ControlFlowGraph.Build(function), WalkAssumption.ReplaysJumpAfterReturn);
            var g = walk.Graph;
            var returns = g.Instructions.Select((x, i) => (x, i)).Where(p => p.x.OpName == "RETURN_VALUE").Select(p => p.i).ToList();
            Assert.Equal(3, returns.Count);
            // The while body's return: the next block, its exit (POP_TOP, POP_BLOCK), is not walked from it.
            int whileExit = returns[0] + 1;
            Assert.Equal(new[] { "POP_TOP", "POP_BLOCK" }, g.Instructions.Skip(whileExit).Take(2).Select(x => x.OpName));
            Assert.True(walk.DepthBefore[whileExit] < walk.DepthBefore[returns[0]] - 1, "the loop's exit is reached only from its test");
            // The if body's return: the else branch's POP_TOP is walked one deeper than the depth after the return.
            int elsePop = returns[1] + 1;
            Assert.Equal("POP_TOP", g.Instructions[elsePop].OpName);
            Assert.Equal(walk.DepthBefore[returns[1]] - 1 + 1, walk.DepthBefore[elsePop]);
        }
    }
}
