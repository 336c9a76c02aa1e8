using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PyDis.Core.Model;
using PyDis.Core.Marshal;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>
    /// The marshal writer against each interpreter's marshal.dumps output (tests/fixtures/marshal): what was
    /// read is written back byte for byte, and values built fresh load as the same value.
    /// </summary>
    public class MarshalWriterTests
    {
        /// <summary>Every sample that loads, of every version, plus 3.6's v2 dumps read as 3.0-3.3 and its v4 dumps as 3.4-3.5.</summary>
        public static IEnumerable<object[]> LoadableSamples()
        {
            foreach (var v in MarshalSamples.Versions())
            {
                var doc = MarshalSamples.Load(v);
                foreach (var set in new[] { "samples", "handmade" })
                    foreach (var s in doc.GetProperty(set).EnumerateArray())
                        if (s.TryGetProperty("expect", out _) && !s.GetProperty("name").GetString()!.StartsWith("bad_", StringComparison.Ordinal))
                            yield return new object[] { v, v, set, s.GetProperty("name").GetString()! };
            }
            var d36 = MarshalSamples.Load("3.6");
            foreach (var v in new[] { "3.0", "3.1", "3.2", "3.3" })
                foreach (var s in d36.GetProperty("v2").EnumerateArray()) yield return new object[] { v, "3.6", "v2", s.GetProperty("name").GetString()! };
            foreach (var v in new[] { "3.4", "3.5" })
                foreach (var s in d36.GetProperty("samples").EnumerateArray()) yield return new object[] { v, "3.6", "samples", s.GetProperty("name").GetString()! };
        }

        private static byte[] SampleBytes(string file, string set, string name) =>
            FixtureCatalog.Hex(MarshalSamples.Load(file).GetProperty(set).EnumerateArray()
                .First(s => s.GetProperty("name").GetString() == name).GetProperty("hex").GetString()!);

        [Theory]
        [MemberData(nameof(LoadableSamples))]
        public void WritesBackTheBytesItRead(string version, string file, string set, string name)
        {
            var v = PyVersion.Parse(version);
            var data = SampleBytes(file, set, name);
            var written = MarshalWriter.Write(MarshalReader.ReadObject(data, 0, v), v);
            Assert.Equal(MarshalSamples.ToHex(data), MarshalSamples.ToHex(written));
        }

        /// <summary>
        /// The same values with no trace of how they were read (type code, FLAG_REF, float digits): the writer
        /// picks CPython's form for the version, and the bytes load as the same value. The root's type code
        /// (FLAG_REF aside, which follows refcounts) is the one the interpreter chose.
        /// </summary>
        [Theory]
        [MemberData(nameof(LoadableSamples))]
        public void FreshValuesTakeTheInterpretersFormAndLoadAsTheSameValue(string version, string file, string set, string name)
        {
            var v = PyVersion.Parse(version);
            var data = SampleBytes(file, set, name);
            var read = MarshalReader.ReadObject(data, 0, v);
            var fresh = Fresh(read, new Dictionary<object, PyObject>(ReferenceEqualityComparer.Instance));
            var written = MarshalWriter.Write(fresh, v);
            var again = MarshalReader.ReadObject(written, 0, v);
            Assert.Equal(MarshalSamples.Canon(MarshalSamples.Describe(read, v)), MarshalSamples.Canon(MarshalSamples.Describe(again, v)));
            if (set != "handmade" && file == version) Assert.Equal(data[0] & 0x7F, written[0] & 0x7F);
        }

        /// <summary>A deep copy without the read facts; shared objects stay shared, as they are one object in Python.</summary>
        internal static PyObject Fresh(PyObject o, Dictionary<object, PyObject> seen)
        {
            if (seen.TryGetValue(o, out var done)) return done;
            PyObject copy;
            switch (o)
            {
                case PySingleton s: return new PySingleton(s.Kind);
                case PyInt i: copy = new PyInt(i.Value) { IsPy2Long = i.IsPy2Long }; break;
                case PyFloat f: copy = new PyFloat(f.Value); break;
                case PyComplex c: copy = new PyComplex(c.Real, c.Imag); break;
                case PyBytes b: copy = new PyBytes(b.Value) { IsInterned = b.IsInterned }; break;
                case PyStr s:
                    copy = new PyStr(s.Value, s.HasExplicitCodePoints ? s.CodePoints : null) { IsInterned = s.IsInterned, IsPy2Unicode = s.IsPy2Unicode };
                    break;
                case PySequence q:
                {
                    var items = new PyObject[q.Items.Length];
                    copy = new PySequence(q.Kind, items);
                    seen[o] = copy;
                    for (int k = 0; k < items.Length; k++) items[k] = Fresh(q.Items[k], seen);
                    return copy;
                }
                case PyDict d:
                    copy = new PyDict(d.Kind, d.Items.Select(kv => new KeyValuePair<PyObject, PyObject>(Fresh(kv.Key, seen), Fresh(kv.Value, seen))).ToArray());
                    break;
                case PySlice sl: copy = new PySlice(Fresh(sl.Start, seen), Fresh(sl.Stop, seen), Fresh(sl.Step, seen)); break;
                case PyCodeRef r: copy = new PyCodeRef(FreshCode(r.Code, seen)); break;
                default: throw new ArgumentException(o.Kind.ToString());
            }
            seen[o] = copy;
            return copy;
        }

        private static CodeObject FreshCode(CodeObject c, Dictionary<object, PyObject> seen) => new CodeObject(c.Version)
        {
            ArgCount = c.ArgCount, PosOnlyArgCount = c.PosOnlyArgCount, KwOnlyArgCount = c.KwOnlyArgCount, NLocals = c.NLocals,
            StackSize = c.StackSize, Flags = c.Flags, Code = c.Code, Consts = c.Consts.Select(x => Fresh(x, seen)).ToArray(),
            Names = c.Names, VarNames = c.VarNames, FreeVars = c.FreeVars, CellVars = c.CellVars, LocalsPlusNames = c.LocalsPlusNames,
            LocalsPlusKinds = c.LocalsPlusKinds, Filename = c.Filename, Name = c.Name, QualName = c.QualName,
            FirstLineNo = c.FirstLineNo, LineTable = c.LineTable, ExceptionTable = c.ExceptionTable,
        };

        [Fact]
        public void EveryFixtureFileIsWrittenBackByteForByte()
        {
            int files = 0;
            foreach (var f in FixtureCatalog.All())
            {
                var r = PycRoundTrip.Check(f.ReadPyc(), f.PycPath);
                Assert.True(r.Identical, $"{f.PycPath}: first difference at byte {r.FirstDifference}");
                Assert.Equal(r.CodeObjects, r.CodeObjectsIdentical);
                files++;
            }
            Assert.True(files >= 150, $"only {files} fixture files");
        }

        [Fact]
        public void PycHeadersAreWrittenAsTheInterpreterWroteThem()
        {
            foreach (var v in MarshalSamples.Versions())
            {
                var version = PyVersion.Parse(v);
                foreach (var pyc in MarshalSamples.Load(v).GetProperty("pycs").EnumerateArray())
                {
                    var data = FixtureCatalog.Hex(pyc.GetProperty("hex").GetString()!);
                    var read = PycHeader.Read(data);
                    Assert.Equal(MarshalSamples.ToHex(data.Take(read.Size).ToArray()), MarshalSamples.ToHex(read.ToBytes()));
                    var mode = pyc.GetProperty("mode").GetString();
                    var made = mode == "timestamp"
                        ? PycHeader.Timestamp(version, (uint)pyc.GetProperty("mtime").GetInt64(), (uint)pyc.GetProperty("source_size").GetInt64())
                        : PycHeader.HashBased(version, FixtureCatalog.Hex(pyc.GetProperty("source_hash").GetString()!), mode == "checked_hash");
                    // PyDis stamps the newest release magic of the line: 3351 for 3.5, whose 3.5.2 interpreter wrote 3350.
                    var madeBytes = made.ToBytes();
                    if (read.Magic != made.Magic)
                    {
                        Assert.Contains(read.Magic, Release.Of(version).Pyc.ReleaseMagics);
                        madeBytes[0] = data[0];
                        madeBytes[1] = data[1];
                    }
                    Assert.Equal(MarshalSamples.ToHex(data.Take(read.Size).ToArray()), MarshalSamples.ToHex(madeBytes));
                    Assert.Equal(MarshalSamples.ToHex(data), MarshalSamples.ToHex(PycWriter.Write(PycFile.Load(data))));
                }
            }
        }

        [Fact]
        public void AChangedConstantChangesOnlyItsOwnBytes()
        {
            foreach (var v in FixtureCatalog.Versions)
            {
                // The first fixture code object with an int constant written as 'i' that nothing else refers to.
                var (f, path, at) = FixtureCatalog.ForVersion(v)
                    .SelectMany(fx =>
                    {
                        var root = PycFile.Load(fx.ReadPyc()).Code;
                        var uses = Uses(root);
                        return root.Walk().Select((c, n) => (fx, n, Array.FindIndex(c.Consts, k => k is PyInt i && i.TypeCode == 'i' && uses[k] == 1 && i.Value < 1000)));
                    })
                    .First(x => x.Item3 >= 0);
                var data = f.ReadPyc();
                var file = PycFile.Load(data);
                var co = file.Code.Walk().ElementAt(path);
                var old = (PyInt)co.Consts[at];
                var consts = (PyObject[])co.Consts.Clone();
                // As an edit does it: the new constant takes the old one's form and FLAG_REF, so later refs keep their numbers.
                consts[at] = MarshalWriter.StyledAfter(new PyInt(old.Value + 1), old);
                co.Consts = consts;
                var written = PycWriter.Write(file);

                // Written in place of the old int: same length, at most its 4 value bytes differ.
                Assert.Equal(data.Length, written.Length);
                int diff = Enumerable.Range(0, data.Length).Count(i => data[i] != written[i]);
                Assert.True(diff >= 1 && diff <= 4, $"{v}: {diff} bytes differ");
                var before = PycFile.Load(data).Code.Walk().ToArray();
                var after = PycFile.Load(written).Code.Walk().ToArray();
                Assert.Equal(old.Value + 1, ((PyInt)after[path].Consts[at]).Value);
                for (int k = 0; k < before.Length; k++)
                {
                    Assert.Equal(MarshalSamples.Canon(MarshalSamples.DescribeCode(before[k], false)), MarshalSamples.Canon(MarshalSamples.DescribeCode(after[k], false)));
                    for (int c = 0; c < before[k].Consts.Length; c++)
                    {
                        if (before[k].Consts[c] is PyCodeRef) continue;
                        var expected = k == path && c == at ? new PyInt(old.Value + 1) : before[k].Consts[c];
                        Assert.Equal(MarshalSamples.Canon(MarshalSamples.Describe(expected, v)), MarshalSamples.Canon(MarshalSamples.Describe(after[k].Consts[c], v)));
                    }
                }
            }
        }

        /// <summary>How often each object occurs in the constants of a code tree (a shared one was reached through refs).</summary>
        private static Dictionary<object, int> Uses(CodeObject root)
        {
            var uses = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            void Visit(PyObject o)
            {
                uses[o] = uses.TryGetValue(o, out int n) ? n + 1 : 1;
                if (n == 0 && o is PySequence q) foreach (var item in q.Items) Visit(item);
            }
            foreach (var c in root.Walk()) foreach (var k in c.Consts) Visit(k);
            return uses;
        }

        [Fact]
        public void RefusesWhatTheVersionCannotMarshalAndWritesNothing()
        {
            var slice = new PySlice(new PyInt(1), new PySingleton(PyKind.None), new PySingleton(PyKind.None));
            var output = new ByteWriter();
            output.WriteByte(42);
            var e = Assert.Throws<BytecodeWriteException>(() => MarshalWriter.Write(new PySequence(PyKind.Tuple, new PyObject[] { new PyInt(1), slice }), new PyVersion(3, 13), output));
            Assert.Contains("slice", e.Message);
            Assert.Equal(1, output.Length);
            Assert.Equal("3a69010000004e4e", MarshalSamples.ToHex(MarshalWriter.Write(slice, new PyVersion(3, 14))));

            var fd = new PyDict(PyKind.FrozenDict, new KeyValuePair<PyObject, PyObject>[0]);
            Assert.Contains("frozendict", Assert.Throws<BytecodeWriteException>(() => MarshalWriter.Write(fd, new PyVersion(3, 14))).Message);
            Assert.Equal("7d30", MarshalSamples.ToHex(MarshalWriter.Write(fd, new PyVersion(3, 15))));
        }

        [Fact]
        public void NestingBeyondCPythonsLimitIsRefused()
        {
            foreach (var v in new[] { new PyVersion(2, 7), new PyVersion(3, 0), new PyVersion(3, 12) })
            {
                var ok = MarshalReader.ReadObject(MarshalReaderTests.Nested(v, MarshalReader.MaxDepth - 1), 0, v);
                Assert.Equal(MarshalSamples.ToHex(MarshalReaderTests.Nested(v, MarshalReader.MaxDepth - 1)), MarshalSamples.ToHex(MarshalWriter.Write(ok, v)));
                PyObject deep = new PySingleton(PyKind.None);
                for (int i = 0; i < MarshalReader.MaxDepth; i++) deep = new PySequence(PyKind.Tuple, new[] { deep });
                Assert.Contains("nested", Assert.Throws<BytecodeWriteException>(() => MarshalWriter.Write(deep, v)).Message);
            }
        }

        [Fact]
        public void FreshIntsTakeEachEraForm()
        {
            // 'i' up to 32 bits; beyond, 'I' (2.x and 3.0-3.3) or a 'l' long (3.4+); 2.x longs are always 'l'.
            Assert.Equal("490000000000010000", MarshalSamples.ToHex(MarshalWriter.Write(new PyInt(BigInteger.Pow(2, 40)), new PyVersion(3, 0))));
            Assert.Equal((byte)'l', MarshalWriter.Write(new PyInt(BigInteger.Pow(2, 40)), new PyVersion(3, 4))[0]);
            Assert.Equal((byte)'I', MarshalWriter.Write(new PyInt(BigInteger.Pow(2, 40)), new PyVersion(2, 7))[0]);
            Assert.Equal((byte)'l', MarshalWriter.Write(new PyInt(BigInteger.Pow(2, 70)), new PyVersion(3, 0))[0]);
            Assert.Equal("69ffffffff", MarshalSamples.ToHex(MarshalWriter.Write(new PyInt(-1), new PyVersion(3, 12))));
        }
    }
}
