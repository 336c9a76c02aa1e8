using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Marshal;
using PyDis.Core.Model;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>Every type code against what each interpreter's marshal.loads made of the same bytes.</summary>
    public class MarshalReaderTests
    {
        public static IEnumerable<object[]> Samples()
        {
            foreach (var v in MarshalSamples.Versions())
            {
                var doc = MarshalSamples.Load(v);
                foreach (var s in doc.GetProperty("samples").EnumerateArray()) yield return new object[] { v, "samples", s.GetProperty("name").GetString()! };
                foreach (var s in doc.GetProperty("handmade").EnumerateArray()) yield return new object[] { v, "handmade", s.GetProperty("name").GetString()! };
            }
        }

        /// <summary>3.6's dumps(x, 2), the format 3.0-3.3 write, and its v4 samples, read as 3.4-3.5 data (besides their own samples).</summary>
        public static IEnumerable<object[]> OlderSamples()
        {
            var doc = MarshalSamples.Load("3.6");
            foreach (var v in new[] { "3.3" })  // 3.0-3.2 are narrow builds: their text reads differently (own samples)
                foreach (var s in doc.GetProperty("v2").EnumerateArray()) yield return new object[] { v, "v2", s.GetProperty("name").GetString()! };
            foreach (var v in new[] { "3.4", "3.5" })
                foreach (var s in doc.GetProperty("samples").EnumerateArray()) yield return new object[] { v, "samples", s.GetProperty("name").GetString()! };
        }

        [Theory]
        [MemberData(nameof(Samples))]
        public void ReadsLikeTheInterpreter(string version, string set, string name) => Check(version, version, set, name);

        [Theory]
        [MemberData(nameof(OlderSamples))]
        public void ReadsOlderFormatsAs36WritesThem(string version, string set, string name) => Check(version, "3.6", set, name);

        private static void Check(string version, string file, string set, string name)
        {
            var v = PyVersion.Parse(version);
            var sample = MarshalSamples.Load(file).GetProperty(set).EnumerateArray().First(s => s.GetProperty("name").GetString() == name);
            var data = FixtureCatalog.Hex(sample.GetProperty("hex").GetString()!);
            var reader = new MarshalReader(data, 0, v);

            if (sample.TryGetProperty("error", out _) || name.StartsWith("bad_", StringComparison.Ordinal))
            {
                // Names starting bad_ are refused even where an old interpreter let them through (2.7 reads a truncated int).
                Assert.Throws<PycFormatException>(() => reader.Read());
                return;
            }

            var o = reader.Read();
            string expected = MarshalSamples.Canon(System.Text.Json.Nodes.JsonNode.Parse(sample.GetProperty("expect").GetRawText()));
            Assert.Equal(expected, MarshalSamples.Canon(MarshalSamples.Describe(o, v)));
            Assert.Equal(data.Length, reader.Position);
            if (set != "handmade")
            {
                // Round-trip facts: the type code and FLAG_REF as written.
                Assert.Equal((byte)(v >= new PyVersion(3, 4) ? data[0] & 0x7F : data[0]), o.TypeCode);
                Assert.Equal(v >= new PyVersion(3, 4) && (data[0] & 0x80) != 0, o.HasRefFlag);
                Assert.Equal(0, o.SourceOffset);
            }
        }

        [Fact]
        public void SharedObjectsAreOneInstanceWithTheirRefIndex()
        {
            foreach (var v in MarshalSamples.Versions().Where(x => PyVersion.Parse(x) >= new PyVersion(3, 4)))
            {
                var sample = MarshalSamples.Load(v).GetProperty("samples").EnumerateArray().First(s => s.GetProperty("name").GetString() == "shared");
                var data = FixtureCatalog.Hex(sample.GetProperty("hex").GetString()!);
                var list = (PySequence)MarshalReader.ReadObject(data, 0, PyVersion.Parse(v));
                Assert.Same(list.Items[0], list.Items[1]);
                Assert.Same(list.Items[0], list.Items[2]);
                Assert.True(list.Items[0].HasRefFlag);
                Assert.True(list.Items[0].RefIndex >= 0);
            }
        }

        [Fact]
        public void Py2InternedStringsAndStringRefs()
        {
            var sample = MarshalSamples.Load("2.7").GetProperty("samples").EnumerateArray().First(s => s.GetProperty("name").GetString() == "py2interned");
            var data = FixtureCatalog.Hex(sample.GetProperty("hex").GetString()!);
            var t = (PySequence)MarshalReader.ReadObject(data, 0, new PyVersion(2, 7));
            var first = (PyBytes)t.Items[0];
            Assert.True(first.IsInterned);
            Assert.Same(first, t.Items[1]);
            Assert.Equal((byte)'t', first.TypeCode);
        }

        [Fact]
        public void AdjacentLoneSurrogatesKeepTheirCodePoints()
        {
            // The reader keeps two lone surrogates apart (a writer gives the bytes back); from 3.3 (PEP 393) Python
            // does too, while 3.0-3.2 narrow builds hold UTF-16 units, where they meet as one pair.
            foreach (var v in MarshalSamples.Versions().Where(x => x != "2.7"))
            {
                var sample = MarshalSamples.Load(v).GetProperty("handmade").EnumerateArray().First(s => s.GetProperty("name").GetString() == "surrogatepair");
                var s = (PyStr)MarshalReader.ReadObject(FixtureCatalog.Hex(sample.GetProperty("hex").GetString()!), 0, PyVersion.Parse(v));
                bool narrow = PyVersion.Parse(v) < new PyVersion(3, 3);
                Assert.True(s.HasExplicitCodePoints);
                Assert.Equal(2, s.CodePoints.Length);
                Assert.Equal(sample.GetProperty("expect").GetProperty("n").GetInt32(), narrow ? s.Value.Length : s.CodePoints.Length);
            }
        }

        [Fact]
        public void NestingLimitMatchesTheInterpreters()
        {
            foreach (var v in MarshalSamples.Versions())
            {
                var version = PyVersion.Parse(v);
                int limit = MarshalSamples.Load(v).GetProperty("nest_limit").GetInt32();
                // Desktop builds stop at MAX_MARSHAL_STACK_DEPTH 2000; the WebAssembly builds (3.14/3.15 here) at 1500.
                Assert.True(limit <= MarshalReader.MaxDepth - 1, v);
                if (limit > 1500) Assert.Equal(MarshalReader.MaxDepth - 1, limit);
                Assert.IsType<PySequence>(MarshalReader.ReadObject(Nested(version, MarshalReader.MaxDepth - 1), 0, version));
                var e = Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(Nested(version, MarshalReader.MaxDepth), 0, version));
                Assert.Contains("deeper", e.Problem);
            }
        }

        internal static byte[] Nested(PyVersion v, int depth)
        {
            var head = v >= new PyVersion(3, 4) ? new byte[] { (byte)')', 1 } : new byte[] { (byte)'(', 1, 0, 0, 0 };
            var data = new List<byte>();
            for (int i = 0; i < depth; i++) data.AddRange(head);
            data.Add((byte)'N');
            return data.ToArray();
        }
    }
}
