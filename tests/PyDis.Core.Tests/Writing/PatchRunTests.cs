using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using PyDis.Conformance;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Writing
{
    /// <summary>
    /// tests/fixtures/patch: every interpreter ran the program it compiled and the files the engine patched
    /// from it (generator/run_patch_scenarios.sh). The engine must still write exactly the bytes that ran, and
    /// each run must have printed what its patch intends.
    /// </summary>
    public class PatchRunTests
    {
        private static string Folder => Path.Combine(FixtureCatalog.Root, "patch");

        public static IEnumerable<object[]> Versions() =>
            ReleaseRegistry.Supported.All.Select(r => new object[] { r.Version.ToString() });

        private sealed class Run
        {
            public string Name = "";
            public int Exit;
            public string? Sha256;
            public long Length;
            public string[] Output = Array.Empty<string>();
        }

        private static (string Python, List<Run> Runs) Load(string version)
        {
            var path = Path.Combine(Folder, version, "runs.json");
            Assert.True(File.Exists(path), $"{path} is missing: run tests/fixtures/generator/run_patch_scenarios.sh {version}");
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var runs = new List<Run>();
            foreach (var r in doc.RootElement.GetProperty("runs").EnumerateArray())
                runs.Add(new Run
                {
                    Name = r.GetProperty("name").GetString()!,
                    Exit = r.GetProperty("exit").GetInt32(),
                    Sha256 = r.TryGetProperty("sha256", out var s) ? s.GetString() : null,
                    Length = r.TryGetProperty("length", out var l) ? l.GetInt64() : 0,
                    Output = r.GetProperty("output").GetString()!.Split('\n'),
                });
            return (doc.RootElement.GetProperty("python").GetString()!, runs);
        }

        [Theory]
        [MemberData(nameof(Versions))]
        public void EveryPatchTheEngineWritesRanInTheInterpreterAsIntended(string version)
        {
            var (python, runs) = Load(version);
            Assert.StartsWith(version + ".", python);
            var target = File.ReadAllBytes(Path.Combine(Folder, version, "target.pyc"));
            var original = runs.Single(r => r.Name == "original");
            Assert.Equal(0, original.Exit);
            Assert.Equal(new[] { "hello", "compute 10", "ZeroDivisionError at line 19" }, original.Output);

            var file = PycFile.Load(target);
            var expectedNames = PatchScenarios.All.Where(s => s.Applies(file)).Select(s => s.Name).ToList();
            Assert.Equal(expectedNames, runs.Where(r => r.Name != "original").Select(r => r.Name).ToList());
            foreach (var s in PatchScenarios.All.Where(s => s.Applies(file)))
            {
                var run = runs.Single(r => r.Name == s.Name);
                var bytes = s.Apply(PycFile.Load(target));
                Assert.True(run.Sha256 == Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant() && run.Length == bytes.Length,
                    $"{version} {s.Name}: the engine now writes other bytes than the ones Python {python} ran; rerun the generator if the change is intended");
                Assert.Equal(0, run.Exit);
                Assert.Equal(s.Expect(original.Output), run.Output);
            }
        }

        [Fact]
        public void TheInstructionPatchesRanOnEveryReleaseWithAnOpcodeTable()
        {
            // Guards against a generator run that silently lost interpreters.
            foreach (var r in ReleaseRegistry.Supported.All)
                Assert.Contains(Load(r.Version.ToString()).Runs, run => run.Name == "traceback");
        }
    }
}
