using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core.Formatting;
using PyDis.Core.Hosting;
using PyDis.Core.Marshal;
using PyDis.Core.Model;
using PyDis.Core.Records;
using PyDis.Core.Tests.Marshal;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Pyc
{
    /// <summary>
    /// A file read through the ByteReader's window (as pydis and the cmdlets read it) gives what the same bytes in
    /// an array give: the same objects with the same marshal facts, the same dis text, the same errors at the same
    /// offsets. Tiny windows (1, 7, 64 bytes) put a refill at every item boundary and every item past the window.
    /// </summary>
    public class StreamingReadTests
    {
        public static IEnumerable<object[]> Windows() => new[] { 1, 7, 64, 0 }.Select(w => new object[] { w });

        public static IEnumerable<object[]> TinyWindows() => new[] { 1, 7, 64 }.Select(w => new object[] { w });

        private static readonly string[] AllPycs =
            Directory.GetFiles(FixtureCatalog.Root, "*.pyc", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToArray();

        [Theory]
        [MemberData(nameof(Windows))]
        public void EveryFixtureReadsTheSameThroughTheWindow(int window)
        {
            Assert.True(AllPycs.Length > 400, $"only {AllPycs.Length} fixture .pyc files found");
            int loaded = 0;
            foreach (var path in AllPycs)
            {
                var fromArray = Outcome(() => PycFile.Load(File.ReadAllBytes(path), path));
                var fromFile = Outcome(() =>
                {
                    using (var reader = ByteReader.OpenFile(path, window))
                        return PycFile.Load(reader, path);
                });
                AssertSame(fromArray, fromFile, path);
                if (fromArray.File is PycFile a)
                {
                    Assert.Equal(Dis(a), Dis(fromFile.File!));
                    loaded++;
                }
            }
            Assert.True(loaded > 400, $"only {loaded} fixtures loaded");
        }

        // An endless source (a device with no length) is refused after the bound instead of read until memory runs out;
        // a pipe's bytes within it are read. Linux devices: skipped elsewhere (no /dev/zero to read).
        [DevZeroFact]
        public void AnEndlessSourceIsRefusedAfterTheBound()
        {
            var e = Assert.Throws<IOException>(() => ByteReader.OpenFile("/dev/zero", 0, 1 << 20));
            Assert.Contains("gave more than 1048576 bytes", e.Message);
            Assert.False(PycLoader.TryOpen("/dev/zero", out var input, out var error));
            Assert.Null(input);
            Assert.Contains("gave more than " + ByteReader.MaxUnsizedBytes + " bytes", error!.Detail);
        }

        [Fact]
        public void PycLoaderReadsFilesAsItLoadsTheirBytes()
        {
            foreach (var path in AllPycs)
            {
                bool openOk = PycLoader.TryOpen(path, out var opened, out var openError);
                bool loadOk = PycLoader.TryLoad(File.ReadAllBytes(path), path, out var loaded, out var loadError);
                Assert.Equal(loadOk, openOk);
                if (!loadOk)
                {
                    Assert.Equal(loadError!.Message, openError!.Message);
                    continue;
                }
                new GraphComparer(path).Code(loaded!.Code, opened!.Code);
                Assert.Equal(loaded.Header!.ToBytes(), opened.Header!.ToBytes());

                Assert.True(PycLoader.TryReadInfo(path, headerOnly: false, out var info, out var infoError), infoError?.Message);
                Assert.Equal(PycBodyStatus.Intact, info!.BodyStatus);
            }
        }

        [Fact]
        public void PycFileOpenReadsTheFile()
        {
            var path = FixtureCatalog.Get(new PyVersion(3, 12), "long_jump").PycPath;
            new GraphComparer(path).Code(PycFile.Load(File.ReadAllBytes(path)).Code, PycFile.Open(path).Code);
        }

        /// <summary>The inputs MalformedInputTests cuts: a version's py_compile sample and one fixture of 512-4096 bytes.</summary>
        private static List<byte[]> SmallInputs(string version)
        {
            var doc = MarshalSamples.Load(version);
            var inputs = new List<byte[]> { FixtureCatalog.Hex(doc.GetProperty("pycs")[0].GetProperty("hex").GetString()!) };
            string dir = Path.Combine(FixtureCatalog.Root, version);
            if (Directory.Exists(dir))
                inputs.AddRange(Directory.GetFiles(dir, "*.pyc").Select(File.ReadAllBytes)
                    .Where(b => b.Length >= 512 && b.Length <= 4096).OrderBy(b => b.Length).Take(1));
            return inputs;
        }

        public static IEnumerable<object[]> Versions() => MarshalSamples.Versions().Select(v => new object[] { v });

        [Theory]
        [MemberData(nameof(Versions))]
        public void EveryTruncationGivesTheSameError(string version)
        {
            foreach (var data in SmallInputs(version))
                for (int n = 0; n <= data.Length; n++)
                {
                    var fromArray = Outcome(() => PycFile.Load(data.AsSpan(0, n).ToArray(), "cut.pyc"));
                    Assert.Equal(n < data.Length, fromArray.Error != null);
                    foreach (int window in new[] { 1, 7, 64 })
                        AssertSame(fromArray, Outcome(() => LoadThroughWindow(new MemoryStream(data, 0, n), window, "cut.pyc")), $"{version} cut at {n}, window {window}");
                }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void FlippedBytesGiveTheSameOutcome(string version)
        {
            // A fixed seed, so a failure can be replayed.
            var v = PyVersion.Parse(version);
            var rng = new Random(4099 + v.Major * 100 + v.Minor);
            var inputs = SmallInputs(version);
            int refused = 0, loaded = 0;
            for (int i = 0; i < 600; i++)
            {
                var data = (byte[])inputs[i % inputs.Count].Clone();
                for (int f = 1 + rng.Next(4); f > 0; f--) data[rng.Next(i % 2 == 0 ? 16 : 0, data.Length)] = (byte)rng.Next(256);
                var fromArray = Outcome(() => PycFile.Load(data, "flipped.pyc"));
                if (fromArray.Error != null) refused++; else loaded++;
                AssertSame(fromArray, Outcome(() => LoadThroughWindow(new MemoryStream(data), 1 + rng.Next(80), "flipped.pyc")), $"{version} flip {i}");
            }
            Assert.True(refused > 0 && loaded > 0, $"loaded {loaded}, refused {refused}");
        }

        /// <summary>Lengths past the end are refused before anything of their size is allocated, through any window.</summary>
        [Theory]
        [MemberData(nameof(Windows))]
        public void HostileLengthsFailAlikeWithoutAllocating(int window)
        {
            var pyc = File.ReadAllBytes(FixtureCatalog.Get(new PyVersion(3, 12), "long_jump").PycPath);
            var header = pyc.Take(16).ToArray();
            // 's' bytes, 'u' text, 'a' ascii, '(' tuple, '[' list, 'l' long: each claims 0x7FFFFFF0 of a few bytes left.
            foreach (byte type in new[] { (byte)'s', (byte)'u', (byte)'a', (byte)'(', (byte)'[', (byte)'l' })
            {
                var data = header.Concat(new byte[] { type, 0xF0, 0xFF, 0xFF, 0x7F }).Concat(new byte[100]).ToArray();
                var fromArray = Outcome(() => PycFile.Load(data, "hostile.pyc"));
                Assert.NotNull(fromArray.Error);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var fromStream = Outcome(() => LoadThroughWindow(new MemoryStream(data), window, "hostile.pyc"));
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                AssertSame(fromArray, fromStream, $"type {(char)type}");
                Assert.True(allocated < 1 << 20, $"type {(char)type}: {allocated} bytes allocated");
            }
        }

        [Fact]
        public void AFileThatShrinksWhileReadIsAnErrorAtItsEnd()
        {
            var data = File.ReadAllBytes(FixtureCatalog.Get(new PyVersion(3, 12), "long_jump").PycPath);
            foreach (int window in new[] { 7, 0 })
                foreach (int delivered in new[] { 0, 3, 20, 5000, 100_000, data.Length - 1 })
                {
                    var e = Assert.Throws<PycFormatException>(() => LoadThroughWindow(new ShrinkingStream(data, delivered), window));
                    Assert.Contains("changed while being read", e.Message);
                    Assert.InRange(e.Offset, 0, delivered);
                    // The error is at the item the stream ended in, and counts the bytes of it that came.
                    Assert.Contains($"but the data ends after {delivered - e.Offset}: the file was {data.Length} bytes long", e.Message);
                }
        }

        [Fact]
        public void ShortReadsAndBytesPastTheLengthChangeNothing()
        {
            var path = FixtureCatalog.Get(new PyVersion(3, 12), "long_jump").PycPath;
            var data = File.ReadAllBytes(path);
            var expected = PycFile.Load(data).Code;
            foreach (int window in new[] { 7, 0 })
            {
                // One byte per Read, as a slow device may deliver them.
                new GraphComparer(path).Code(expected, LoadThroughWindow(new TrickleStream(data), window).Code);
                // A stream that grows while read: only the length it had when the reader started is read.
                var grown = new MemoryStream(data.Concat(new byte[] { (byte)'N', 1, 2, 3 }).ToArray());
                grown.SetLength(data.Length);
                var reader = new ByteReader(grown, ownsStream: false, window);
                grown.SetLength(data.Length + 4);
                new GraphComparer(path).Code(expected, PycFile.Load(reader, null).Code);
                Assert.True(reader.AtEnd);
            }
        }

        /// <summary>Nothing loaded keeps a reference into the window: the next file, read through it, changes nothing.</summary>
        [Fact]
        public void TheWindowIsNotPartOfWhatWasLoaded()
        {
            var first = AllPycs.Where(p => new FileInfo(p).Length < 60_000).Take(20).ToArray();
            var loaded = first.Select(PycFile.Open).ToArray();
            // Overwrite the thread's window with other files' bytes.
            foreach (var p in AllPycs.Reverse().Take(20)) PycFile.Open(p);
            for (int i = 0; i < first.Length; i++)
                new GraphComparer(first[i]).Code(PycFile.Load(File.ReadAllBytes(first[i])).Code, loaded[i].Code);
        }

        [Fact]
        public void PositionMovesWithinAndBeyondTheWindow()
        {
            var data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            using var reader = new ByteReader(new MemoryStream(data), ownsStream: false, windowSize: 16);
            Assert.Equal(0, reader.ReadByte("x"));
            reader.Position = 200;
            Assert.Equal(200, reader.ReadByte("x"));
            reader.Position = 10;
            Assert.Equal(10, reader.ReadByte("x"));
            Assert.Equal(11 | 12 << 8 | 13 << 16 | 14 << 24, reader.ReadInt32("x"));
            reader.Position = 298;
            var e = Assert.Throws<PycFormatException>(() => reader.ReadInt32("the end"));
            Assert.Equal("at byte 298 (the end): expected 4 more byte(s) but the data ends after 2", e.Message);
            reader.Position = 42;
            Assert.Equal(new byte[] { 42, 43, 44 }, reader.ReadBytes(3, "x"));
            Assert.Equal(45, reader.Position);
        }

        private static PycFile LoadThroughWindow(Stream stream, int window, string? path = null)
        {
            using (var reader = new ByteReader(stream, ownsStream: true, window))
                return PycFile.Load(reader, path);
        }

        private static string Dis(PycFile file)
        {
            var text = new StringWriter();
            new DisFormatter(file.Release).Write(file.Code, text);
            return text.ToString();
        }

        private sealed class Result
        {
            public PycFile? File;
            public PycFormatException? Error;
        }

        private static Result Outcome(Func<PycFile> load)
        {
            try
            {
                return new Result { File = load() };
            }
            catch (PycFormatException e)
            {
                return new Result { Error = e };
            }
        }

        private static void AssertSame(Result expected, Result actual, string what)
        {
            if (expected.Error is PycFormatException e)
            {
                Assert.True(actual.Error != null, $"{what}: loaded through the window, but the array refused it: {e.Message}");
                Assert.Equal(e.Message, actual.Error!.Message);
                Assert.Equal(e.Offset, actual.Error.Offset);
                Assert.Equal(e.Context, actual.Error.Context);
                return;
            }
            Assert.True(actual.Error is null, $"{what}: refused through the window: {actual.Error?.Message}");
            Assert.Equal(expected.File!.Header?.ToBytes(), actual.File!.Header?.ToBytes());
            new GraphComparer(what).Object(expected.File.Root, actual.File.Root);
        }

        /// <summary>Two object graphs alike: kinds, values, marshal facts, and the same sharing of objects.</summary>
        private sealed class GraphComparer
        {
            private readonly string _what;
            private readonly Dictionary<object, object> _seen = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);

            public GraphComparer(string what) { _what = what; }

            private bool Pair(object a, object b)
            {
                if (_seen.TryGetValue(a, out var known))
                {
                    Assert.True(ReferenceEquals(known, b), $"{_what}: an object shared on one side is not on the other");
                    return false;
                }
                _seen[a] = b;
                return true;
            }

            public void Object(PyObject a, PyObject b)
            {
                if (!Pair(a, b)) return;
                Assert.Equal(a.GetType(), b.GetType());
                Assert.Equal(a.Kind, b.Kind);
                Assert.Equal(a.TypeCode, b.TypeCode);
                Assert.Equal(a.HasRefFlag, b.HasRefFlag);
                Assert.Equal(a.RefIndex, b.RefIndex);
                Assert.Equal(a.SourceOffset, b.SourceOffset);
                Assert.Equal(a.SourceLength, b.SourceLength);
                switch (a)
                {
                    case PyInt i:
                        Assert.Equal(i.Value, ((PyInt)b).Value);
                        Assert.Equal(i.IsPy2Long, ((PyInt)b).IsPy2Long);
                        break;
                    case PyFloat f:
                        Assert.Equal(BitConverter.DoubleToInt64Bits(f.Value), BitConverter.DoubleToInt64Bits(((PyFloat)b).Value));
                        Assert.Equal(f.Text, ((PyFloat)b).Text);
                        break;
                    case PyComplex c:
                        var d = (PyComplex)b;
                        Assert.Equal(BitConverter.DoubleToInt64Bits(c.Real), BitConverter.DoubleToInt64Bits(d.Real));
                        Assert.Equal(BitConverter.DoubleToInt64Bits(c.Imag), BitConverter.DoubleToInt64Bits(d.Imag));
                        Assert.Equal(c.RealText, d.RealText);
                        Assert.Equal(c.ImagText, d.ImagText);
                        break;
                    case PyBytes x:
                        Assert.Equal(x.Value, ((PyBytes)b).Value);
                        Assert.Equal(x.IsInterned, ((PyBytes)b).IsInterned);
                        break;
                    case PyStr s:
                        var t = (PyStr)b;
                        Assert.Equal(s.Value, t.Value);
                        Assert.Equal(s.IsInterned, t.IsInterned);
                        Assert.Equal(s.IsPy2Unicode, t.IsPy2Unicode);
                        Assert.Equal(s.HasExplicitCodePoints, t.HasExplicitCodePoints);
                        Assert.Equal(s.CodePoints, t.CodePoints);
                        break;
                    case PySequence q:
                        Objects(q.Items, ((PySequence)b).Items);
                        break;
                    case PyDict m:
                        var n = (PyDict)b;
                        Assert.Equal(m.Items.Length, n.Items.Length);
                        for (int k = 0; k < m.Items.Length; k++)
                        {
                            Object(m.Items[k].Key, n.Items[k].Key);
                            Object(m.Items[k].Value, n.Items[k].Value);
                        }
                        break;
                    case PySlice sl:
                        var sm = (PySlice)b;
                        Object(sl.Start, sm.Start);
                        Object(sl.Stop, sm.Stop);
                        Object(sl.Step, sm.Step);
                        break;
                    case PyCodeRef r:
                        Code(r.Code, ((PyCodeRef)b).Code);
                        break;
                    case PySingleton _:
                        break;
                    default:
                        throw new InvalidOperationException("no comparison for " + a.GetType());
                }
            }

            private void Objects(PyObject[] a, PyObject[] b)
            {
                Assert.Equal(a.Length, b.Length);
                for (int i = 0; i < a.Length; i++) Object(a[i], b[i]);
            }

            public void Code(CodeObject a, CodeObject b)
            {
                if (!Pair(a, b)) return;
                Assert.Equal(a.Release, b.Release);
                Assert.Equal(a.SourceOffset, b.SourceOffset);
                Assert.Equal((a.ArgCount, a.PosOnlyArgCount, a.KwOnlyArgCount, a.NLocals, a.StackSize, a.Flags, a.FirstLineNo, a.BareBytecode),
                    (b.ArgCount, b.PosOnlyArgCount, b.KwOnlyArgCount, b.NLocals, b.StackSize, b.Flags, b.FirstLineNo, b.BareBytecode));
                Assert.Equal(a.Code, b.Code);
                Assert.Equal(a.LineTable, b.LineTable);
                Assert.Equal(a.ExceptionTable, b.ExceptionTable);
                Assert.Equal(a.LocalsPlusKinds, b.LocalsPlusKinds);
                Assert.Equal((a.Filename, a.Name, a.QualName), (b.Filename, b.Name, b.QualName));
                foreach (var (x, y) in new[] { (a.Names, b.Names), (a.VarNames, b.VarNames), (a.FreeVars, b.FreeVars), (a.CellVars, b.CellVars), (a.LocalsPlusNames, b.LocalsPlusNames) })
                    Assert.Equal(x, y);
                Objects(a.Consts, b.Consts);
                Assert.Equal(a.FieldObjects.Keys.OrderBy(k => k, StringComparer.Ordinal), b.FieldObjects.Keys.OrderBy(k => k, StringComparer.Ordinal));
                foreach (var kv in a.FieldObjects) Object(kv.Value, b.FieldObjects[kv.Key]);
                Assert.Equal(a.Parent is null, b.Parent is null);
                if (a.Parent != null) Assert.True(!_seen.TryGetValue(a.Parent, out var p) || ReferenceEquals(p, b.Parent), $"{_what}: parents differ");
                Assert.Equal(a.MarshalRef is null, b.MarshalRef is null);
                if (a.MarshalRef != null) Object(a.MarshalRef, b.MarshalRef!);
            }
        }

        /// <summary>A stream whose length says all of the data but whose reads end after <c>delivered</c> bytes (a file cut while read).</summary>
        private sealed class ShrinkingStream : MemoryStream
        {
            private readonly long _length;

            public ShrinkingStream(byte[] data, int delivered) : base(data, 0, delivered) { _length = data.Length; }

            public override long Length => _length;
        }

        /// <summary>A stream that hands out one byte per read.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            public TrickleStream(byte[] data) : base(data) { }

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        }
    }

    /// <summary>A test that reads /dev/zero: skipped, with the reason, where there is none (Windows).</summary>
    public sealed class DevZeroFactAttribute : FactAttribute
    {
        public DevZeroFactAttribute()
        {
            if (!File.Exists("/dev/zero")) Skip = "needs /dev/zero, an endless source (Linux, macOS)";
        }
    }
}
