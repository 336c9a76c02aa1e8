using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PyDis.Core;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Tests.Fixtures
{
    /// <summary>One interpreter-produced fixture: tests/fixtures/&lt;X.Y&gt;/&lt;Name&gt;.pyc with its JSON and dis texts.</summary>
    public sealed class Fixture
    {
        internal Fixture(PyVersion version, string name, string folder)
        {
            Version = version;
            Name = name;
            PycPath = Path.Combine(folder, name + ".pyc");
            JsonPath = Path.Combine(folder, name + ".json");
            DisDir = Path.Combine(folder, name + ".dis");
        }

        public PyVersion Version { get; }
        public string Name { get; }
        public string PycPath { get; }
        public string JsonPath { get; }
        public string DisDir { get; }

        /// <summary>The variants written for this fixture (default, C, O, P, COP, depth0, info, lasti, walk, ...).</summary>
        public IReadOnlyList<string> Variants =>
            Directory.Exists(DisDir)
                ? Directory.GetFiles(DisDir)
                    .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".sha256", StringComparison.Ordinal))
                    .Select(Path.GetFileNameWithoutExtension).Select(n => n!)
                    .OrderBy(n => n, StringComparer.Ordinal).ToArray()
                : Array.Empty<string>();

        public byte[] ReadPyc() => File.ReadAllBytes(PycPath);

        public JsonDocument ReadJson() => JsonDocument.Parse(File.ReadAllBytes(JsonPath));

        /// <summary>The expected text of a variant, or null when this fixture has no such variant.</summary>
        public FixtureText? Text(string variant)
        {
            var txt = Path.Combine(DisDir, variant + ".txt");
            if (File.Exists(txt)) return FixtureText.FromText(variant, File.ReadAllText(txt, new UTF8Encoding(false)));
            var sha = Path.Combine(DisDir, variant + ".sha256");
            if (File.Exists(sha)) return FixtureText.FromDigestFile(variant, File.ReadAllText(sha));
            return null;
        }

        public override string ToString() => Version + "/" + Name;
    }

    /// <summary>
    /// An expected dis text. Texts over 1 MB are stored as "&lt;sha256&gt; &lt;byte length&gt;" of their UTF-8 bytes;
    /// <see cref="Matches"/> handles both forms.
    /// </summary>
    public sealed class FixtureText
    {
        private FixtureText(string variant, string? text, string sha256, long length)
        {
            Variant = variant;
            Content = text;
            Sha256 = sha256;
            Length = length;
        }

        public string Variant { get; }

        /// <summary>The full text, or null when only its digest is stored.</summary>
        public string? Content { get; }

        public bool IsDigestOnly => Content == null;
        public string Sha256 { get; }
        public long Length { get; }

        internal static FixtureText FromText(string variant, string text)
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            return new FixtureText(variant, text, FixtureCatalog.Sha256(bytes), bytes.Length);
        }

        internal static FixtureText FromDigestFile(string variant, string line)
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length != 2 || parts[0].Length != 64 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                throw new InvalidDataException($"'{variant}.sha256' must hold '<sha256> <length>', not '{line.Trim()}'.");
            return new FixtureText(variant, null, parts[0], length);
        }

        public bool Matches(string actual)
        {
            if (Content != null) return string.Equals(Content, actual, StringComparison.Ordinal);
            var bytes = new UTF8Encoding(false).GetBytes(actual);
            return bytes.Length == Length && FixtureCatalog.Sha256(bytes) == Sha256;
        }
    }

    /// <summary>
    /// A fixture source and the versions its first-line gate ("# pydis-fixture: min=3.8 max=3.x skip=3.9") admits.
    /// A gate naming a build (build=3.5.2+) is compiled by that second build of its version, beside the main build's
    /// fixtures of the same version.
    /// </summary>
    public sealed class FixtureSource
    {
        public FixtureSource(string name, PyVersion min, PyVersion? max, IReadOnlyList<PyVersion>? skip = null, string? build = null)
        {
            Name = name;
            Min = min;
            Max = max;
            Skip = skip ?? Array.Empty<PyVersion>();
            Build = build;
        }

        public string Name { get; }
        public PyVersion Min { get; }
        public PyVersion? Max { get; }
        /// <summary>Versions between <see cref="Min"/> and <see cref="Max"/> that lack the source's syntax.</summary>
        public IReadOnlyList<PyVersion> Skip { get; }
        /// <summary>The interpreter build that compiles the source (null: the version's main build).</summary>
        public string? Build { get; }

        public bool CompilesOn(PyVersion v) => v >= Min && (Max == null || v <= Max.Value) && !Skip.Contains(v);

        public static FixtureSource Parse(string name, string firstLine)
        {
            PyVersion min = new PyVersion(2, 7);
            PyVersion? max = null;
            var skip = new List<PyVersion>();
            string? build = null;
            const string marker = "# pydis-fixture:";
            if (firstLine.StartsWith(marker, StringComparison.Ordinal))
            {
                foreach (var item in firstLine.Substring(marker.Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = item.IndexOf('=');
                    if (eq < 0) continue;
                    var key = item.Substring(0, eq);
                    var value = item.Substring(eq + 1);
                    if (key == "min") min = PyVersion.Parse(value);
                    else if (key == "max") max = PyVersion.Parse(value);
                    else if (key == "skip") skip.AddRange(value.Split(',').Select(PyVersion.Parse));
                    else if (key == "build") build = value;
                }
            }
            return new FixtureSource(name, min, max, skip, build);
        }
    }

    /// <summary>
    /// Finds tests/fixtures from the test binary (walking up to the repository root) and enumerates it.
    /// Layout and schema: tests/fixtures/README.md.
    /// </summary>
    public static class FixtureCatalog
    {
        /// <summary>
        /// The interpreters the fixtures come from, oldest first: every release PyDis reads, so a release added to
        /// the registry fails the inventory until its interpreter's fixtures are checked in.
        /// </summary>
        public static readonly IReadOnlyList<PyVersion> Versions = ReleaseRegistry.Supported.All.Select(r => r.Version).ToArray();

        /// <summary>Sources the generator writes (not committed) and every version compiles.</summary>
        public static readonly IReadOnlyList<string> GeneratedSources = new[] { "long_jump" };

        private static readonly Lazy<string> LazyRoot = new Lazy<string>(() => FindRoot(AppContext.BaseDirectory));

        /// <summary>The tests/fixtures folder.</summary>
        public static string Root => LazyRoot.Value;

        /// <summary>The repository (the folder holding tests/fixtures).</summary>
        public static string RepoRoot => Path.GetDirectoryName(Path.GetDirectoryName(Root))!;

        public static string FindRoot(string start)
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "fixtures");
                if (File.Exists(Path.Combine(candidate, "README.md")) && Directory.Exists(Path.Combine(candidate, "sources")))
                    return candidate;
            }
            throw new DirectoryNotFoundException($"No tests/fixtures folder above {start}.");
        }

        public static string VersionFolder(PyVersion version, string? root = null) => Path.Combine(root ?? Root, version.ToString());

        /// <summary>Every fixture of every version, in version then name order.</summary>
        public static IEnumerable<Fixture> All(string? root = null) => Versions.SelectMany(v => ForVersion(v, root));

        public static IEnumerable<Fixture> ForVersion(PyVersion version, string? root = null)
        {
            var folder = VersionFolder(version, root);
            if (!Directory.Exists(folder)) return Enumerable.Empty<Fixture>();
            return Directory.GetFiles(folder, "*.pyc")
                .Select(p => Path.GetFileNameWithoutExtension(p)!)
                .OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new Fixture(version, n, folder))
                .ToArray();
        }

        public static Fixture Get(PyVersion version, string name, string? root = null)
        {
            var fixture = new Fixture(version, name, VersionFolder(version, root));
            if (!File.Exists(fixture.PycPath)) throw new FileNotFoundException($"No fixture {fixture}.", fixture.PycPath);
            return fixture;
        }

        /// <summary>The bytes of a hex field of the fixture JSON (co_code, pyc, ...).</summary>
        public static byte[] Hex(string hex) => Convert.FromHexString(hex);

        /// <summary>The versions with a dump tests/fixtures/&lt;kind&gt;/&lt;X.Y&gt;.json (decoder, marshal, opcodes, repr), oldest first.</summary>
        public static IReadOnlyList<string> DumpVersions(string kind) =>
            Directory.GetFiles(Path.Combine(Root, kind), "*.json")
                .Select(p => Path.GetFileNameWithoutExtension(p)!)
                .Where(n => PyVersion.TryParse(n, out _))
                .OrderBy(n => PyVersion.Parse(n)).ToArray();

        /// <summary>tests/fixtures/&lt;kind&gt;/&lt;name&gt;.json, parsed (the caller disposes it).</summary>
        public static JsonDocument ReadDump(string kind, string name) =>
            JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, kind, name + ".json")));

        /// <summary>Lower-case hex SHA-256, as the generator writes digests of large texts and fields.</summary>
        public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

        /// <summary>The build whose hashes order frozensets in a version's fixtures: 3.14/3.15 come from Pyodide (wasm32).</summary>
        public static PyHashBuild HashBuildFor(PyVersion version) =>
            version >= new PyVersion(3, 14) ? PyHashBuild.Pyodide : PyHashBuild.Native64;

        /// <summary>xunit MemberData rows: (version "X.Y") for every fixture interpreter.</summary>
        public static IEnumerable<object[]> VersionTheoryData() => Versions.Select(v => new object[] { v.ToString() });

        /// <summary>xunit MemberData rows: (version "X.Y", fixture name).</summary>
        public static IEnumerable<object[]> TheoryData() => All().Select(f => new object[] { f.Version.ToString(), f.Name });

        /// <summary>xunit MemberData rows (version, name, variant) for every stored dis text.</summary>
        public static IEnumerable<object[]> TextTheoryData() =>
            All().SelectMany(f => f.Variants.Select(v => new object[] { f.Version.ToString(), f.Name, v }));

        /// <summary>The committed sources with their gates, plus the generated ones.</summary>
        public static IReadOnlyList<FixtureSource> Sources(string? root = null)
        {
            var folder = Path.Combine(root ?? Root, "sources");
            var list = Directory.GetFiles(folder, "*.py")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => FixtureSource.Parse(Path.GetFileNameWithoutExtension(p)!, File.ReadLines(p).FirstOrDefault() ?? ""))
                .ToList();
            list.AddRange(GeneratedSources.Select(n => new FixtureSource(n, new PyVersion(2, 7), null)));
            return list;
        }

        /// <summary>
        /// Everything that breaks the inventory rules in a fixtures folder: a missing version folder, a .pyc
        /// without .json or default text, a .json without .pyc, a source without its .pyc on a version its
        /// gate admits, a .pyc without a source, a JSON whose version is not its folder's.
        /// </summary>
        public static IReadOnlyList<string> FindProblems(string? root = null)
        {
            root ??= Root;
            var problems = new List<string>();
            var sources = Sources(root);
            foreach (var version in Versions)
            {
                var folder = VersionFolder(version, root);
                if (!Directory.Exists(folder))
                {
                    problems.Add($"{version}: version folder missing");
                    continue;
                }
                var pycs = Directory.GetFiles(folder, "*.pyc").Select(p => Path.GetFileNameWithoutExtension(p)!).ToList();
                var jsons = Directory.GetFiles(folder, "*.json").Select(p => Path.GetFileNameWithoutExtension(p)!).ToList();
                foreach (var name in pycs.Except(jsons)) problems.Add($"{version}/{name}.pyc has no .json");
                foreach (var name in jsons.Except(pycs)) problems.Add($"{version}/{name}.json has no .pyc");
                foreach (var source in sources.Where(s => s.CompilesOn(version)))
                    if (!pycs.Contains(source.Name)) problems.Add($"{version}: source {source.Name}.py has no .pyc");
                foreach (var name in pycs.Where(n => sources.All(s => s.Name != n)))
                    problems.Add($"{version}/{name}.pyc has no source");
                foreach (var fixture in ForVersion(version, root))
                {
                    if (fixture.Text("default") == null) problems.Add($"{fixture}: no default text");
                    if (!File.Exists(fixture.JsonPath)) continue;
                    using var doc = fixture.ReadJson();
                    var stated = doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
                    if (stated != version.ToString()) problems.Add($"{fixture}.json says version '{stated}'");
                }
                DegradeProblems(version, root, problems);
            }
            return problems;
        }

        /// <summary>
        /// degrade/&lt;X.Y&gt;.json (odd code objects: generator/degrade_cases.py) exists for the version, every case
        /// the interpreter built has its degrade/&lt;X.Y&gt;/&lt;case&gt;.pyc and every .pyc there is a case.
        /// </summary>
        private static void DegradeProblems(PyVersion version, string root, List<string> problems)
        {
            var json = Path.Combine(root, "degrade", version + ".json");
            if (!File.Exists(json))
            {
                problems.Add($"degrade/{version}.json missing");
                return;
            }
            using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
            var built = doc.RootElement.GetProperty("cases").EnumerateArray()
                .Where(c => c.GetProperty("built").ValueKind == JsonValueKind.Null)
                .Select(c => c.GetProperty("name").GetString()!).ToList();
            var folder = Path.Combine(root, "degrade", version.ToString());
            var pycs = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "*.pyc").Select(p => Path.GetFileNameWithoutExtension(p)!).ToList()
                : new List<string>();
            if (built.Count == 0) problems.Add($"degrade/{version}.json has no case");
            foreach (var name in built.Except(pycs)) problems.Add($"degrade/{version}: case {name} has no .pyc");
            foreach (var name in pycs.Except(built)) problems.Add($"degrade/{version}/{name}.pyc is no case");
        }
    }
}
