using System.Collections.Generic;
using System.Globalization;
using PyDis.Core.Formatting;
using Xunit;

namespace PyDis.Core.Tests.Formatting
{
    /// <summary>The buffer's numbers and padding against .NET's own formatting of the same values.</summary>
    public class TextBufferTests
    {
        private static readonly long[] Values =
        {
            0, 1, 9, 10, 42, 99, 100, 101, 999, 1000, 1234, 9999, 10000, 10001, 65535, 99999, 123456789,
            uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue, -1, -9, -10, -9999, -10000, int.MinValue, long.MinValue,
        };

        public static IEnumerable<object[]> ValuesAndWidths()
        {
            foreach (long v in Values)
                foreach (int width in new[] { -3, 0, 1, 3, 4, 5, 15, 16, 17, 20, 40 })
                    yield return new object[] { v, width };
        }

        [Theory]
        [MemberData(nameof(ValuesAndWidths))]
        public void PadLeftIsReprRjust(long value, int width)
        {
            var buf = new TextBuffer();
            buf.Append("ab");
            buf.PadLeft(value, width);
            buf.Append('|');
            string digits = value.ToString(CultureInfo.InvariantCulture);
            Assert.Equal("ab" + digits.PadLeft(System.Math.Max(width, 0)) + "|", buf.ToString());
        }

        [Theory]
        [InlineData(0, 4, 0)]
        [InlineData(7, 4, 12)]
        [InlineData(1234, 4, 12)]
        [InlineData(12345, 4, 12)]
        [InlineData(5, 0, 16)]
        [InlineData(5, -10, 20)]
        [InlineData(99, 3, 30)]
        [InlineData(-7, 4, 3)]
        public void PadLeftWithExtraSpacesPutsThemFirst(long value, int width, int extra)
        {
            var buf = new TextBuffer();
            buf.Append('[');
            buf.PadLeft(value, width, extra);
            buf.Append(']');
            string digits = value.ToString(CultureInfo.InvariantCulture);
            Assert.Equal("[" + new string(' ', extra) + digits.PadLeft(System.Math.Max(width, 0)) + "]", buf.ToString());
        }

        [Theory]
        [InlineData("LOAD_CONST", 20, 0)]
        [InlineData("LOAD_CONST", 20, 1)]
        [InlineData("CALL_INTRINSIC_1_LONGER_THAN_WIDTH", 20, 1)]
        [InlineData("", 5, 2)]
        [InlineData("abc", 40, 3)]
        public void PadRightWithExtraSpacesPutsThemAfter(string text, int width, int extra)
        {
            var buf = new TextBuffer();
            buf.Append('[');
            buf.PadRight(text, width, extra);
            buf.Append(']');
            Assert.Equal("[" + text.PadRight(width) + new string(' ', extra) + "]", buf.ToString());
        }

        [Fact]
        public void AppendIntIsRepr()
        {
            var buf = new TextBuffer();
            var expected = new System.Text.StringBuilder();
            foreach (long v in Values)
            {
                buf.AppendInt(v);
                buf.Append(',');
                expected.Append(v.ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            for (long v = -20; v < 12000; v += 7)
            {
                buf.AppendInt(v);
                buf.Append(' ');
                expected.Append(v.ToString(CultureInfo.InvariantCulture)).Append(' ');
            }
            Assert.Equal(expected.ToString(), buf.ToString());
        }

        [Fact]
        public void PaddingNearTheEndOfTheBufferGrowsItWithoutLosingText()
        {
            // Padding is written 16 chars at a time past the text: every length up to and past the initial capacity.
            var buf = new TextBuffer();
            var expected = new System.Text.StringBuilder();
            for (int i = 0; i < 3000; i++)
            {
                int pad = i % 23;
                buf.Spaces(pad);
                buf.PadLeft(i, i % 19);
                buf.Append('x');
                expected.Append(' ', pad).Append(i.ToString(CultureInfo.InvariantCulture).PadLeft(i % 19)).Append('x');
            }
            Assert.Equal(expected.ToString(), buf.ToString());
        }
    }
}
