using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Marshal;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Releases;

namespace PyDis.Core.Tests.Pyc
{
    /// <summary>
    /// Every code object of every fixture pyc (tests/fixtures/&lt;X.Y&gt;/*.pyc) against the co_* attributes its
    /// interpreter reported (&lt;name&gt;.json): the header, the walk order and paths, every marshalled or derived
    /// field, and the count and kind of the constants (their reprs are the repr tests' business).
    /// </summary>
    public class FixtureCodeTests
    {
        public static IEnumerable<object[]> Fixtures() => FixtureCatalog.TheoryData();

        [Fact]
        public void FixturesExistForEveryVersionWithAnInterpreter()
        {
            var versions = Fixtures().Select(f => (string)f[0]).Distinct().ToList();
            foreach (var v in MarshalSamples.Versions()) Assert.Contains(v, versions);
        }

        [Theory]
        [MemberData(nameof(Fixtures))]
        public void CodeObjectsMatchTheInterpreter(string version, string name)
        {
            var fixture = FixtureCatalog.Get(PyVersion.Parse(version), name);
            var file = PycFile.Open(fixture.PycPath);
            using var doc = fixture.ReadJson();
            var root = doc.RootElement;
            var v = PyVersion.Parse(version);

            var header = root.GetProperty("header");
            Assert.Equal(v, file.Version);
            Assert.Equal(header.GetProperty("magic").GetInt32(), file.Header!.Magic);
            var flags = header.GetProperty("flags");
            Assert.Equal(flags.ValueKind == JsonValueKind.Number ? flags.GetInt64() : 0, (long)file.Header.Flags);
            if (header.GetProperty("mtime").ValueKind == JsonValueKind.Number)
                Assert.Equal((uint)header.GetProperty("mtime").GetInt64(), file.Header.Mtime);
            if (header.TryGetProperty("source_size", out var size) && size.ValueKind == JsonValueKind.Number)
                Assert.Equal((uint)size.GetInt64(), file.Header.SourceSize);
            if (header.TryGetProperty("hash", out var hash) && hash.ValueKind == JsonValueKind.String)
                Assert.Equal(hash.GetString(), MarshalSamples.ToHex(file.Header.SourceHash!));
            else
                Assert.Null(file.Header.SourceHash);
            Assert.Contains(file.Header.Magic, Release.Of(v).Pyc.ReleaseMagics);  // 3.5: 3350 (3.5.2) or 3351 (3.5.2+)

            var codes = root.GetProperty("codes").EnumerateArray().ToList();
            var walked = file.Code.Walk().ToList();
            Assert.Equal(codes.Count, walked.Count);
            for (int i = 0; i < codes.Count; i++)
            {
                var co = walked[i];
                var expect = codes[i].GetProperty("co");
                string path = codes[i].GetProperty("path").GetString()!;
                Assert.Equal(path, Path_(co));

                var ours = MarshalSamples.DescribeCode(co, constsAsDescriptions: false);
                foreach (var field in ours)
                {
                    if (field.Key == "t") continue;
                    Assert.True(expect.TryGetProperty(field.Key, out var e), $"{path}: the interpreter has no {field.Key}");
                    if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("sha256", out var sha))
                    {
                        // Large byte strings are stored as their length and SHA-256.
                        var bytes = FixtureCatalog.Hex(field.Value!.GetValue<string>());
                        Assert.Equal(e.GetProperty("length").GetInt32(), bytes.Length);
                        Assert.Equal(sha.GetString(), FixtureCatalog.Sha256(bytes));
                        continue;
                    }
                    Assert.True(MarshalSamples.Canon(JsonNode.Parse(e.GetRawText())) == MarshalSamples.Canon(field.Value),
                        $"{path} {field.Key}: expected {e.GetRawText()}, read {field.Value?.ToJsonString()}");
                }
                // The interpreter's co_* that PyDis does not read from the marshal data: consts (count and kinds
                // here) and, from 3.10, co_lnotab (computed from co_linetable by the line-table code).
                var unread = expect.EnumerateObject().Select(p => p.Name).Where(n => !ours.ContainsKey(n)).ToList();
                Assert.All(unread, n => Assert.True(n == "co_consts" || (n == "co_lnotab" && v >= new PyVersion(3, 10)), $"{path}: unread {n}"));

                var consts = expect.GetProperty("co_consts").EnumerateArray().Select(c => c.GetString()!).ToList();
                Assert.Equal(consts.Select(r => KindOfRepr(r, v)), co.Consts.Select(c => KindOf(c, v)));
                Assert.Equal(i == 0 ? null : walked.Take(i).FirstOrDefault(p => p.NestedCode().Contains(co)), co.Parent);
            }
        }

        private static string Path_(CodeObject co) => co.Parent is null ? co.Name : Path_(co.Parent) + "." + co.Name;

        private static string KindOf(PyObject o, PyVersion v)
        {
            switch (o.Kind)
            {
                case PyKind.Int: return v.Major == 2 && ((PyInt)o).IsPy2Long ? "long" : "int";
                case PyKind.Str: return v.Major == 2 ? "unicode" : "str";
                case PyKind.List: return "tuple";
                default: return o.Kind.ToString().ToLowerInvariant();
            }
        }

        /// <summary>The kind of constant a repr shows (the first characters are enough to tell).</summary>
        private static string KindOfRepr(string r, PyVersion v)
        {
            if (r.StartsWith("<code object", StringComparison.Ordinal)) return "code";
            if (r == "None" || r == "True" || r == "False" || r == "Ellipsis") return r.ToLowerInvariant();
            if (r.StartsWith("frozenset(", StringComparison.Ordinal)) return "frozenset";
            if (r.StartsWith("frozendict(", StringComparison.Ordinal)) return "frozendict";
            if (r.StartsWith("slice(", StringComparison.Ordinal)) return "slice";
            if (r.StartsWith("(", StringComparison.Ordinal))
                return r.EndsWith("j)", StringComparison.Ordinal) && !r.Contains(",") ? "complex" : "tuple";
            if (r.StartsWith("u'", StringComparison.Ordinal) || r.StartsWith("u\"", StringComparison.Ordinal)) return "unicode";
            if (r.StartsWith("b'", StringComparison.Ordinal) || r.StartsWith("b\"", StringComparison.Ordinal)) return "bytes";
            if (r.StartsWith("'", StringComparison.Ordinal) || r.StartsWith("\"", StringComparison.Ordinal)) return v.Major == 2 ? "bytes" : "str";
            if (r.EndsWith("j", StringComparison.Ordinal)) return "complex";
            if (r.EndsWith("L", StringComparison.Ordinal)) return "long";
            string body = r.TrimStart('-');
            if (body == "inf" || body == "nan" || body.Contains(".") || body.Contains("e")) return "float";
            return "int";
        }
    }
}
