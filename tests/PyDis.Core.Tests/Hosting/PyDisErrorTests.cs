using System;
using System.IO;
using System.Linq;
using System.Reflection;
using PyDis.Core.Hosting;

namespace PyDis.Core.Tests.Hosting
{
    public class PyDisErrorTests
    {
        [Fact]
        public void ErrorIdsArePascalCaseUnderThePyDisPrefix()
        {
            var ids = typeof(PyDisError).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
                .Select(f => (string)f.GetValue(null)!).ToList();
            // 11 for reading, UnknownOpName (-Name, -OpName), InvalidStackEffect (Measure-PyStackEffect -OpName), CannotWrite and
            // WriteError for the writers, DisFails for a code object the version's own dis raises on (the output goes on).
            Assert.Equal(16, ids.Count);
            Assert.All(ids, id => Assert.Matches("^PyDis\\.[A-Z][A-Za-z]+$", id));
        }

        [Theory]
        [InlineData(typeof(FileNotFoundException), PyDisError.FileNotFound, PyDisErrorCategory.ObjectNotFound)]
        [InlineData(typeof(DirectoryNotFoundException), PyDisError.FileNotFound, PyDisErrorCategory.ObjectNotFound)]
        [InlineData(typeof(UnauthorizedAccessException), PyDisError.UnauthorizedAccess, PyDisErrorCategory.PermissionDenied)]
        [InlineData(typeof(IOException), PyDisError.ReadError, PyDisErrorCategory.ReadError)]
        [InlineData(typeof(NotSupportedException), PyDisError.UnsupportedVersion, PyDisErrorCategory.NotImplemented)]
        [InlineData(typeof(InvalidOperationException), PyDisError.InternalError, PyDisErrorCategory.NotSpecified)]
        [InlineData(typeof(IndexOutOfRangeException), PyDisError.InternalError, PyDisErrorCategory.NotSpecified)]
        public void IoExceptionsMapToTheirIdAndCategory(Type exceptionType, string id, PyDisErrorCategory category)
        {
            var ex = (Exception)Activator.CreateInstance(exceptionType, "boom")!;
            var e = PyDisError.FromException(ex, "a.pyc");
            Assert.Equal(id, e.ErrorId);
            Assert.Equal(category, e.Category);
            Assert.Equal("a.pyc", e.Target);
            Assert.Same(ex, e.Exception);
        }

        [Fact]
        public void BadDataIsMalformedPycWithTheOffsetInTheMessage()
        {
            var e = PyDisError.FromException(new PycFormatException(17, "marshal tuple", "truncated", "x.pyc"), "x.pyc");
            Assert.Equal(PyDisError.MalformedPyc, e.ErrorId);
            Assert.Equal(PyDisErrorCategory.InvalidData, e.Category);
            Assert.Contains("at byte 17", e.Message);
        }

        [Fact]
        public void AnEditTheVersionCannotHoldIsCannotWriteNamingTheInstruction()
        {
            var e = PyDisError.FromException(new BytecodeWriteException("<module>.f", "no such opcode", 3, "FOO 1"), "x.pyc");
            Assert.Equal(PyDisError.CannotWrite, e.ErrorId);
            Assert.Equal(PyDisErrorCategory.InvalidArgument, e.Category);
            Assert.Equal("x.pyc: code object <module>.f, instruction 3 (FOO 1): no such opcode", e.Message);
            Assert.Equal("code object <module>.f, instruction 3 (FOO 1): no such opcode", e.Detail);
        }

        [Fact]
        public void EveryMessageNamesItsInputFirstAndDetailLeavesItOut()
        {
            var e = PyDisError.FromException(new NotSupportedException("Python 3.1's dis has no code_info."), "a.pyc");
            Assert.Equal("a.pyc: Python 3.1's dis has no code_info.", e.Message);
            Assert.Equal("Python 3.1's dis has no code_info.", e.Detail);
            var piped = PyDisError.FromException(new PycFormatException(4, "co_code of f", "cut short"), "a.pyc", "a.pyc (<module>.f)");
            Assert.Equal("a.pyc (<module>.f): at byte 4 (co_code of f): cut short", piped.Message);
            var io = PyDisError.FromException(new IOException("disk on fire"), "b.pyc");
            Assert.StartsWith("b.pyc: ", io.Message);
            Assert.Equal("x.pyc: the path is on the Environment provider; PyDis reads files from the FileSystem provider only.",
                PyDisError.NotFileSystem("x.pyc", "Environment").Message);
        }

        [Fact]
        public void AnUnknownMagicIsUnknownWithTheKnownRanges()
        {
            string text = PyDis.Core.Pyc.MagicNumbers.DescribeUnknown(9999);
            Assert.DoesNotContain("newer", text);
            Assert.Matches(@"^magic number 9999 is not one a CPython release PyDis knows uses \(it knows 2\.7: 62171-62212; 3\.0-3\.\d+: 3000-\d+\)$", text);
            Assert.Equal(PyDis.Core.Pyc.MagicStatus.Unknown, PyDis.Core.Pyc.MagicNumbers.Classify(9999, out _, out _));
        }

        [Fact]
        public void BadVersionListsTheSupportedVersions()
        {
            var e = PyDisError.BadVersion("9.9");
            Assert.Equal(PyDisError.InvalidPythonVersion, e.ErrorId);
            Assert.Equal("9.9", e.Target);
            Assert.Contains("2.7, 3.0", e.Message);
            Assert.Contains("3.15", e.Message);
        }
    }
}
