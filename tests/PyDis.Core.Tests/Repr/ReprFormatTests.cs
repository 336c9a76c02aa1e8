using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Core;
using PyDis.Core.Marshal;
using PyDis.Core.Repr;
using PyDis.Core.Repr.Generated;

namespace PyDis.Core.Tests.Repr
{
    public class ReprFormatTests
    {
        private static readonly Regex AllDigits = new Regex(@"^-?[0-9]+$");

        /// <summary>3.0 prints floats with "%.17g", adding ".0" to an all-digit result (format_double).</summary>
        [Fact]
        public void Python30FloatReprIsPercentG17()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReprSampleTests.FixturesDir(), "repr", "g17.json")));
            int n = 0;
            foreach (var sample in doc.RootElement.GetProperty("samples").EnumerateArray())
            {
                double v = BitConverter.ToDouble(Convert.FromHexString(sample[0].GetString()!), 0);
                string g = sample[1].GetString()!;
                string expected = AllDigits.IsMatch(g) ? g + ".0" : g;
                Assert.Equal(expected, PyRepr.Repr(new PyFloat(v), PyVersion.V3_0));
                n++;
            }
            Assert.True(n > 300);
        }

        [Fact]
        public void PrintableTableIsAscendingAndCoversEveryRelease()
        {
            var starts = PrintableTable.Starts;
            Assert.Equal(0, starts[0]);
            Assert.Equal(starts.Length, PrintableTable.Since.Length);
            for (int i = 1; i < starts.Length; i++)
            {
                Assert.True(starts[i] > starts[i - 1]);
                Assert.NotEqual(PrintableTable.Since[i], PrintableTable.Since[i - 1]);
            }
            Assert.True(starts[starts.Length - 1] < 0x110000);
            Assert.Equal(16, PrintableTable.LevelByMinor.Length);
        }

        [Fact]
        public void StringBuilderOverloadAppends()
        {
            var sb = new StringBuilder("x=");
            var tuple = new PySequence(PyKind.Tuple, new PyObject[] { new PyStr("a'b"), new PyInt(1) });
            PyRepr.Repr(sb, tuple, PyVersion.V3_12);
            Assert.Equal("x=" + PyRepr.Repr(tuple, PyVersion.V3_12), sb.ToString());
        }
    }
}
