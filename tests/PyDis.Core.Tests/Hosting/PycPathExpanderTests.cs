using System;
using System.IO;
using System.Linq;
using PyDis.Core.Hosting;

namespace PyDis.Core.Tests.Hosting
{
    public sealed class PycPathExpanderTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "pydis-expander-" + Guid.NewGuid().ToString("N"));

        public PycPathExpanderTests()
        {
            Directory.CreateDirectory(Path.Combine(_dir, "__pycache__"));
            foreach (var f in new[] { "app.py", "app.b.py", "other.py", "plain.pyc" }) File.WriteAllText(Path.Combine(_dir, f), "");
            foreach (var f in new[] { "app.cpython-312.pyc", "app.cpython-38.pyc", "app.cpython-312.opt-1.pyc", "app.b.cpython-312.pyc", "apple.cpython-312.pyc", "app.cpython-312.pyc.tmp" })
                File.WriteAllText(Path.Combine(_dir, "__pycache__", f), "");
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Cache(string name) => Path.Combine(_dir, "__pycache__", name);

        [Fact]
        public void ASourceStandsForItsCompiledFilesOnlySortedByName()
        {
            var files = PycPathExpander.CompiledFilesOf(Path.Combine(_dir, "app.py"));
            Assert.Equal(new[] { Cache("app.cpython-312.opt-1.pyc"), Cache("app.cpython-312.pyc"), Cache("app.cpython-38.pyc") }, files);
        }

        [Fact]
        public void ADottedSourceNameFindsOnlyItsOwnFiles() =>
            Assert.Equal(new[] { Cache("app.b.cpython-312.pyc") }, PycPathExpander.CompiledFilesOf(Path.Combine(_dir, "app.b.py")));

        [Fact]
        public void ASourceWithoutCompiledFilesExpandsToNothing()
        {
            Assert.Empty(PycPathExpander.CompiledFilesOf(Path.Combine(_dir, "other.py")));
            Assert.Empty(new PycPathExpander().Expand(Path.Combine(_dir, "other.py")));
        }

        [Fact]
        public void OtherPathsPassThroughAndDuplicatesAreDroppedKeepingOrder()
        {
            var e = new PycPathExpander(StringComparer.Ordinal);
            var plain = Path.Combine(_dir, "plain.pyc");
            var first = e.Expand(plain).Concat(e.Expand(Cache("app.cpython-38.pyc"))).ToList();
            var again = e.Expand(Path.Combine(_dir, "app.py")).ToList();
            Assert.Equal(new[] { plain, Cache("app.cpython-38.pyc") }, first);
            Assert.Equal(new[] { Cache("app.cpython-312.opt-1.pyc"), Cache("app.cpython-312.pyc") }, again);
            Assert.Empty(e.Expand(plain));
        }

        [Fact]
        public void WithoutDropsDuplicatesEveryInputGivesItsFiles()
        {
            var e = new PycPathExpander(StringComparer.Ordinal) { DropsDuplicates = false };
            var plain = Path.Combine(_dir, "plain.pyc");
            Assert.Equal(new[] { plain }, e.Expand(plain));
            Assert.Equal(new[] { plain }, e.Expand(plain));
        }

        [Fact]
        public void APython2CompiledFileBesideTheSourceComesFirst()
        {
            File.WriteAllText(Path.Combine(_dir, "other.pyc"), "");
            File.WriteAllText(Path.Combine(_dir, "other.pyo"), "");
            File.WriteAllText(Cache("other.cpython-312.pyc"), "");
            Assert.Equal(new[] { Path.Combine(_dir, "other.pyc"), Path.Combine(_dir, "other.pyo"), Cache("other.cpython-312.pyc") },
                PycPathExpander.CompiledFilesOf(Path.Combine(_dir, "other.py")));
        }

        [Fact]
        public void CaseInsensitiveComparerTreatsCaseVariantsAsOneFile()
        {
            var e = new PycPathExpander(StringComparer.OrdinalIgnoreCase);
            Assert.Single(e.Expand("/x/A.pyc"));
            Assert.Empty(e.Expand("/x/a.PYC"));
        }

        [Fact]
        public void IsSourceLooksAtTheExtensionOnly()
        {
            Assert.True(PycPathExpander.IsSource("a/b.PY"));
            Assert.False(PycPathExpander.IsSource("a/b.pyc"));
            Assert.False(PycPathExpander.IsSource("a/b.pyw"));
        }
    }
}
