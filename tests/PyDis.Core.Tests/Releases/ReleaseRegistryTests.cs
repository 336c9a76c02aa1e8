using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core.Releases;
using Xunit;

namespace PyDis.Core.Tests.Releases
{
    public class ReleaseRegistryTests
    {
        private static readonly PyVersion V316 = new PyVersion(3, 16);

        public static IEnumerable<object[]> SupportedVersions() =>
            SupportedReleases.Entries().Select(e => new object[] { e.Version.ToString() });

        [Fact]
        public void AMadeUpReleaseWithNothingNamesEveryPieceItLacks()
        {
            var entry = new ReleaseEntry(V316);
            Assert.Equal(new[]
            {
                "a release magic number (pyc rules)",
                "an opcode table",
                "a stack-effect table (or a declaration that it has none)",
                "marshal rules",
                "decode rules",
                "table rules",
                "format rules",
                "repr rules",
                "flow rules",
            }, ReleaseRegistry.MissingPieces(entry));

            var e = Assert.Throws<ArgumentException>(() => new ReleaseRegistry(new[] { entry }));
            Assert.StartsWith("Incomplete release registry: Python 3.16 lacks a release magic number (pyc rules), an opcode table", e.Message);
            foreach (var piece in ReleaseRegistry.MissingPieces(entry)) Assert.Contains(piece, e.Message);
        }

        [Fact]
        public void TheStandardRulesLeaveTheMagicTheOpcodeTableAndTheUnicodeVersionToTheEntry()
        {
            // The rules a new release inherits from the newest era: what remains is what the registry entry says.
            var entry = ReleaseEntry.WithStandardRules(V316, unicodeVersion: null);
            Assert.Equal(new[]
            {
                "a release magic number (pyc rules)",
                "an opcode table",
                "a stack-effect table (or a declaration that it has none)",
                "a Unicode version (repr rules)",
            }, ReleaseRegistry.MissingPieces(entry));
        }

        [Fact]
        public void RulesOfAnotherReleaseAreNamed()
        {
            var entry = ReleaseEntry.WithStandardRules(V316, "17.0");
            entry.Magics.Add(MagicSpec.Final(3700, "3.16"));
            entry.OpcodeTable = () => Release.Of(new PyVersion(3, 15)).Opcodes;
            entry.StackEffectTableAbsent = true;
            entry.Decode = ReleaseEntry.WithStandardRules(new PyVersion(3, 15), "17.0").Decode;
            Assert.Equal(new[] { "DecodeRules of its own version (they are 3.15's)" }, ReleaseRegistry.MissingPieces(entry));
        }

        [Fact]
        public void ATestOnlyRegistryWithAMadeUpReleaseWorksOnceEveryPieceIsThere()
        {
            var e315 = ReleaseEntry.WithStandardRules(new PyVersion(3, 15), "17.0");
            e315.Magics.Add(MagicSpec.Final(3666, "3.15"));
            e315.OpcodeTable = () => Release.Of(new PyVersion(3, 15)).Opcodes;
            e315.StackEffectTable = () => Release.Of(new PyVersion(3, 15)).StackEffects;
            var e316 = ReleaseEntry.WithStandardRules(V316, "17.0");
            e316.Magics.Add(MagicSpec.Pre("3.16a1", 3700, 3701));
            e316.Magics.Add(MagicSpec.Final(3702, "3.16"));
            e316.OpcodeTable = () => Release.Of(new PyVersion(3, 15)).Opcodes;
            e316.StackEffectTableAbsent = true;

            var registry = new ReleaseRegistry(new[] { e316, e315 });
            Assert.Equal(new[] { "3.15", "3.16" }, registry.All.Select(r => r.Version.ToString()));
            Assert.Equal("3.15-3.16", registry.RangeText(" and "));
            Assert.Equal("3.15", registry.RangeText(", ", r => r.HasStackEffects));
            Assert.True(registry.TryGetMagic(3701, out var magic));
            Assert.Equal(V316, magic.Version);
            Assert.Equal(16, magic.HeaderSize);
            Assert.Equal(3702, registry.Get(V316).Pyc.ReleaseMagic);
            var noTable = Assert.Throws<NotSupportedException>(() => registry.Get(V316).StackEffects);
            Assert.Contains("no stack-effect table for Python 3.16", noTable.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => registry.Get(new PyVersion(3, 14)));
            Assert.Equal(new PyVersion(3, 15), registry.Get(new PyVersion(3, 15)).Opcodes.Version);
        }

        [Fact]
        public void RepeatedVersionsAndMagicsAreRefused()
        {
            ReleaseEntry Make(int minor, int magic)
            {
                var e = ReleaseEntry.WithStandardRules(new PyVersion(3, minor), "17.0");
                e.Magics.Add(MagicSpec.Final(magic, "3." + minor));
                e.OpcodeTable = () => Release.Of(new PyVersion(3, 15)).Opcodes;
                e.StackEffectTableAbsent = true;
                return e;
            }
            Assert.Contains("Python 3.16 is listed twice", Assert.Throws<ArgumentException>(() => new ReleaseRegistry(new[] { Make(16, 3700), Make(16, 3701) })).Message);
            Assert.Contains("magic number 3700 is listed for Python 3.16 and 3.17", Assert.Throws<ArgumentException>(() => new ReleaseRegistry(new[] { Make(16, 3700), Make(17, 3700) })).Message);
        }

        [Theory]
        [MemberData(nameof(SupportedVersions))]
        public void EverySupportedReleaseHasEveryPiece(string version)
        {
            var entry = SupportedReleases.Entries().Single(e => e.Version.ToString() == version);
            Assert.Empty(ReleaseRegistry.MissingPieces(entry));
            var release = ReleaseRegistry.Supported.Get(entry.Version);
            Assert.Same(release, Release.Of(entry.Version));
            Assert.NotEmpty(release.Pyc.ReleaseMagics);
            foreach (var m in release.Pyc.Magics)
            {
                Assert.True(ReleaseRegistry.Supported.TryGetMagic(m.Magic, out var found));
                Assert.Same(m, found);
            }
            Assert.Equal(release.Version, release.Opcodes.Version);
            if (release.HasStackEffects) Assert.Equal(release.Version, release.StackEffects.Version);
            else Assert.True(entry.StackEffectTableAbsent);
            foreach (var v in new object[] { release.Marshal.Version, release.Decode.Version, release.Tables.Version, release.Format.Version, release.Repr.Version })
                Assert.Equal(release.Version, v);
        }

        [Fact]
        public void SupportedRangeTextsComeFromTheList()
        {
            var supported = ReleaseRegistry.Supported;
            Assert.Equal(new[] { "2.7", "3.0-3.15" }, supported.Ranges());
            Assert.Equal("2.7 and 3.0-3.15", supported.RangeText(" and "));
            Assert.Equal("2.7, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14, 3.15", supported.VersionList());
            Assert.Equal(new PyVersion(2, 7), supported.Oldest.Version);
            Assert.Equal(new PyVersion(3, 15), supported.Newest.Version);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => supported.Get(new PyVersion(2, 6)));
            Assert.Contains("PyDis does not read Python 2.6; it reads 2.7 and 3.0-3.15.", e.Message);
        }

        [Fact]
        public void FeaturesNameTheReleaseThatIntroducedThem()
        {
            var first = new Dictionary<DisFeature, string>();
            foreach (DisFeature f in Enum.GetValues(typeof(DisFeature)))
                first[f] = ReleaseRegistry.Supported.First(r => r.Format.Has(f))!.Version.ToString();
            Assert.Equal("3.11", first[DisFeature.ShowCaches]);
            Assert.Equal("3.13", first[DisFeature.ShowOffsets]);
            Assert.Equal("3.14", first[DisFeature.ShowPositions]);
            Assert.Equal("3.7", first[DisFeature.Depth]);
            Assert.Equal("3.2", first[DisFeature.CodeInfo]);
        }
    }
}
