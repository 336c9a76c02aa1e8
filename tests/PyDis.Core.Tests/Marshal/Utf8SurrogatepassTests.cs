using System.Text;
using PyDis.Core.Marshal;
using Xunit;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>
    /// marshal's text decoding (CPython: UTF-8 with "surrogatepass"): valid text as .NET's strict UTF-8 decodes it,
    /// encoded surrogates kept, and each kind of invalid byte refused at its file offset.
    /// </summary>
    public class Utf8SurrogatepassTests
    {
        private static PyDis.Core.Model.PyStr Decode(byte[] bytes, long offset = 1000) =>
            Utf8Surrogatepass.Decode(bytes, 0, bytes.Length, offset);

        [Theory]
        [InlineData("caf\u00e9")]
        [InlineData("\u00e9\u00e8\u00ea \u4e2d\u6587 \u20ac")]
        [InlineData("emoji \U0001F600 and \U0001F4A9 at the end \U00010000\U0010FFFF")]
        [InlineData("a long text of more than forty characters with one \u00fc in it, to skip the cache")]
        public void ValidTextIsDecodedAsUtf8(string text)
        {
            var s = Decode(Encoding.UTF8.GetBytes(text));
            Assert.Equal(text, s.Value);
            Assert.False(s.HasExplicitCodePoints);
        }

        [Fact]
        public void AnEncodedSurrogateIsKept()
        {
            // U+D800 alone (ED A0 80): surrogatepass decodes it; one UTF-16 unit, nothing ambiguous.
            var s = Decode(new byte[] { 0x61, 0xED, 0xA0, 0x80, 0x62 });
            Assert.Equal("a\uD800b", s.Value);
            Assert.False(s.HasExplicitCodePoints);
        }

        [Fact]
        public void TwoEncodedSurrogatesKeepTheirCodePoints()
        {
            // U+D83D then U+DE00, each encoded on its own: two code points in Python, which UTF-16 would read as one.
            var s = Decode(new byte[] { 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0xF0, 0x9F, 0x98, 0x80 });
            Assert.Equal("\uD83D\uDE00\uD83D\uDE00", s.Value);
            Assert.True(s.HasExplicitCodePoints);
            Assert.Equal(new[] { 0xD83D, 0xDE00, 0x1F600 }, s.CodePoints);
        }

        [Theory]
        [InlineData(new byte[] { 0x61, 0x80 }, 1001, "invalid start byte 0x80")]
        [InlineData(new byte[] { 0x61, 0x62, 0xC1, 0x81 }, 1002, "invalid start byte 0xc1")]
        [InlineData(new byte[] { 0xC3 }, 1000, "unexpected end of data")]
        [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1001, "unexpected end of data")]
        [InlineData(new byte[] { 0xC3, 0x41 }, 1000, "invalid continuation byte 0x41")]
        [InlineData(new byte[] { 0x61, 0xE0, 0x80, 0x80 }, 1001, "overlong or out-of-range sequence")]
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 1000, "overlong or out-of-range sequence")]
        [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 }, 1000, "invalid start byte 0xf5")]
        public void InvalidBytesAreRefusedWhereTheyAre(byte[] bytes, long offset, string problem)
        {
            var e = Assert.Throws<PycFormatException>(() => Decode(bytes));
            Assert.Equal(offset, e.Offset);
            Assert.Equal("marshal unicode", e.Context);
            Assert.Equal("invalid UTF-8: " + problem, e.Problem);
        }
    }
}
