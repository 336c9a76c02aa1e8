using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PyDis.Core.Model;
using PyDis.Core.CodeTables;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Tables
{
    /// <summary>Cut or random tables give a result or a PycFormatException naming the table and an offset inside it; nothing else.</summary>
    public class MalformedTableTests
    {
        private static readonly PyVersion[] Versions =
        {
            new PyVersion(2, 7), new PyVersion(3, 0), new PyVersion(3, 3), new PyVersion(3, 5), new PyVersion(3, 6), new PyVersion(3, 8), new PyVersion(3, 10), new PyVersion(3, 11),
            new PyVersion(3, 12), new PyVersion(3, 13), new PyVersion(3, 14), new PyVersion(3, 15),
        };

        /// <summary>Runs every reader; returns the error when one was raised.</summary>
        private static PycFormatException? ReadAll(CodeObject code)
        {
            try
            {
                LineTable.FindLineStarts(code);
                LineTable.Lines(code);
                LocationTable.Positions(code);
                ExceptionTable.Parse(code);
                return null;
            }
            catch (PycFormatException e)
            {
                string[] contexts = { "co_lnotab", "co_linetable", "co_exceptiontable" };
                Assert.Contains(e.Context, contexts);
                int length = e.Context == "co_exceptiontable" ? code.ExceptionTable.Length : code.LineTable.Length;
                Assert.InRange(e.Offset, 0, length);
                return e;
            }
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
        public void EveryTruncationOfRealTablesIsAResultOrAFormatError()
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
        public void RandomTablesAreAResultOrAFormatError()
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
        public void ATableOfContinuationBytesEndsInAnErrorNotALoop()
        {
            var bytes = new byte[1 << 20];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = 0x7f;
            var code = new CodeObject(new PyVersion(3, 12)) { Code = new byte[64], ExceptionTable = bytes };
            var e = Assert.Throws<PycFormatException>(() => ExceptionTable.Parse(code));
            Assert.Equal("co_exceptiontable", e.Context);

            bytes[0] = 0xf0; // a long-form location entry whose varints never end
            code.LineTable = bytes;
            e = Assert.Throws<PycFormatException>(() => LocationTable.Positions(code));
            Assert.Equal("co_linetable", e.Context);
            Assert.InRange(e.Offset, 1, 16);
        }

        [Fact]
        public void ErrorsNameTheOffsetInsideTheTable()
        {
            // Exception table: one whole entry (start 0, length 1, target 2, depth 0), then a start varint cut after its continuation byte.
            var code = new CodeObject(new PyVersion(3, 11)) { Code = new byte[8], ExceptionTable = new byte[] { 0x80, 0x01, 0x02, 0x00, 0xc0 } };
            var e = Assert.Throws<PycFormatException>(() => ExceptionTable.Parse(code));
            Assert.Equal(("co_exceptiontable", 5L), (e.Context, e.Offset));

            // Exception table: an entry whose range ends past co_code (start 2, length 4 units = bytes 4..12 of 8).
            code.ExceptionTable = new byte[] { 0x80, 0x00, 0x00, 0x00, 0x82, 0x04, 0x00, 0x00 };
            e = Assert.Throws<PycFormatException>(() => ExceptionTable.Parse(code));
            Assert.Equal(("co_exceptiontable", 4L), (e.Context, e.Offset));

            // Location table: a no-location entry of 3 units, then one of 2 units that passes the 4 units of co_code.
            code.LineTable = new byte[] { 0xfa, 0xf9 };
            e = Assert.Throws<PycFormatException>(() => LineTable.Lines(code));
            Assert.Equal(("co_linetable", 1L), (e.Context, e.Offset));

            // Location table: a no-location entry, then a short-form entry whose column byte is missing.
            code.LineTable = new byte[] { 0xf8, 0x80 };
            e = Assert.Throws<PycFormatException>(() => LocationTable.Positions(code));
            Assert.Equal(("co_linetable", 2L), (e.Context, e.Offset));

            // 3.10 linetable: the second pair ends at byte 10 of 8.
            var code310 = new CodeObject(new PyVersion(3, 10)) { Code = new byte[8], LineTable = new byte[] { 4, 1, 6, 1 } };
            e = Assert.Throws<PycFormatException>(() => LineTable.FindLineStarts(code310));
            Assert.Equal(("co_linetable", 2L), (e.Context, e.Offset));

            // lnotab with an odd length: the last pair is cut.
            var code39 = new CodeObject(new PyVersion(3, 9)) { Code = new byte[8], LineTable = new byte[] { 2, 1, 2 } };
            e = Assert.Throws<PycFormatException>(() => LineTable.FindLineStarts(code39));
            Assert.Equal(("co_lnotab", 2L), (e.Context, e.Offset));
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
