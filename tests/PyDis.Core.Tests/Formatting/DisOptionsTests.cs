using System;
using PyDis.Core.Formatting;

namespace PyDis.Core.Tests.Formatting
{
    /// <summary>Options a version's dis does not have are refused before any output, naming the option.</summary>
    public class DisOptionsTests
    {
        [Theory]
        [InlineData("3.10", "show_caches")]
        [InlineData("3.12", "show_offsets")]
        [InlineData("3.13", "show_positions")]
        [InlineData("3.6", "depth")]
        [InlineData("2.7", "depth")]
        public void An_option_the_version_lacks_is_an_ArgumentException(string version, string option)
        {
            var options = new DisOptions
            {
                ShowCaches = option == "show_caches",
                ShowOffsets = option == "show_offsets",
                ShowPositions = option == "show_positions",
                Depth = option == "depth" ? 1 : null,
            };
            var e = Assert.Throws<ArgumentException>(() => new DisFormatter(PyVersion.Parse(version), options));
            Assert.Contains(option, e.Message);
            Assert.Contains(version, e.Message);
        }

        [Theory]
        [InlineData("3.11")]
        [InlineData("3.13")]
        [InlineData("3.15")]
        public void Options_the_version_has_are_accepted(string version)
        {
            var v = PyVersion.Parse(version);
            var f = new DisFormatter(v, new DisOptions { ShowCaches = true, Depth = 0, ShowOffsets = v >= new PyVersion(3, 13), ShowPositions = v >= new PyVersion(3, 14) });
            Assert.Equal(v, f.Version);
        }

        [Fact]
        public void A_code_object_of_another_version_is_refused()
        {
            var code = DisFixtures.Load("3.12", "core_control");
            Assert.Throws<ArgumentException>(() => new DisFormatter(new PyVersion(3, 13)).Format(code));
        }

        [Fact]
        public void Code_info_does_not_exist_before_3_2()
        {
            var code = DisFixtures.Load("2.7", "core_control");
            var e = Assert.Throws<ArgumentException>(() => CodeInfoFormatter.Format(code));
            Assert.Contains("code_info", e.Message);
        }
    }
}
