using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Marshal;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Releases;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>
    /// Hostile input ends in a result or a PycFormatException: truncation at every byte, seeded byte
    /// flips, random bodies, deep nesting, self-references and huge lengths.
    /// </summary>
    public class MalformedInputTests
    {
        // No timing here: a reader that loops never reaches an assertion, so a time check could only fail a
        // slow machine (speed lives in tests/PyDis.Benchmarks; a hang stops CI at its time limit).

        public static IEnumerable<object[]> Versions() => MarshalSamples.Versions().Select(v => new object[] { v });

        /// <summary>
        /// Inputs per version: the py_compile sample pyc, the code sample wrapped in its header, and up to
        /// <paramref name="fixtures"/> fixture pycs of 512-4096 bytes, smallest first.
        /// </summary>
        private static List<byte[]> Inputs(string version, int fixtures)
        {
            var doc = MarshalSamples.Load(version);
            var pyc = FixtureCatalog.Hex(doc.GetProperty("pycs")[0].GetProperty("hex").GetString()!);
            int headerSize = PycFile.Load(pyc).Header!.Size;
            var code = FixtureCatalog.Hex(doc.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("name").GetString() == "code").GetProperty("hex").GetString()!);
            var inputs = new List<byte[]> { pyc, pyc.Take(headerSize).Concat(code).ToArray() };
            string dir = Path.Combine(FixtureCatalog.Root, version);
            if (Directory.Exists(dir))
                inputs.AddRange(Directory.GetFiles(dir, "*.pyc").Select(File.ReadAllBytes)
                    .Where(b => b.Length >= 512 && b.Length <= 4096).OrderBy(b => b.Length).Take(fixtures));
            return inputs;
        }

        private static bool LoadsOrRefuses(byte[] data)
        {
            try
            {
                PycFile.Load(data);
                return true;
            }
            catch (PycFormatException)
            {
                return false;
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void EveryTruncationIsRefused(string version)
        {
            foreach (var data in Inputs(version, 1))
            {
                Assert.True(LoadsOrRefuses(data));
                for (int n = 0; n < data.Length; n++)
                {
                    var cut = new byte[n];
                    Array.Copy(data, cut, n);
                    var e = Assert.Throws<PycFormatException>(() => PycFile.Load(cut));
                    Assert.InRange(e.Offset, 0, n);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void FlippedBytesLoadOrAreRefused(string version)
        {
            // A seed fixed per version (string.GetHashCode differs from run to run), so a failure can be replayed.
            var v = PyVersion.Parse(version);
            var rng = new Random(552 + v.Major * 100 + v.Minor);
            var inputs = Inputs(version, 3);
            int loaded = 0, refused = 0;
            for (int i = 0; i < 3000; i++)
            {
                var data = (byte[])inputs[i % inputs.Count].Clone();
                int flips = 1 + rng.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    // Leave the header alone half the time so most runs reach the marshal reader.
                    int at = rng.Next(i % 2 == 0 ? 16 : 0, data.Length);
                    data[at] = (byte)rng.Next(256);
                }
                if (LoadsOrRefuses(data)) loaded++; else refused++;
            }
            Assert.True(refused > 0 && loaded > 0, $"loaded {loaded}, refused {refused}");
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void FlippedBytecodeDisassemblesOrIsRefused(string version)
        {
            // Code objects that load but hold hostile bytecode and line tables (cut instructions, EXTENDED_ARG runs,
            // unknown opcodes, indexes past their tables): every text, code_info and get_instructions comes out, as
            // dis copes (or, where dis raises, as close as it gets), and CodeProblems names what is odd; never an exception.
            var v = PyVersion.Parse(version);
            var rng = new Random(1999 + v.Major * 100 + v.Minor);
            var sources = Inputs(version, 3).Skip(2).ToList();
            Assert.NotEmpty(sources);
            int printed = 0, odd = 0;
            for (int i = 0; i < 60; i++)
            {
                var root = PycFile.Load(sources[i % sources.Count]).Code;
                foreach (var c in root.Walk())
                {
                    c.Code = Flip(c.Code, rng);
                    if (rng.Next(3) == 0) c.LineTable = Flip(c.LineTable, rng);
                }
                var text = new StringWriter();
                new DisFormatter(v).Write(root, text);
                foreach (var c in root.Walk())
                {
                    new DisFormatter(v).Disassemble(c, text, lasti: 3);
                    _ = CodeDecoder.Decode(c).Count();
                    if (CodeProblems.Find(c).Count > 0) odd++;
                }
                if (Release.Of(v).Format.HasCodeInfo) CodeInfoFormatter.WriteAll(root, text);
                printed++;
            }
            Assert.Equal(60, printed);
            Assert.True(odd > 0, "no flipped code object was reported");
        }

        private static byte[] Flip(byte[] data, Random rng)
        {
            if (data.Length == 0) return data;
            var copy = (byte[])data.Clone();
            int flips = 1 + rng.Next(4);
            for (int f = 0; f < flips; f++) copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
            // Now and then a cut inside an instruction's oparg.
            return rng.Next(4) == 0 ? copy.Take(copy.Length - 1 - rng.Next(Math.Min(copy.Length, 3))).ToArray() : copy;
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void RandomBodiesLoadOrAreRefused(string version)
        {
            var v = PyVersion.Parse(version);
            var rng = new Random(3627);
            // Type codes this version knows, so random bodies get past the first byte.
            byte[] codes = "0NFTS.iIlfgxystuR([<>{c)aAzZr:}".Select(c => (byte)c).ToArray();
            for (int i = 0; i < 2000; i++)
            {
                var body = new byte[1 + rng.Next(64)];
                rng.NextBytes(body);
                for (int j = 0; j < body.Length; j++)
                    if (rng.Next(3) == 0) body[j] = (byte)(codes[rng.Next(codes.Length)] | (rng.Next(4) == 0 ? 0x80 : 0));
                try
                {
                    new MarshalReader(body, 0, v).Read();
                }
                catch (PycFormatException)
                {
                }
            }
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void DeepNestingIsRefusedBeforeTheStackGrows(string version)
        {
            var v = PyVersion.Parse(version);
            foreach (byte open in new[] { (byte)'(', (byte)'[', (byte)'<' })
            {
                var data = new List<byte>();
                for (int i = 0; i < 200_000; i++) data.AddRange(new byte[] { open, 1, 0, 0, 0 });
                data.Add((byte)'N');
                var e = Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(data.ToArray(), 0, v));
                Assert.Equal(MarshalReader.MaxDepth * 5L, e.Offset);
            }
            // Dict values nest too: {'k': {'k': ...}}.
            var dict = new List<byte>();
            for (int i = 0; i < 5000; i++) dict.AddRange(new byte[] { (byte)'{', (byte)'N' });
            Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(dict.ToArray(), 0, v));
        }

        /// <summary>
        /// Code objects nested to the depth limit (each level is a code object and its co_consts tuple) read on a
        /// thread with a 1 MB stack: the reader keeps open containers on its own stack, not the caller's.
        /// </summary>
        [Fact]
        public void NestedCodeToTheLimitFitsASmallStack()
        {
            int levels = MarshalReader.MaxDepth / 2 - 1;
            var data = new List<byte>();
            void I32(int x) => data.AddRange(BitConverter.GetBytes(x));
            void Empty(char c) { data.Add((byte)c); I32(0); }
            void Ascii(string t) { data.Add((byte)'z'); data.Add((byte)t.Length); data.AddRange(t.Select(ch => (byte)ch)); }
            for (int i = 0; i < levels; i++)
            {
                // 3.11+ layout: argcount, posonly, kwonly, stacksize, flags, co_code, co_consts = (child,) ...
                data.Add((byte)'c');
                for (int k = 0; k < 5; k++) I32(0);
                Empty('s');
                data.Add((byte)')');
                data.Add((byte)(i == levels - 1 ? 0 : 1));
            }
            for (int i = 0; i < levels; i++)
            {
                // ... names, localsplusnames, localspluskinds, filename, name, qualname, firstlineno, linetable, exceptiontable.
                data.Add((byte)')'); data.Add(0);
                data.Add((byte)')'); data.Add(0);
                Empty('s');
                Ascii("f.py"); Ascii("f"); Ascii("f");
                I32(1);
                Empty('s');
                Empty('s');
            }
            var bytes = data.ToArray();
            PyObject? result = null;
            Exception? error = null;
            var t = new System.Threading.Thread(() =>
            {
                try { result = MarshalReader.ReadObject(bytes, 0, new PyVersion(3, 12)); }
                catch (Exception e) { error = e; }
            }, 1024 * 1024);
            t.Start();
            t.Join();
            Assert.Null(error);
            var code = ((PyCodeRef)result!).Code;
            Assert.Equal(levels, code.Walk().Count());
        }

        [Fact]
        public void SelfReferencesAreRefused()
        {
            foreach (var v in ReleaseRegistry.Supported.All.Where(r => r.Marshal.Refs).Select(r => r.Version))
            {
                // A tuple, a list and a frozenset (all FLAG_REF) holding a ref to themselves.
                foreach (byte code in new[] { (byte)'(', (byte)'[', (byte)'>' })
                {
                    var data = new byte[] { (byte)(code | 0x80), 1, 0, 0, 0, (byte)'r', 0, 0, 0, 0 };
                    var e = Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(data, 0, v));
                    Assert.Contains("cycle", e.Problem);
                }
                // A ref to an index nobody registered, and one far out of range.
                Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(new byte[] { (byte)'r', 0, 0, 0, 0 }, 0, v));
                Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(new byte[] { (byte)'r', 0xff, 0xff, 0xff, 0x7f }, 0, v));
            }
            // 3.0-3.3 have no refs at all: 'r' is an unknown type code, and FLAG_REF is not a flag.
            Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(new byte[] { (byte)'r', 0, 0, 0, 0 }, 0, new PyVersion(3, 3)));
            Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(new byte[] { (byte)'N' | 0x80 }, 0, new PyVersion(3, 3)));
        }

        [Fact]
        public void HugeLengthsAreRefusedWithoutAllocating()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var v in ReleaseRegistry.Supported.All.Select(r => r.Version))
            {
                foreach (char c in "s([<>ul")
                {
                    foreach (int n in new[] { int.MaxValue, int.MinValue, -1, 1 << 30, 100 })
                    {
                        var data = new byte[] { (byte)c, (byte)n, (byte)(n >> 8), (byte)(n >> 16), (byte)(n >> 24), (byte)'N' };
                        var e = Assert.Throws<PycFormatException>(() => MarshalReader.ReadObject(data, 0, v));
                        Assert.Equal(1, e.Offset);
                    }
                }
            }
            // Lengths up to 2 GiB were announced: refusing them must not have allocated anything near that.
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 16 << 20, allocated + " bytes allocated");
        }
    }
}
