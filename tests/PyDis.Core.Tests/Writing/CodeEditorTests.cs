using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using PyDis.Core.CodeTables;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Records;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Writing;

namespace PyDis.Core.Tests.Writing
{
    /// <summary>Edit-PyCodeObject's engine: new code objects with fields replaced, their trees, and what is refused.</summary>
    public class CodeEditorTests
    {
        public static IEnumerable<object[]> FixtureVersions() => FixtureCatalog.Versions.Select(v => new object[] { v.ToString() });

        public static IEnumerable<object[]> DecodableFixtureVersions() =>
            FixtureCatalog.Versions.Select(v => new object[] { v.ToString() });

        [Theory]
        [MemberData(nameof(FixtureVersions))]
        public void AnEmptyChangeToAnyCodeObjectWritesTheSameFile(string version)
        {
            foreach (var f in FixtureCatalog.ForVersion(PyVersion.Parse(version)).Where(f => f.Name != "long_jump"))
            {
                var data = f.ReadPyc();
                var file = PycFile.Load(data);
                foreach (var code in file.Code.Walk())
                {
                    var edited = CodeEditor.Apply(code, new CodeChange());
                    Assert.NotSame(code, edited);
                    Assert.Equal(data, PycWriter.Write(file.Header, CodeEditor.Root(edited)));
                }
            }
        }

        [Theory]
        [MemberData(nameof(DecodableFixtureVersions))]
        public void InstructionRecordsOfACodeObjectAssembleBackToItsBytes(string version)
        {
            // What Edit-PyCodeObject -Instruction (Get-PyInstruction ...) does with unchanged rows, CACHE rows included.
            foreach (var f in FixtureCatalog.ForVersion(PyVersion.Parse(version)).Where(f => f.Name != "long_jump"))
            {
                var data = f.ReadPyc();
                foreach (var walked in PycFile.Load(data).Code.Walk("<module>", null))
                {
                    var code = walked.Code;
                    string path = walked.Path;
                    var input = global::PyDis.Core.Hosting.PycLoader.FromCodeObject(code, f.PycPath, path);
                    var rows = global::PyDis.Core.Query.GetInstructions(input, new InstructionOptions { Depth = 0, ShowCaches = true }).Cast<object?>().ToList();
                    var program = global::PyDis.Core.Hosting.InstructionInput.ToProgram(rows, code.Release, code, null, null, path);
                    var edited = CodeEditor.Apply(code, new CodeChange { Program = program });
                    Assert.True(data.AsSpan().SequenceEqual(PycWriter.Write(PycFile.Load(data).Header, CodeEditor.Root(edited))), $"{f.Name} {path}");
                }
            }
        }

        private static PycFile Target(string version) => PycFile.Load(File.ReadAllBytes(Path.Combine(FixtureCatalog.Root, "patch", version, "target.pyc")));

        [Fact]
        public void ChangedFieldsComeBackFromTheWrittenFile()
        {
            foreach (var v in new[] { "2.7", "3.8", "3.12", "3.15" })
            {
                var file = Target(v);
                var release = file.Code.Release;
                var names = CodeEditor.Find(file.Code, "<module>.where").Names.Concat(new[] { "extra" }).ToArray();
                var change = new CodeChange { Name = "g", Flags = CodeFlags.OPTIMIZED | CodeFlags.NEWLOCALS, StackSize = 9, Names = names };
                if (release.Marshal.HasLocalsPlus) change.QualName = "g";
                var edited = CodeEditor.Apply(file.Code, "<module>.where", change);
                var back = PycFile.Load(PycWriter.Write(file.Header, CodeEditor.Root(edited)));
                var g = back.Code.NestedCode().Single(c => c.Name == "g");
                Assert.Equal(9, g.StackSize);
                Assert.Equal(names, g.Names);
                Assert.Equal(CodeFlags.OPTIMIZED | CodeFlags.NEWLOCALS, g.Flags);
                Assert.Equal("<module>.g", CodeEditor.CodePath(edited));
                // The other functions are untouched.
                Assert.Equal(CodeEditor.Find(file.Code, "<module>.fail").Code, CodeEditor.Find(back.Code, "<module>.fail").Code);
            }
        }

        [Fact]
        public void AnotherFirstLineKeepsEveryInstructionOnItsLine()
        {
            foreach (var v in new[] { "2.7", "3.6", "3.10", "3.11", "3.13" })
            {
                var file = Target(v);
                var before = CodeEditor.Find(file.Code, "<module>.compute");
                var after = CodeEditor.Apply(file.Code, "<module>.compute", new CodeChange { FirstLineNo = before.FirstLineNo - 5 });
                Assert.Equal(before.FirstLineNo - 5, after.FirstLineNo);
                Assert.Equal(LineTable.FindLineStarts(before).Select(s => (s.Offset, s.Line)), LineTable.FindLineStarts(after).Select(s => (s.Offset, s.Line)));
            }
        }

        [Fact]
        public void SingleConstantsKeepTheFormOfTheOnesTheyReplace()
        {
            var file = Target("3.12");
            int i = Array.FindIndex(file.Code.Consts, c => c is PyStr s && s.Value == "hello");
            var edited = CodeEditor.Apply(file.Code, new CodeChange { ConstsAt = new Dictionary<int, PyObject> { [i] = PyValues.From("hellO", file.Code.Release) } });
            var data = File.ReadAllBytes(Path.Combine(FixtureCatalog.Root, "patch", "3.12", "target.pyc"));
            var written = PycWriter.Write(file.Header, edited);
            Assert.Equal(data.Length, written.Length);
            Assert.Equal(1, Enumerable.Range(0, data.Length).Count(k => data[k] != written[k]));
        }

        [Fact]
        public void WhatTheInterpreterWouldRefuseIsRefusedNamingTheCodeObject()
        {
            var t312 = Target("3.12");
            var t27 = Target("2.7");
            BytecodeWriteException Refused(PycFile f, string path, CodeChange c) => Assert.Throws<BytecodeWriteException>(() => CodeEditor.Apply(f.Code, path, c));

            var e = Refused(t312, "<module>.fail", new CodeChange { PosOnlyArgCount = 2 });
            Assert.Equal("<module>.fail", e.CodeName);
            Assert.Contains("co_posonlyargcount 2 exceeds co_argcount 1", e.Message);
            Assert.Contains("varnames is too small", Refused(t312, "<module>.fail", new CodeChange { ArgCount = 3 }).Message);
            Assert.Contains("co_localsplusnames", Refused(t312, "<module>.fail", new CodeChange { VarNames = new[] { "a" } }).Message);
            Assert.Contains("1 co_localsplusnames but 0 co_localspluskinds", Refused(t312, "<module>.fail", new CodeChange { LocalsPlusNames = new[] { "a" }, LocalsPlusKinds = new byte[0] }).Message);
            Assert.Contains("there is no item 7 to replace", Refused(t312, "<module>.fail", new CodeChange { ConstsAt = new Dictionary<int, PyObject> { [7] = new PyInt(1) } }).Message);
            var shrink = Refused(t312, "<module>.fail", new CodeChange { Consts = new PyObject[0] });
            Assert.Contains("out of range: co_consts has 0 item(s)", shrink.Message);
            Assert.NotNull(shrink.InstructionIndex);
            Assert.Contains("2-byte code units", Refused(t312, "<module>.fail", new CodeChange { Code = new byte[] { 9 } }).Message);
            Assert.Contains("no code object has the code path '<module>.nothing'", Refused(t312, "<module>.nothing", new CodeChange()).Message);
            Assert.Contains("have no co_qualname", Refused(t27, "<module>.fail", new CodeChange { QualName = "q" }).Message);
            Assert.Contains("have no co_kwonlyargcount", Refused(t27, "<module>.fail", new CodeChange { KwOnlyArgCount = 0 }).Message);
            Assert.Contains("co_nlocals 0 is smaller", Refused(t27, "<module>.fail", new CodeChange { NLocals = 0 }).Message);
        }

        [Fact]
        public void NewInstructionsGrowTheStackSizeByWhatTheWalkFindsTheyNeed()
        {
            foreach (var v in new[] { "2.7", "3.6", "3.10", "3.12", "3.14" })
            {
                var file = Target(v);
                var fail = CodeEditor.Find(file.Code, "<module>.fail");
                var p = ProgramReader.Read(fail);
                // Five constants pushed and popped again at the start: the deepest stack becomes 5.
                int at = p.Instructions.FindIndex(i => i.Location?.Line == 19);
                var push = Enumerable.Range(0, 5).Select(_ => new AsmInstruction("LOAD_CONST", 0))
                    .Concat(Enumerable.Range(0, 5).Select(_ => new AsmInstruction("POP_TOP")));
                p.Instructions.InsertRange(at, push);
                var edited = CodeEditor.Apply(file.Code, "<module>.fail", new CodeChange { Program = p });
                Assert.True(fail.StackSize < 5, v);
                Assert.Equal(5, edited.StackSize);
                // Unchanged instructions keep the compiler's value; a given one wins.
                Assert.Equal(fail.StackSize, CodeEditor.Apply(file.Code, "<module>.fail", new CodeChange { Program = ProgramReader.Read(fail) }).StackSize);
                Assert.Equal(9, CodeEditor.Apply(file.Code, "<module>.fail", new CodeChange { Program = p, StackSize = 9 }).StackSize);
            }
        }

        [Fact]
        public void AnAmbiguousCodePathIsRefused()
        {
            var root = new CodeObject(new PyVersion(3, 12)) { Name = "<module>" };
            var a = new CodeObject(root.Release) { Name = "<lambda>" };
            var b = new CodeObject(root.Release) { Name = "<lambda>" };
            root.Consts = new PyObject[] { new PyCodeRef(a), new PyCodeRef(b) };
            var e = Assert.Throws<BytecodeWriteException>(() => CodeEditor.Find(root, "<module>.<lambda>"));
            Assert.Contains("2 code objects have the code path", e.Message);
        }

        [Fact]
        public void NetValuesBecomeTheConstantsTheCompilerMakes()
        {
            var r27 = Release.Of(new PyVersion(2, 7));
            var r312 = Release.Of(new PyVersion(3, 12));
            Assert.IsType<PyBytes>(PyValues.From("x", r27));
            Assert.True(((PyBytes)PyValues.From("name_1", r27)).IsInterned);
            Assert.False(((PyStr)PyValues.From("not a name", r312)).IsInterned);
            Assert.True(((PyInt)PyValues.From(BigInteger.Pow(2, 70), r27)).IsPy2Long);
            Assert.False(((PyInt)PyValues.From(5L, r27)).IsPy2Long);
            Assert.Equal(PyKind.None, PyValues.From(null, r312).Kind);
            Assert.Equal(PyKind.True, PyValues.From(true, r312).Kind);
            Assert.Equal(1.5, ((PyFloat)PyValues.From(1.5, r312)).Value);
            Assert.Equal(-2, ((PyComplex)PyValues.From(new Complex(1, -2), r312)).Imag);
            var t = (PySequence)PyValues.From(new object[] { 1, "a", new byte[] { 1 } }, r312);
            Assert.Equal(new[] { PyKind.Int, PyKind.Str, PyKind.Bytes }, t.Items.Select(x => x.Kind));
            Assert.Throws<ArgumentException>(() => PyValues.From(new Dictionary<string, int>(), r312));
            Assert.Throws<ArgumentException>(() => PyValues.From(new object(), r312));
        }
    }

    /// <summary>Export-PyPyc's engine: the header it stamps and how it writes the file.</summary>
    public class PycExportTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pydis-export-" + Guid.NewGuid().ToString("N"));

        public PycExportTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static PyCodeObject Record(string version)
        {
            var path = Path.Combine(FixtureCatalog.Root, "patch", version, "target.pyc");
            var file = PycFile.Load(File.ReadAllBytes(path));
            return PyCodeObject.From(new WalkedCode(file.Code, "<module>", 0, null, -1), path, file.Header);
        }

        [Fact]
        public void TheHeaderIsTheFilesUnlessAskedOtherwise()
        {
            var r = Record("3.12");
            var original = File.ReadAllBytes(r.Path!);
            Assert.Equal(original, global::PyDis.Core.Query.ExportPyc(r));
            var source = new byte[] { (byte)'x', (byte)' ', (byte)'=', (byte)' ', (byte)'1', (byte)'\n' };
            var stamped = PycHeader.Read(global::PyDis.Core.Query.ExportPyc(r, new PycHeaderOptions { Source = source, SourceModified = DateTimeOffset.FromUnixTimeSeconds(1234567890) }));
            Assert.Equal(1234567890u, stamped.Mtime);
            Assert.Equal(6u, stamped.SourceSize);
            var hashed = PycHeader.Read(global::PyDis.Core.Query.ExportPyc(r, new PycHeaderOptions { Invalidation = PycInvalidation.CheckedHash, Source = source }));
            Assert.Equal(PycInvalidation.CheckedHash, hashed.Invalidation);
            Assert.Equal(SourceHash.Of(source, new PyVersion(3, 12)), hashed.SourceHash);
            Assert.Throws<ArgumentException>(() => global::PyDis.Core.Query.ExportPyc(r, new PycHeaderOptions { Invalidation = PycInvalidation.CheckedHash }));
            Assert.Throws<ArgumentException>(() => global::PyDis.Core.Query.ExportPyc(Record("3.6"), new PycHeaderOptions { Invalidation = PycInvalidation.UncheckedHash }));
        }

        [Fact]
        public void FilesAreWrittenBesideThenMovedAndNeverOverwrittenUnasked()
        {
            var path = Path.Combine(_dir, "out.pyc");
            PycWriter.WriteFileAtomically(path, new byte[] { 1, 2, 3 }, overwrite: false);
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            Assert.Throws<IOException>(() => PycWriter.WriteFileAtomically(path, new byte[] { 4 }, overwrite: false));
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            PycWriter.WriteFileAtomically(path, new byte[] { 4 }, overwrite: true);
            Assert.Equal(new byte[] { 4 }, File.ReadAllBytes(path));
            Assert.Throws<IOException>(() => PycWriter.WriteFileAtomically(_dir, new byte[] { 4 }, overwrite: true));
            Assert.Equal(new[] { "out.pyc" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }
    }
}
