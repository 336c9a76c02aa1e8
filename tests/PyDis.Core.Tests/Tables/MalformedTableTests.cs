using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PyDis.Core.Decoding;
using PyDis.Core.Model;
using PyDis.Core.CodeTables;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Tables
{
    /// <summary>
    /// Cut or random tables are read as CPython reads them (never an exception), and <see cref="CodeProblems"/>
    /// names the table and an offset inside it.
    /// </summary>
    public class MalformedTableTests
    {
        private static readonly PyVersion[] Versions =
        {
            new PyVersion(2, 7), new PyVersion(3, 0), new PyVersion(3, 3), new PyVersion(3, 5), new PyVersion(3, 6), new PyVersion(3, 8), new PyVersion(3, 10), new PyVersion(3, 11),
            new PyVersion(3, 12), new PyVersion(3, 13), new PyVersion(3, 14), new PyVersion(3, 15),
        };

        /// <summary>Runs every reader (none may throw); returns the first table problem reported, if any.</summary>
        private static CodeProblem? ReadAll(CodeObject code)
        {
            LineTable.FindLineStarts(code);
            LineTable.Lines(code);
            LocationTable.Positions(code);
            ExceptionTable.Parse(code);
            string[] contexts = { "co_lnotab", "co_linetable", "co_exceptiontable" };
            CodeProblem? first = null;
            foreach (var p in CodeProblems.Find(code))
            {
                if (p.Context == "co_code") continue;
                Assert.Contains(p.Context, contexts);
                int length = p.Context == "co_exceptiontable" ? code.ExceptionTable.Length : code.LineTable.Length;
                Assert.InRange(p.Offset, 0, length);
                first ??= p;
            }
            return first;
        }

        private static IEnumerable<CodeObject> EdgeCodes()
        {
            foreach (var file in Directory.GetFiles(Path.Combine(FixtureCatalog.RepoRoot, "tests", "PyDis.Core.Tests", "Tables", "Data"), "*.json"))
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
                var version = TableFixtures.VersionOf(doc.RootElement);
                foreach (var item in doc.RootElement.GetProperty("codes").EnumerateArray())
                    yield return TableFixtures.Build(version, item.GetProperty("co"));
            }
        }

        [Fact]
        public void EveryTruncationOfRealTablesIsReadAndReported()
        {
            int codes = 0, errors = 0;
            foreach (var code in EdgeCodes())
            {
                codes++;
                byte[] line = code.LineTable, exc = code.ExceptionTable;
                for (int k = 0; k < line.Length; k++)
                {
                    code.LineTable = Slice(line, k);
                    if (ReadAll(code) != null) errors++;
                }
                code.LineTable = line;
                for (int k = 0; k < exc.Length; k++)
                {
                    code.ExceptionTable = Slice(exc, k);
                    if (ReadAll(code) != null) errors++;
                }
                code.ExceptionTable = exc;
                // The code cut short under its tables: entries now run past co_code.
                if (code.Code.Length > 2)
                {
                    code.Code = Slice(code.Code, code.Code.Length / 2 & ~1);
                    ReadAll(code);
                }
            }
            Assert.True(codes > 500, $"only {codes} code objects in Data/");
            Assert.True(errors > 0, "no truncation was reported as malformed");
        }

        [Fact]
        public void RandomTablesAreReadWithoutException()
        {
            var rnd = new Random(20261130);
            foreach (var version in Versions)
            {
                for (int i = 0; i < 3000; i++)
                {
                    var code = new CodeObject(version)
                    {
                        Code = new byte[rnd.Next(0, 40) * 2],
                        FirstLineNo = rnd.Next(-5, 3000),
                        LineTable = RandomBytes(rnd, rnd.Next(0, 48)),
                        ExceptionTable = RandomBytes(rnd, rnd.Next(0, 24)),
                    };
                    ReadAll(code);
                }
            }
        }

        [Fact]
        public void ATableOfContinuationBytesEndsNotLoops()
        {
            var bytes = new byte[1 << 20];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = 0x7f;
            var code = new CodeObject(new PyVersion(3, 12)) { Code = new byte[64], ExceptionTable = bytes };
            Assert.Empty(ExceptionTable.Parse(code));
            Assert.Contains(CodeProblems.Find(code), p => p.Context == "co_exceptiontable");

            bytes[0] = 0xf0; // a long-form location entry whose varints never end
            code.LineTable = bytes;
            // co_positions reads the whole rest as the entry's varints: one entry of one code unit.
            Assert.Single(LocationTable.Positions(code));
            var problem = CodeProblems.Find(code).First(p => p.Context == "co_linetable");
            Assert.InRange(problem.Offset, 0, bytes.Length);
        }

        /// <summary>The first problem of each table with the offset inside it (and the reading goes on as CPython's).</summary>
        [Fact]
        public void ProblemsNameTheOffsetInsideTheTable()
        {
            (string, long) First(CodeObject c, string context)
            {
                var p = CodeProblems.Find(c).First(x => x.Context == context);
                return (p.Context, p.Offset);
            }

            // Exception table: one whole entry (start 0, length 1, target 2, depth 0), then a start varint cut after its continuation byte.
            var code = new CodeObject(new PyVersion(3, 11)) { Code = new byte[8], ExceptionTable = new byte[] { 0x80, 0x01, 0x02, 0x00, 0xc0 } };
            Assert.Equal(("co_exceptiontable", 5L), First(code, "co_exceptiontable"));
            Assert.Single(ExceptionTable.Parse(code));  // the cut entry is dropped, as dis does

            // Exception table: an entry whose range ends past co_code (start 2, length 4 units = bytes 4..12 of 8): kept.
            code.ExceptionTable = new byte[] { 0x80, 0x00, 0x00, 0x00, 0x82, 0x04, 0x00, 0x00 };
            Assert.Equal(("co_exceptiontable", 4L), First(code, "co_exceptiontable"));
            Assert.Equal(2, ExceptionTable.Parse(code).Length);

            // Location table: a no-location entry of 3 units, then one of 2 units that passes the 4 units of co_code.
            code.LineTable = new byte[] { 0xfa, 0xf9 };
            Assert.Equal(("co_linetable", 1L), First(code, "co_linetable"));
            Assert.Equal(10, LineTable.Lines(code)[LineTable.Lines(code).Length - 1].End);

            // Location table: a no-location entry, then a short-form entry whose column byte is missing.
            code.LineTable = new byte[] { 0xf8, 0x80 };
            Assert.Equal(("co_linetable", 2L), First(code, "co_linetable"));

            // 3.10 linetable: the second pair ends at byte 10 of 8.
            var code310 = new CodeObject(new PyVersion(3, 10)) { Code = new byte[8], LineTable = new byte[] { 4, 1, 6, 1 } };
            Assert.Equal(("co_linetable", 2L), First(code310, "co_linetable"));

            // lnotab with an odd length: the last pair is cut (and ignored).
            var code39 = new CodeObject(new PyVersion(3, 9)) { Code = new byte[8], LineTable = new byte[] { 2, 1, 2 } };
            Assert.Equal(("co_lnotab", 2L), First(code39, "co_lnotab"));
            Assert.Equal(2, LineTable.FindLineStarts(code39).Length);
        }

        /// <summary>
        /// Location entries of every form, checked byte for byte: those CPython writes (varints of one or more bytes) have
        /// no problem, and each way an entry can be cut or overlong is named where it happens.
        /// </summary>
        [Theory]
        [InlineData(new byte[] { 0xf0, 0x02, 0x00, 0x01, 0x05 }, -1, "")]                    // long form, four one-byte varints
        [InlineData(new byte[] { 0xf0, 0x42, 0x01, 0x00, 0x41, 0x01, 0x05, 0xf8 }, -1, "")]    // long form with two-byte varints
        [InlineData(new byte[] { 0xe8, 0x02, 0xe8, 0x41, 0x01 }, -1, "")]                      // no-column form, one- and two-byte varint
        [InlineData(new byte[] { 0x80, 0x05, 0xd0, 0x03, 0x07, 0xf8 }, -1, "")]                // short form, one-line form, no location
        [InlineData(new byte[] { 0xf0, 0x02, 0x00, 0x01, 0xf8 }, 4, "entry cut short: byte 0xf8 starts the next entry")]
        [InlineData(new byte[] { 0xf0, 0x02, 0x00, 0x01, 0x05, 0x07 }, 5, "byte 0x07 follows a complete entry (skipped, as co_lines does)")]
        [InlineData(new byte[] { 0xf0, 0x02, 0x00, 0x01, 0x45 }, 5, "the table ends inside an entry")]
        [InlineData(new byte[] { 0xe8, 0x42 }, 2, "the table ends inside an entry")]
        [InlineData(new byte[] { 0x80, 0x05, 0x06 }, 2, "byte 0x06 follows a complete entry (skipped, as co_lines does)")]
        [InlineData(new byte[] { 0xd0, 0x03 }, 2, "the table ends inside an entry")]
        [InlineData(new byte[] { 0xf8, 0x05 }, 1, "byte 0x05 follows a complete entry (skipped, as co_lines does)")]
        public void LocationEntriesOfEveryFormAreChecked(byte[] table, long offset, string problem)
        {
            // Each header here is of one code unit: co_code as long as the table covers.
            var code = new CodeObject(new PyVersion(3, 12)) { Code = new byte[2 * table.Count(b => b >= 0x80)], FirstLineNo = 1, LineTable = table };
            var found = CodeProblems.Find(code).FirstOrDefault(p => p.Context == "co_linetable");
            if (offset < 0) Assert.Null(found);
            else
            {
                Assert.NotNull(found);
                Assert.Equal((offset, problem), (found!.Offset, found.Problem));
            }
            LineTable.FindLineStarts(code);  // the co_lines walk meets the same entries
            Assert.Equal(found?.Offset, CodeProblems.Find(code).FirstOrDefault(p => p.Context == "co_linetable")?.Offset);
        }

        private static byte[] Slice(byte[] a, int length)
        {
            var r = new byte[length];
            Array.Copy(a, r, length);
            return r;
        }

        private static byte[] RandomBytes(Random rnd, int n)
        {
            var b = new byte[n];
            rnd.NextBytes(b);
            return b;
        }
    }
}
