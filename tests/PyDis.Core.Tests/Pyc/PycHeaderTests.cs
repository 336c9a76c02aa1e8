using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Tests.Marshal;
using PyDis.Core.Releases;

namespace PyDis.Core.Tests.Pyc
{
    /// <summary>Headers of py_compile output from each interpreter: timestamp, and (3.7+) checked and unchecked hash pycs.</summary>
    public class PycHeaderTests
    {
        public static IEnumerable<object[]> Pycs() =>
            from v in MarshalSamples.Versions()
            from p in MarshalSamples.Load(v).GetProperty("pycs").EnumerateArray()
            select new object[] { v, p.GetProperty("mode").GetString()! };

        [Theory]
        [MemberData(nameof(Pycs))]
        public void HeaderSaysWhatTheInterpreterWrote(string version, string mode)
        {
            var doc = MarshalSamples.Load(version);
            var pyc = doc.GetProperty("pycs").EnumerateArray().First(p => p.GetProperty("mode").GetString() == mode);
            var data = FixtureCatalog.Hex(pyc.GetProperty("hex").GetString()!);
            var v = PyVersion.Parse(version);

            var file = PycFile.Load(data, "hdr.pyc");
            var h = file.Header!;
            Assert.Equal(doc.GetProperty("magic").GetInt32(), h.Magic);
            Assert.Equal(v, h.Version);
            Assert.Equal(v, file.Version);
            Assert.Equal(MagicKind.Release, h.MagicInfo.Kind);
            Assert.Equal(v >= new PyVersion(3, 7) ? 16 : v >= new PyVersion(3, 3) ? 12 : 8, h.Size);

            switch (mode)
            {
                case "timestamp":
                    Assert.Equal(PycInvalidation.Timestamp, h.Invalidation);
                    Assert.Equal(PycFlags.Timestamp, h.Flags);
                    Assert.Equal((uint)pyc.GetProperty("mtime").GetInt64(), h.Mtime);
                    Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(pyc.GetProperty("mtime").GetInt64()), h.MtimeUtc);
                    if (v >= new PyVersion(3, 3)) Assert.Equal((uint)pyc.GetProperty("source_size").GetInt32(), h.SourceSize);
                    else Assert.Null(h.SourceSize);
                    Assert.Null(h.SourceHash);
                    break;
                case "checked_hash":
                case "unchecked_hash":
                    bool check = mode == "checked_hash";
                    Assert.Equal(check ? PycInvalidation.CheckedHash : PycInvalidation.UncheckedHash, h.Invalidation);
                    Assert.Equal(check ? PycFlags.HashBased | PycFlags.CheckSource : PycFlags.HashBased, h.Flags);
                    Assert.True(h.IsHashBased);
                    Assert.Equal(pyc.GetProperty("source_hash").GetString(), MarshalSamples.ToHex(h.SourceHash!));
                    Assert.Null(h.Mtime);
                    Assert.Null(h.SourceSize);
                    break;
                default:
                    throw new InvalidOperationException(mode);
            }

            Assert.Equal("<module>", file.Code.Name);
            Assert.EndsWith("hdr.py", file.Code.Filename);
            Assert.Equal("hdr.pyc", file.Path);
        }

        [Fact]
        public void BareMarshalLoadsTheSameCode()
        {
            foreach (var v in MarshalSamples.Versions())
            {
                var pyc = MarshalSamples.Load(v).GetProperty("pycs")[0];
                var data = FixtureCatalog.Hex(pyc.GetProperty("hex").GetString()!);
                var withHeader = PycFile.Load(data);
                var bare = PycFile.LoadMarshal(data.Skip(withHeader.Header!.Size).ToArray(), PyVersion.Parse(v), "x.marshal");
                Assert.Null(bare.Header);
                Assert.Equal(withHeader.Code.Code, bare.Code.Code);
                Assert.Equal(withHeader.Code.Names, bare.Code.Names);
                Assert.Equal(0, bare.Code.SourceOffset);
                Assert.Equal(withHeader.Header.Size, withHeader.Code.SourceOffset);
            }
        }

        [Fact]
        public void ErrorsNameTheFileAndTheOffset()
        {
            var pyc = MarshalSamples.Load("3.13").GetProperty("pycs")[0];
            var data = FixtureCatalog.Hex(pyc.GetProperty("hex").GetString()!);
            var cut = data.Take(data.Length - 3).ToArray();
            var e = Assert.Throws<PycFormatException>(() => PycFile.Load(cut, "cut.pyc"));
            Assert.Equal("cut.pyc", e.Path);
            Assert.StartsWith("cut.pyc: at byte ", e.Message);
            Assert.InRange(e.Offset, 16, cut.Length);

            var bare = Assert.Throws<PycFormatException>(() => PycFile.LoadMarshal(new byte[] { (byte)'N' }, new PyVersion(3, 13), "n.bin"));
            Assert.Equal("n.bin", bare.Path);
            Assert.Contains("not a code object", bare.Problem);
        }

        [Fact]
        public void UndefinedFlagBitsAreRefused()
        {
            var data = FixtureCatalog.Hex(MarshalSamples.Load("3.12").GetProperty("pycs")[0].GetProperty("hex").GetString()!);
            data[4] = 4;
            var e = Assert.Throws<PycFormatException>(() => PycFile.Load(data));
            Assert.Equal(4, e.Offset);
        }
    }
}
