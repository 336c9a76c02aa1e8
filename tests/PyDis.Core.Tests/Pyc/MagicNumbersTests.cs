using System.Linq;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Tests.Marshal;
using PyDis.Core.Releases;

namespace PyDis.Core.Tests.Pyc
{
    public class MagicNumbersTests
    {
        /// <summary>
        /// The interpreter's magic is a release magic of its version, the newest one (the one PyDis writes) except for
        /// 3.5, whose 3.5.2 interpreter writes 3350 and 3.5.3+ 3351.
        /// </summary>
        [Fact]
        public void ReleaseMagicsAreTheInterpreters()
        {
            var versions = MarshalSamples.Versions().ToList();
            Assert.Equal(FixtureCatalog.Versions.Count, versions.Count);
            foreach (var v in versions)
            {
                int magic = MarshalSamples.Load(v).GetProperty("magic").GetInt32();
                var pyc = Release.Of(PyVersion.Parse(v)).Pyc;
                Assert.Contains((ushort)magic, pyc.ReleaseMagics);
                if (v != "3.5") Assert.Equal(magic, pyc.ReleaseMagic);
                Assert.True(MagicNumbers.TryGet((ushort)magic, out var info));
                Assert.Equal(PyVersion.Parse(v), info.Version);
            }
        }

        [Fact]
        public void TableCoversEverySupportedVersionInOrder()
        {
            foreach (var r in ReleaseRegistry.Supported.All) Assert.NotEmpty(r.Pyc.ReleaseMagics);
            // Magic numbers grow with the version within 3.x, so the table sorted by magic is sorted by version.
            var py3 = MagicNumbers.All.Where(m => m.Version.Major == 3).ToList();
            for (int i = 1; i < py3.Count; i++) Assert.True(py3[i - 1].Version <= py3[i].Version, py3[i].ToString());
            // -U variants are the release magic + 1.
            foreach (var u in MagicNumbers.All.Where(m => m.Kind == MagicKind.UnicodeVariant))
                Assert.Contains((ushort)(u.Magic - 1), Release.Of(u.Version).Pyc.ReleaseMagics);
        }

        [Fact]
        public void UnknownMagicNamesTheNearestKnown()
        {
            int m313 = MarshalSamples.Load("3.13").GetProperty("magic").GetInt32();
            var data = FixtureCatalog.Hex(MarshalSamples.Load("3.13").GetProperty("pycs")[0].GetProperty("hex").GetString()!);
            data[0]++;
            var e = Assert.Throws<PycFormatException>(() => PycFile.Load(data, "x.pyc"));
            Assert.Equal(0, e.Offset);
            Assert.Contains((m313 + 1).ToString(), e.Problem);
            Assert.Contains(m313.ToString(), e.Problem);
            Assert.Contains("3.13", e.Problem);
            Assert.Equal("x.pyc", e.Path);
        }

        [Fact]
        public void SecondHalfMustBeCrLf()
        {
            var data = FixtureCatalog.Hex(MarshalSamples.Load("2.7").GetProperty("pycs")[0].GetProperty("hex").GetString()!);
            data[2] = (byte)'\n';
            var e = Assert.Throws<PycFormatException>(() => PycFile.Load(data));
            Assert.Equal(2, e.Offset);
            Assert.Contains("0d 0a", e.Problem);
        }

        [Fact]
        public void OlderLinesAreRecognised()
        {
            // 2.6's magic, from the "Known values" comment that also lists 2.7's (62211, checked above against 2.7).
            var data = FixtureCatalog.Hex(MarshalSamples.Load("2.7").GetProperty("pycs")[0].GetProperty("hex").GetString()!);
            data[0] = 62161 & 0xFF;
            data[1] = 62161 >> 8;
            var e = Assert.Throws<PycFormatException>(() => PycFile.Load(data));
            Assert.Contains("Python 2.6", e.Problem);
        }
    }
}
