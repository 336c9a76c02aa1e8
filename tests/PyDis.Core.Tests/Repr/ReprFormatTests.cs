using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Repr;
using PyDis.Core.Repr.Generated;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Repr
{
    public class ReprFormatTests
    {
        private static readonly Regex AllDigits = new Regex(@"^-?[0-9]+$");

        /// <summary>3.0 prints floats with "%.17g", adding ".0" to an all-digit result (format_double).</summary>
        [Fact]
        public void Python30FloatReprIsPercentG17()
        {
            using var doc = FixtureCatalog.ReadDump("repr", "floats");
            int n = 0;
            foreach (var sample in doc.RootElement.GetProperty("g17").EnumerateArray())
            {
                double v = BitConverter.ToDouble(Convert.FromHexString(sample[0].GetString()!), 0);
                string g = sample[1].GetString()!;
                string expected = AllDigits.IsMatch(g) ? g + ".0" : g;
                Assert.Equal(expected, PyRepr.Repr(new PyFloat(v), new PyVersion(3, 0)));
                n++;
            }
            Assert.True(n > 300);
        }

        /// <summary>
        /// The integer shortest-digits algorithm (used where the runtime's "R" is not shortest, e.g. .NET Framework)
        /// agrees with .NET's shortest "R" on random doubles of every magnitude; the interpreter samples check
        /// the path this runtime takes.
        /// </summary>
        [Fact]
        public void ExactShortestDigitsAgreeWithRuntimeShortest()
        {
            Assert.True(FloatFormat.RuntimeIsShortest);
            var rng = new Random(20261130);
            var bytes = new byte[8];
            for (int i = 0; i < 20000; i++)
            {
                double v;
                if (i % 2 == 0)
                {
                    rng.NextBytes(bytes);
                    v = Math.Abs(BitConverter.ToDouble(bytes, 0));
                    if (double.IsNaN(v) || double.IsInfinity(v) || v == 0) continue;
                }
                else v = Math.Round(rng.NextDouble() * Math.Pow(10, rng.Next(-8, 12)), rng.Next(0, 10));
                if (v == 0) continue;
                FloatFormat.Shortest(v, out string exact, out int exactPt);
                if (!FloatFormat.TryRuntimeShortest(v, out string fast, out int fastPt)) continue;
                Assert.Equal((fast, fastPt), (exact, exactPt));
            }
        }

        /// <summary>Powers of two: the asymmetric round-trip interval, through PyRepr and through the integer algorithm.</summary>
        [Fact]
        public void PowersOfTwoMatchTheInterpreter()
        {
            using var doc = FixtureCatalog.ReadDump("repr", "floats");
            int n = 0;
            foreach (var sample in doc.RootElement.GetProperty("pow2").EnumerateArray())
            {
                int k = sample[0].GetInt32();
                string expected = sample[1].GetString()!;
                double v = k < -1022 ? BitConverter.Int64BitsToDouble(1L << (k + 1074)) : BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
                Assert.Equal(expected, PyRepr.Repr(new PyFloat(v), new PyVersion(3, 12)));
                FloatFormat.Shortest(v, out string digits, out int decpt);
                Assert.Equal(expected, ReprOf(digits, decpt));
                n++;
            }
            Assert.Equal(2098, n);
        }

        private static string ReprOf(string digits, int decpt)
        {
            // Python's repr layout for a positive float, from its digits (format_float_short, 'r').
            if (decpt > -4 && decpt <= 16)
            {
                if (decpt <= 0) return "0." + new string('0', -decpt) + digits;
                if (decpt >= digits.Length) return digits + new string('0', decpt - digits.Length) + ".0";
                return digits.Substring(0, decpt) + "." + digits.Substring(decpt);
            }
            int e = decpt - 1;
            return digits.Substring(0, 1) + (digits.Length > 1 ? "." + digits.Substring(1) : "") + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00");
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
            // Every Python 3 release names a Unicode version the table has a level for.
            foreach (var r in PyDis.Core.Releases.ReleaseRegistry.Supported.All.Where(r => !r.Repr.Python2Objects))
                Assert.True(Array.IndexOf(PrintableTable.UnicodeVersions, r.Repr.UnicodeVersion) >= 0, $"Python {r.Version}: Unicode {r.Repr.UnicodeVersion} has no printable level");
        }

        [Fact]
        public void StringBuilderOverloadAppends()
        {
            var sb = new StringBuilder("x=");
            var tuple = new PySequence(PyKind.Tuple, new PyObject[] { new PyStr("a'b"), new PyInt(1) });
            PyRepr.Repr(sb, tuple, new PyVersion(3, 12));
            Assert.Equal("x=" + PyRepr.Repr(tuple, new PyVersion(3, 12)), sb.ToString());
        }
    }
}
