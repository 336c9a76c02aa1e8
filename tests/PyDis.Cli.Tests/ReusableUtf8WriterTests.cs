using System;
using System.IO;
using System.Text;
using PyDis.Cli;

namespace PyDis.Cli.Tests
{
    /// <summary>--output-dir's writer: the bytes StreamWriter (UTF-8, no BOM) would write, file after file, one writer.</summary>
    public sealed class ReusableUtf8WriterTests
    {
        // Text of every shape the writer meets: single chars, strings, the formatter's large blocks, and surrogate
        // pairs (and a lone surrogate) split across its chunk and gathering boundaries.
        private static void WriteMixed(TextWriter w, int size, int seed)
        {
            var rng = new Random(seed);
            int written = 0;
            while (written < size)
            {
                switch (rng.Next(4))
                {
                    case 0: w.Write('x'); written++; break;
                    case 1: w.Write("\U0001F600 é line\n"); written += 10; break;
                    case 2:
                    {
                        var block = new char[rng.Next(1, 70000)];
                        for (int i = 0; i < block.Length; i++) block[i] = (char)('a' + i % 26);
                        block[block.Length - 1] = '\uD83D';   // a pair split between this block and the next write
                        w.Write(block, 0, block.Length);
                        w.Write('\uDE00');
                        written += block.Length + 1;
                        break;
                    }
                    default: w.Write(rng.Next(100) == 0 ? "\uDC00" : new string('y', rng.Next(1, 40000))); written += 20000; break;
                }
            }
        }

        private static byte[] Expected(int size, int seed)
        {
            var ms = new MemoryStream();
            using (var sw = new StreamWriter(ms, new UTF8Encoding(false), 1024)) WriteMixed(sw, size, seed);
            return ms.ToArray();
        }

        [Theory]
        [InlineData(0)]
        [InlineData(100)]
        [InlineData(300_000)]
        [InlineData(3_000_000)]   // beyond the 1 MB the writer gathers: written in parts
        public void Bytes_equal_StreamWriter_file_after_file(int size)
        {
            var writer = new ReusableUtf8Writer();
            for (int file = 0; file < 3; file++)
            {
                var ms = new MemoryStream();
                writer.Start(ms);
                WriteMixed(writer, size, file);
                writer.Finish();
                Assert.Equal(Expected(size, file), ms.ToArray());
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(100)]
        [InlineData(300_000)]
        [InlineData(3_000_000)]
        public void Standard_output_writer_gives_StreamWriters_bytes_in_blocks_of_at_most_64_KB(int size)
        {
            var counting = new CountingStream();
            var writer = ReusableUtf8Writer.ForStream(counting);
            WriteMixed(writer, size, 7);
            writer.Flush();   // pydis flushes before each stderr line: everything so far goes out
            Assert.Equal(Expected(size, 7).Length, counting.Length);
            WriteMixed(writer, size, 8);
            writer.Finish();
            var expected = new MemoryStream();
            using (var sw = new StreamWriter(expected, new UTF8Encoding(false), 1024))
            {
                WriteMixed(sw, size, 7);
                sw.Flush();
                WriteMixed(sw, size, 8);
            }
            Assert.Equal(expected.ToArray(), counting.ToArray());
            Assert.True(counting.Largest <= 64 * 1024, $"a write of {counting.Largest} bytes");
            if (size >= 3_000_000) Assert.True(counting.Writes < 2 * (int)(counting.Length / (32 * 1024)) + 4, $"{counting.Writes} writes");
        }

        [Fact]
        public void Gathers_a_file_into_one_write()
        {
            var writer = new ReusableUtf8Writer();
            var counting = new CountingStream();
            writer.Start(counting);
            for (int i = 0; i < 20_000; i++) writer.Write("  12 LOAD_CONST    0 (None)\n");
            writer.Finish();
            Assert.Equal(1, counting.Writes);
        }

        private sealed class CountingStream : MemoryStream
        {
            public int Writes;
            public int Largest;
            public override void Write(byte[] buffer, int offset, int count)
            {
                Writes++;
                Largest = Math.Max(Largest, count);
                base.Write(buffer, offset, count);
            }
        }
    }
}
