using System.Collections.Generic;
using PyDis.Core.Formatting;

namespace PyDis.Core.Tests.Formatting
{
    /// <summary>Every fixture text variant of every version, byte for byte (code object addresses normalised).</summary>
    public class DisFormatterFixtureTests
    {
        public static IEnumerable<object[]> Cases()
        {
            foreach (var (version, name, variant) in DisFixtures.All())
                yield return new object[] { version, name, variant };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Text_is_byte_identical_to_the_interpreters_dis(string version, string name, string variant)
        {
            var code = DisFixtures.Load(version, name);
            var text = DisFixtures.Render(code, variant);
            string? difference = DisFixtures.Compare(version, name, variant, text);
            if (difference != null && DisFixtures.HasAddressOrderedSet(code))
            {
                // The interpreter's order for such a set is an accident of its memory layout; everything else must match.
                difference = DisFixtures.Compare(version, name, variant, text, maskFrozenSets: true);
                Assert.True(difference is null, $"{version}/{name}.dis/{variant} (frozenset order masked): {difference}");
                return;
            }
            Assert.True(difference is null, $"{version}/{name}.dis/{variant}: {difference}");
        }

        [Fact]
        public void Every_version_with_fixtures_has_default_texts()
        {
            var versions = new HashSet<string>();
            foreach (var (version, _, variant) in DisFixtures.All())
                if (variant == "default") versions.Add(version);
            Assert.Contains("2.7", versions);
            Assert.Contains("3.12", versions);
        }
    }
}
