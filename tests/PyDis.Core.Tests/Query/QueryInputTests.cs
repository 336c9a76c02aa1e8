using System;
using System.IO;
using PyDis.Core.Hosting;

namespace PyDis.Core.Tests.Query
{
    /// <summary>How the loader classifies inputs it cannot read (no interpreter needed: these are not .pyc files).</summary>
    public sealed class QueryInputTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pydis-query-" + Guid.NewGuid().ToString("N"));

        public QueryInputTests() { Directory.CreateDirectory(_dir); }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private PyDisError Fail(string path)
        {
            Assert.False(PyDis.Core.Hosting.PycLoader.TryOpen(path, out var source, out var error));
            Assert.Null(source);
            return error!;
        }

        [Fact]
        public void MissingFileIsFileNotFound()
        {
            var e = Fail(Path.Combine(_dir, "none.pyc"));
            Assert.Equal(PyDisError.FileNotFound, e.ErrorId);
            Assert.Equal(PyDisErrorCategory.ObjectNotFound, e.Category);
            Assert.Equal(Path.Combine(_dir, "none.pyc"), e.Target);
        }

        [Fact]
        public void DirectoryIsAReadError() => Assert.Equal(PyDisError.ReadError, Fail(_dir).ErrorId);

        [Theory]
        [InlineData(new byte[0])]
        [InlineData(new byte[] { 0x33, 0x0d })]
        [InlineData(new byte[] { (byte)'p', (byte)'r', (byte)'i', (byte)'n', (byte)'t' })]
        [InlineData(new byte[] { 0x33, 0x0d, 0x0d, 0x0b, 0, 0, 0, 0 })]
        public void DataWithoutMagicAndCrLfIsUnknownMagic(byte[] data)
        {
            var path = Path.Combine(_dir, "x.pyc");
            File.WriteAllBytes(path, data);
            var e = Fail(path);
            Assert.Equal(PyDisError.UnknownMagic, e.ErrorId);
            Assert.Equal(PyDisErrorCategory.InvalidData, e.Category);
        }
    }
}
