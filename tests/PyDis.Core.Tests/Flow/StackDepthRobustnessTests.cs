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
    /// <summary>Bad, hand-made and hostile bytecode: the graph and the walk report, never throw, and stop.</summary>
    public class StackDepthRobustnessTests
    {
        public static IEnumerable<object[]> Versions() => FixtureCatalog.VersionTheoryData();

        private static CodeObject Code(string version, params byte[] code) => new CodeObject(Release.Of(PyVersion.Parse(version)))
        {
            Code = code, Name = "crafted", Filename = "crafted.py", StackSize = 1,
            Consts = new PyObject[] { new PySingleton(PyKind.None) },
        };

        [Theory]
        [MemberData(nameof(Versions))]
        public void FlippedBytesNeverThrow(string version)
        {
            // Every fixture code object with bytes of co_code replaced, seeded per version so a failure replays.
            var random = new Random(int.Parse(version.Replace(".", "")));
            int checkedCodes = 0;
            foreach (var fixture in FixtureCatalog.ForVersion(PyVersion.Parse(version)).Take(6))
                foreach (var original in PycFile.Load(fixture.ReadPyc()).Code.Walk().Take(20))
                {
                    for (int round = 0; round < 4; round++)
                    {
                        var bytes = (byte[])original.Code.Clone();
                        for (int k = 0; k < 1 + bytes.Length / 16; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        original.Code = bytes;
                        try
                        {
                            var check = StackCheck.Check(original);  // must not throw
                            if (check.Walk != null) Assert.NotNull(check.Walk.MaxDepth);
                            else Assert.Equal(StackDepthCause.NotAnalysed, check.Cause);
                            checkedCodes++;
                        }
                        finally
                        {
                            original.Code = (byte[])original.Code.Clone();
                        }
                    }
                }
            Assert.True(checkedCodes > 20, $"only {checkedCodes} mutated code objects checked");
        }

        [Fact]
        public void ALoopThatPushesForeverStops()
        {
            // 3.7 (no cap on re-walking a block from a greater depth): LOAD_CONST 0; JUMP_ABSOLUTE 0.
            var check = StackCheck.Check(Code("3.7", 100, 0, 113, 0));
            Assert.Equal(StackDepthCause.WalkIncomplete, check.Cause);
            Assert.Contains(check.Walk!.Notes, n => n.Kind == FlowNoteKind.WorkLimit);

            // 3.8+ re-walks a block only below depth 100 (compile.c's cap): the walk ends by itself.
            var capped = StackCheck.Check(Code("3.8", 100, 0, 113, 0));
            Assert.Equal(101, capped.ComputedMaxDepth);
            Assert.Contains(capped.Walk!.Notes, n => n.Kind == FlowNoteKind.InconsistentDepth);

            // 2.7's recursion cuts the cycle at the block on its own path.
            var recursive = StackCheck.Check(Code("2.7", 100, 0, 0, 113, 0, 0));
            Assert.Equal(1, recursive.ComputedMaxDepth);
            Assert.True(recursive.Matches);
        }

        [Fact]
        public void BadTargetsAndUnknownOpcodesAreNotes()
        {
            // JUMP_FORWARD past the end, then an opcode 3.12 does not define.
            var check = StackCheck.Check(Code("3.12", 110, 100, 255, 0));
            Assert.Contains(check.Walk!.Notes, n => n.Kind == FlowNoteKind.TargetOutsideCode);

            var unknown = StackCheck.Check(Code("3.12", 151, 0, 255, 0));  // RESUME; <255>
            Assert.Equal(StackDepthCause.WalkIncomplete, unknown.Cause);
            Assert.Contains(unknown.Walk!.Notes, n => n.Kind == FlowNoteKind.InvalidStackEffect && n.Offset == 2);

            var underflow = StackCheck.Check(Code("3.12", 1, 0, 83, 0));  // POP_TOP; RETURN_VALUE on an empty stack
            Assert.Contains(underflow.Walk!.Notes, n => n.Kind == FlowNoteKind.StackUnderflow && n.Offset == 0);
        }

        [Fact]
        public void ThreeByteInstructionsAreWalked()
        {
            // 3.4: LOAD_CONST 0 (three bytes), RETURN_VALUE; a cut oparg is not analysed, with the reason.
            var check = StackCheck.Check(Code("3.4", 100, 0, 0, 83));
            Assert.Equal(StackDepthCause.Match, check.Cause);
            Assert.Equal(1, check.ComputedMaxDepth);
            var cut = StackCheck.Check(Code("3.4", 100, 0));
            Assert.Equal(StackDepthCause.NotAnalysed, cut.Cause);
            Assert.Null(cut.Walk);
            Assert.False(cut.IsExplained);
        }
    }
}
