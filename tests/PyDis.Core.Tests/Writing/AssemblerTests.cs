using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core.CodeTables;
using PyDis.Core.Decoding;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Writing;

namespace PyDis.Core.Tests.Writing
{
    /// <summary>
    /// The assembler against the interpreters' own output (every fixture code object comes back byte for byte)
    /// and against the engine's decoder (what it assembles decodes to the jumps, lines and handlers it was given).
    /// </summary>
    public class AssemblerTests
    {
        // Fixture versions whose bytecode PyDis can read as instructions (3.0-3.5 lack opcode tables for now).
        public static IEnumerable<object[]> FixtureVersions() =>
            FixtureCatalog.Versions.Select(v => new object[] { v.ToString() });

        /// <summary>Versions with an opcode table: the ones the assembler writes.</summary>
        public static IEnumerable<object[]> Versions() => ReleaseRegistry.Supported.All.Select(r => new object[] { r.Version.ToString() });

        [Theory]
        [MemberData(nameof(FixtureVersions))]
        public void EveryFixtureCodeObjectReassemblesByteForByte(string version)
        {
            var v = PyVersion.Parse(version);
            int codes = 0, prefixed = 0;
            foreach (var f in FixtureCatalog.ForVersion(v))
                foreach (var co in PycFile.Load(f.ReadPyc()).Code.Walk())
                {
                    var p = ProgramReader.Read(co);
                    Assert.Empty(p.Warnings);
                    var a = Assembler.Assemble(p);
                    string where = $"{f.Name} {co.DisplayName}";
                    Assert.True(co.Code.AsSpan().SequenceEqual(a.Code), where + ": co_code");
                    Assert.True(co.LineTable.AsSpan().SequenceEqual(a.LineTable), where + ": line table");
                    Assert.True(co.ExceptionTable.AsSpan().SequenceEqual(a.ExceptionTable), where + ": exception table");
                    codes++;
                    if (p.Instructions.Any(i => i.ExtendedArgs > 0)) prefixed++;
                }
            Assert.True(codes > 50, $"{codes} code objects");
            // long_jump needs EXTENDED_ARG in every version.
            Assert.True(prefixed > 0, "no fixture code object has EXTENDED_ARG");
        }

        [Theory]
        [MemberData(nameof(FixtureVersions))]
        public void From310TheFixedPointAloneGivesTheCompilersPrefixes(string version)
        {
            // 3.6-3.9's peephole pass leaves some EXTENDED_ARG 0 behind (kept as AsmInstruction.ExtendedArgs);
            // from 3.10 (and in 2.7) every prefix is the one the argument needs.
            var v = PyVersion.Parse(version);
            if (v >= new PyVersion(3, 6) && v < new PyVersion(3, 10)) return;
            foreach (var f in FixtureCatalog.ForVersion(v))
                foreach (var co in PycFile.Load(f.ReadPyc()).Code.Walk())
                {
                    var p = ProgramReader.Read(co);
                    foreach (var i in p.Instructions) i.ExtendedArgs = 0;
                    Assert.True(co.Code.AsSpan().SequenceEqual(Assembler.Assemble(p).Code), $"{f.Name} {co.DisplayName}");
                }
        }

        // ---- programs built by hand, checked through the decoder -----------------------------------

        private static (string Forward, string? Backward, string Absolute) Jumps(PyVersion v)
        {
            var t = Release.Of(v).Opcodes;
            string back = t.GetOpcode("JUMP_BACKWARD") >= 0 ? "JUMP_BACKWARD" : "JUMP_ABSOLUTE";
            return ("JUMP_FORWARD", back, back);
        }

        private static CodeObject AsCode(PyVersion v, AssembledCode a, int firstLine)
        {
            var co = new CodeObject(v) { Code = a.Code, LineTable = a.LineTable, ExceptionTable = a.ExceptionTable, FirstLineNo = firstLine, Name = "t" };
            return co;
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void JumpsLandOnTheirLabelsAcrossEveryExtendedArgBoundary(string version)
        {
            var v = PyVersion.Parse(version);
            var (forward, backward, _) = Jumps(v);
            bool wordcode = Release.Of(v).Decode.Wordcode;
            // Sizes around the points where a jump needs one more prefix: 255/256 bytes or units, 65535/65536 before 3.6.
            var sizes = wordcode ? new[] { 100, 126, 127, 128, 129, 254, 255, 256, 257, 300 } : new[] { 65530, 65533, 65534, 65535, 65536 };
            foreach (int n in sizes)
            {
                var p = new AsmProgram(v, 1);
                var top = new AsmLabel("top");
                var end = new AsmLabel("end");
                p.Instructions.Add(new AsmInstruction("NOP") { Label = top });
                p.Instructions.Add(new AsmInstruction(forward) { Target = end });
                for (int k = 0; k < n; k++) p.Instructions.Add(new AsmInstruction("NOP"));
                p.Instructions.Add(new AsmInstruction(backward!) { Target = top });
                p.Instructions.Add(new AsmInstruction("NOP") { Label = end });
                var a = Assembler.Assemble(p);
                var decoded = CodeDecoder.Decode(AsCode(v, a, 1)).Where(i => i.OpName != "EXTENDED_ARG").ToList();
                Assert.Equal(p.Instructions.Count, decoded.Count);
                Assert.Equal(a.Offsets[p.Instructions.Count - 1], decoded[1].JumpTarget);
                Assert.Equal(a.Offsets[0], decoded[n + 2].JumpTarget);
                for (int k = 0; k < decoded.Count; k++) Assert.Equal(a.OpcodeOffsets[k], decoded[k].Offset);
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void LinesAndPositionsComeBackAsGiven(string version)
        {
            var v = PyVersion.Parse(version);
            var rules = Release.Of(v).Tables;
            bool locations = rules.LineFormat == LineFormat.Locations;
            bool signed = rules.LineFormat != LineFormat.LnotabUnsigned;
            // Large steps up and (where the format allows) down, repeated lines, no-line (3.10+), every 3.11+ form.
            var lines = new List<AsmLocation>
            {
                new AsmLocation(5), new AsmLocation(5), new AsmLocation(300), new AsmLocation(301), new AsmLocation(70000),
            };
            if (signed) lines.AddRange(new[] { new AsmLocation(2), new AsmLocation(400), new AsmLocation(399) });
            if (rules.LineFormat == LineFormat.Linetable310 || locations) lines.AddRange(new[] { AsmLocation.None, new AsmLocation(12) });
            if (locations)
                lines.AddRange(new[]
                {
                    new AsmLocation(12, 12, 3, 9), new AsmLocation(12, 12, 79, 94), new AsmLocation(13, 13, 100, 127),
                    new AsmLocation(14, 20, 0, 5), new AsmLocation(14, 14, null, null), new AsmLocation(10, 10, 200, 300),
                    new AsmLocation(11, 11, 7, 3), AsmLocation.None, new AsmLocation(11, 12, null, null),
                });
            var p = new AsmProgram(v, 4);
            foreach (var loc in lines)
            {
                // NOP blocks of several sizes, so 3.11+ entries split at 8 code units and 3.10 ranges at 254 bytes.
                for (int k = 0; k < 1 + (loc.Line ?? 3) % 11 * 13; k++) p.Instructions.Add(new AsmInstruction("NOP") { Location = k == 0 ? loc : null });
            }
            var a = Assembler.Assemble(p);
            var back = ProgramReader.Read(AsCode(v, a, 4));
            Assert.Empty(back.Warnings);
            AsmLocation current = new AsmLocation(4);
            for (int k = 0; k < p.Instructions.Count; k++)
            {
                current = p.Instructions[k].Location ?? current;
                var expected = locations ? current : new AsmLocation(current.Line);
                if (locations && expected.Line != null && expected.Column is null && (expected.EndLine == expected.Line || expected.EndLine is null))
                    expected = new AsmLocation(expected.Line, expected.Line, null, null);
                Assert.Equal(expected, back.Instructions[k].Location);
            }
            // And the table re-encodes to itself.
            Assert.Equal(a.LineTable, Assembler.Assemble(back).LineTable);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void ExceptionEntriesComeBackAsGiven(string version)
        {
            var v = PyVersion.Parse(version);
            var p = new AsmProgram(v, 1);
            var labels = Enumerable.Range(0, 6).Select(k => new AsmLabel("L" + k)).ToArray();
            for (int k = 0; k < 6; k++)
            {
                p.Instructions.Add(new AsmInstruction("NOP") { Label = labels[k] });
                for (int j = 0; j < 40 * k * k; j++) p.Instructions.Add(new AsmInstruction("NOP"));
            }
            p.ExceptionEntries.Add(new AsmExceptionEntry(labels[0], labels[2], labels[4], 0, false));
            p.ExceptionEntries.Add(new AsmExceptionEntry(labels[2], labels[3], labels[5], 70, true));
            p.ExceptionEntries.Add(new AsmExceptionEntry(labels[4], p.End, labels[1], 3000, true));
            if (!Release.Of(v).Tables.HasExceptionTable)
            {
                var e = Assert.Throws<BytecodeWriteException>(() => Assembler.Assemble(p));
                Assert.Contains("no exception table", e.Message);
                return;
            }
            var a = Assembler.Assemble(p);
            var parsed = ExceptionTable.Parse(AsCode(v, a, 1));
            Assert.Equal(3, parsed.Length);
            int Off(AsmLabel l) => a.Offsets[p.Instructions.FindIndex(i => i.Label == l)];
            Assert.Equal(new ExceptionEntry(Off(labels[0]), Off(labels[2]), Off(labels[4]), 0, false), parsed[0]);
            Assert.Equal(new ExceptionEntry(Off(labels[2]), Off(labels[3]), Off(labels[5]), 70, true), parsed[1]);
            Assert.Equal(new ExceptionEntry(Off(labels[4]), a.Code.Length, Off(labels[1]), 3000, true), parsed[2]);
        }

        // ---- bad input -----------------------------------------------------------------------------

        private static BytecodeWriteException Refused(PyVersion v, params AsmInstruction[] instrs)
        {
            var p = new AsmProgram(v, 1) { CodeName = "<module>.f" };
            p.Instructions.AddRange(instrs);
            return Assert.Throws<BytecodeWriteException>(() => Assembler.Assemble(p));
        }

        [Fact]
        public void BadInstructionsAreRefusedNamingTheCodeObjectAndTheInstruction()
        {
            var v = new PyVersion(3, 12);
            var e = Refused(v, new AsmInstruction("NOP"), new AsmInstruction("LOAD_FANCY", 1));
            Assert.Equal("<module>.f", e.CodeName);
            Assert.Equal(1, e.InstructionIndex);
            Assert.StartsWith("code object <module>.f, instruction 1 (LOAD_FANCY 1): Python 3.12 has no opcode named LOAD_FANCY", e.Message);

            Assert.Contains("pseudo instruction", Refused(v, new AsmInstruction("SETUP_FINALLY", 1)).Message);
            Assert.Contains("EXTENDED_ARG is added by the assembler", Refused(v, new AsmInstruction("EXTENDED_ARG", 1)).Message);
            Assert.Contains("does not fit in 32 bits", Refused(v, new AsmInstruction("LOAD_CONST", 1L << 32)).Message);
            Assert.Contains("needs an argument", Refused(v, new AsmInstruction("LOAD_CONST")).Message);
            Assert.Contains("specialised form", Refused(v, new AsmInstruction("LOAD_GLOBAL_BUILTIN", 0)).Message);
            Assert.Contains("no instruction of the list carries", Refused(v, new AsmInstruction("JUMP_FORWARD") { Target = new AsmLabel("nowhere") }).Message);
            Assert.Contains("not a jump", Refused(v, new AsmInstruction("LOAD_CONST") { Target = new AsmLabel() }).Message);
            var top = new AsmLabel("top");
            Assert.Contains("jumps forward only", Refused(v, new AsmInstruction("NOP") { Label = top }, new AsmInstruction("JUMP_FORWARD") { Target = top }).Message);
            Assert.Contains("argument byte must be 0-255", Refused(v, new AsmInstruction("NOP", 300)).Message);
            Assert.Contains("takes no argument in Python 2.7", Refused(new PyVersion(2, 7), new AsmInstruction("NOP", 1)).Message);
            Assert.Contains("cannot express an instruction without a line", Refused(new PyVersion(3, 9), new AsmInstruction("NOP") { Location = AsmLocation.None }).Message);
            Assert.Contains("only increasing lines", Refused(new PyVersion(2, 7), new AsmInstruction("NOP") { Location = new AsmLocation(5) }, new AsmInstruction("NOP") { Location = new AsmLocation(3) }).Message);
        }
    }
}
