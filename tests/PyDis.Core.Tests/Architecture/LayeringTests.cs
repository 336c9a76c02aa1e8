using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Architecture
{
    /// <summary>
    /// The engine's folders depend on each other in one direction (docs/design.md), and only the release
    /// registry compares versions.
    /// </summary>
    public class LayeringTests
    {
        // Bottom first: a folder may use the folders before it in this list, never one after it.
        private static readonly string[] Layers =
        {
            "(root)", "Opcodes", "Releases", "Model", "Repr", "Marshal", "Pyc", "CodeTables", "Decoding",
            "Flow", "Writing", "Formatting", "Records", "Hosting", "Query",
        };

        private static readonly string Engine = Path.Combine(FixtureCatalog.RepoRoot, "src", "PyDis.Core");

        private static IEnumerable<(string Folder, string Path, string Code)> Sources() =>
            Directory.EnumerateFiles(Engine, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                            && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                .Select(p =>
                {
                    var rel = Path.GetRelativePath(Engine, p).Split(Path.DirectorySeparatorChar);
                    // Comments and strings do not count as uses.
                    var code = Regex.Replace(File.ReadAllText(p), @"//.*|""(?:[^""\\]|\\.)*""", "");
                    return (rel.Length == 1 ? "(root)" : rel[0], p, code);
                });

        [Fact]
        public void FoldersUseOnlyTheLayersBelowThem()
        {
            var problems = new List<string>();
            foreach (var (folder, path, code) in Sources())
            {
                int rank = Array.IndexOf(Layers, folder);
                Assert.True(rank >= 0, $"{folder} is not in LayeringTests.Layers: place it in the order");
                foreach (Match m in Regex.Matches(code, @"\bPyDis\.Core\.(\w+)"))
                {
                    string used = m.Groups[1].Value;
                    int usedRank = Array.IndexOf(Layers, used);
                    if (usedRank > rank) problems.Add($"{Path.GetRelativePath(Engine, path)} ({folder}) uses {used}");
                }
                if (folder != "Query" && Regex.IsMatch(code, @"\bQuery\.\w")) problems.Add($"{Path.GetRelativePath(Engine, path)} ({folder}) uses Query");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        }

        [Fact]
        public void OnlyTheReleaseRegistryComparesVersions()
        {
            var problems = new List<string>();
            foreach (var (folder, path, code) in Sources())
            {
                string rel = Path.GetRelativePath(Engine, path);
                if (folder == "Releases" || rel == "PyVersion.cs" || rel.Contains("Generated")) continue;
                foreach (Match m in Regex.Matches(code, @"new PyVersion\(|\.Major\b|\.Minor\b|\bVersion\s*(<|>|<=|>=)\s"))
                    problems.Add($"{rel}: {m.Value}");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
