using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PyDis.Core.Code;

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
        public static string RepoRoot { get; } = FindRoot();

        public static IEnumerable<string> JsonFiles()
        {
            var roots = new List<string> { Path.Combine(RepoRoot, "tests", "fixtures"), Path.Combine(RepoRoot, "tests", "PyDis.Core.Tests", "Tables", "Data") };
            var extra = Environment.GetEnvironmentVariable("PYDIS_TABLES_EXTRA");
            if (!string.IsNullOrEmpty(extra)) roots.AddRange(extra!.Split(Path.PathSeparator));
            foreach (var root in roots)
            {
                if (!Directory.Exists(root)) continue;
                var files = Directory.GetFiles(root, "*.json", SearchOption.AllDirectories);
                // Only per-version folders follow the full schema (tests/fixtures/decoder etc. record less).
                files = Array.FindAll(files, f => PyVersion.TryParse(Path.GetFileName(Path.GetDirectoryName(f)), out _)
                    || !f.StartsWith(Path.Combine(RepoRoot, "tests", "fixtures"), StringComparison.Ordinal));
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

        public static string Relative(string path) => Path.GetRelativePath(RepoRoot, path);

        public static PyVersion VersionOf(JsonElement root) => PyVersion.Parse(root.GetProperty("version").GetString()!);

        public static CodeObject Build(PyVersion version, JsonElement co)
        {
            var code = new CodeObject(version)
            {
                Code = Hex(co, "co_code"),
                FirstLineNo = co.GetProperty("co_firstlineno").GetInt32(),
                LineTable = co.TryGetProperty("co_linetable", out _) ? Hex(co, "co_linetable") : Hex(co, "co_lnotab"),
                ExceptionTable = Hex(co, "co_exceptiontable"),
            };
            return code;
        }

        public static byte[] Hex(JsonElement co, string name)
        {
            if (!co.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.String) return Array.Empty<byte>();
            return Convert.FromHexString(e.GetString()!);
        }

        public static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "PyDis.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PyDis.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
