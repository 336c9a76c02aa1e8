using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PyDis.Core.Model;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Tables
{
    /// <summary>
    /// Finds interpreter-produced JSON (tests/fixtures/&lt;X.Y&gt;/*.json, schema in tests/fixtures/README.md,
    /// and this folder's Data/*.json) and turns each "codes" item into a CodeObject built straight from its
    /// co_* hex fields, so these tests do not depend on the marshal reader.
    /// PYDIS_TABLES_EXTRA may name more folders laid out the same way (e.g. a local stdlib dump).
    /// </summary>
    internal static class TableFixtures
    {
        public static IEnumerable<string> JsonFiles()
        {
            var roots = new List<string> { FixtureCatalog.Root, Path.Combine(FixtureCatalog.RepoRoot, "tests", "PyDis.Core.Tests", "Tables", "Data") };
            var extra = Environment.GetEnvironmentVariable("PYDIS_TABLES_EXTRA");
            if (!string.IsNullOrEmpty(extra)) roots.AddRange(extra!.Split(Path.PathSeparator));
            foreach (var root in roots)
            {
                if (!Directory.Exists(root)) continue;
                var files = Directory.GetFiles(root, "*.json", SearchOption.AllDirectories);
                // Only per-version folders follow the full schema (tests/fixtures/decoder etc. record less).
                files = Array.FindAll(files, f => PyVersion.TryParse(Path.GetFileName(Path.GetDirectoryName(f)), out _)
                    || !f.StartsWith(FixtureCatalog.Root, StringComparison.Ordinal));
                Array.Sort(files, StringComparer.Ordinal);
                foreach (var f in files)
                    if (f.IndexOf("node_modules", StringComparison.Ordinal) < 0 && IsCodesFile(f)) yield return f;
            }
        }

        private static bool IsCodesFile(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("codes", out _)
                && doc.RootElement.TryGetProperty("version", out _);
        }

        public static string Relative(string path) => Path.GetRelativePath(FixtureCatalog.RepoRoot, path);

        public static PyVersion VersionOf(JsonElement root) => PyVersion.Parse(root.GetProperty("version").GetString()!);

        /// <summary>
        /// A CodeObject from the JSON's co_* fields. A field too big for the JSON is stored as {length, sha256};
        /// its bytes then come from the same code object of the sibling .pyc (<paramref name="fromPyc"/>),
        /// checked against that digest.
        /// </summary>
        public static CodeObject Build(PyVersion version, JsonElement co, Func<CodeObject> fromPyc)
        {
            bool lnotab = version < new PyVersion(3, 10);
            return new CodeObject(version)
            {
                Code = Bytes(co, "co_code", () => fromPyc().Code),
                FirstLineNo = co.GetProperty("co_firstlineno").GetInt32(),
                LineTable = Bytes(co, lnotab ? "co_lnotab" : "co_linetable", () => fromPyc().LineTable),
                ExceptionTable = Bytes(co, "co_exceptiontable", () => fromPyc().ExceptionTable),
            };
        }

        public static CodeObject Build(PyVersion version, JsonElement co) =>
            Build(version, co, () => throw new InvalidOperationException("a digest-only field needs the .pyc"));

        private static byte[] Bytes(JsonElement co, string name, Func<byte[]> fromPyc)
        {
            if (!co.TryGetProperty(name, out var e)) return Array.Empty<byte>();
            if (e.ValueKind == JsonValueKind.String) return FixtureCatalog.Hex(e.GetString()!);
            var bytes = fromPyc();
            if (bytes.Length != e.GetProperty("length").GetInt32() || FixtureCatalog.Sha256(bytes) != e.GetProperty("sha256").GetString())
                throw new InvalidDataException($"{name} of the .pyc does not match the JSON digest");
            return bytes;
        }

        public static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
    }
}
