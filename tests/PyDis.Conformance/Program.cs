using System;
using System.Globalization;
using System.IO;
using PyDis.Core;

namespace PyDis.Conformance
{
    /// <summary>
    /// <c>PyDis.Conformance DUMPDIR X.Y [--text | --roundtrip | --assemble] [--limit N] [--examples N]</c>: compares every .pyc of a
    /// stdlib dump (tests/fixtures/generator/stdlib.sh) with what its interpreter said; with --roundtrip,
    /// writes every .pyc again and compares the bytes (<see cref="RoundTripCheck"/>). Exit code 0 when
    /// everything compared is equal, 1 when something differs, 2 on bad arguments.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "--patch") return Patch(args[1], args[2]);
            string? dir = null, versionText = null;
            bool texts = false, roundTrip = false, assemble = false;
            int limit = int.MaxValue, examples = 20;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--text": texts = true; break;
                    case "--roundtrip": roundTrip = true; break;
                    case "--assemble": roundTrip = assemble = true; break;
                    case "--limit" when i + 1 < args.Length: limit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--examples" when i + 1 < args.Length: examples = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default:
                        if (dir is null) dir = args[i];
                        else if (versionText is null) versionText = args[i];
                        else return Usage();
                        break;
                }
            }
            if (dir is null || versionText is null || !PyVersion.TryParse(versionText, out var version) || !Directory.Exists(dir))
                return Usage();
            var started = DateTime.UtcNow;
            if (roundTrip)
            {
                var totals = RoundTripCheck.Run(dir, version, limit, examples, assemble);
                RoundTripCheck.Write(Console.Out, version, totals);
                Console.WriteLine($"  ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
                return totals.FilesIdentical == totals.Files && totals.CodeObjectsIdentical == totals.CodeObjects
                    && totals.AsmIdentical == totals.Assembled ? 0 : 1;
            }
            var result = StdlibCheck.Run(dir, version, texts, limit);
            result.Write(Console.Out, examples);
            Console.WriteLine($"  ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
            bool allEqual = result.Loaded == result.Files.Length && !System.Linq.Enumerable.Any(result.Differences);
            return allEqual ? 0 : 1;
        }

        /// <summary>
        /// <c>--patch TARGET.pyc OUTDIR</c>: writes OUTDIR/&lt;scenario&gt;.pyc for every patch scenario the file's release
        /// allows (<see cref="PatchScenarios"/>) and prints "name sha256 length" per file.
        /// </summary>
        private static int Patch(string target, string outDir)
        {
            var data = File.ReadAllBytes(target);
            var file = PyDis.Core.Pyc.PycFile.Load(data, target);
            Directory.CreateDirectory(outDir);
            foreach (var s in PatchScenarios.All)
            {
                if (!s.Applies(file)) continue;
                var bytes = s.Apply(PyDis.Core.Pyc.PycFile.Load(data, target));
                File.WriteAllBytes(Path.Combine(outDir, s.Name + ".pyc"), bytes);
                Console.WriteLine($"{s.Name} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant()} {bytes.Length}");
            }
            return 0;
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: PyDis.Conformance DUMPDIR X.Y [--text | --roundtrip | --assemble] [--limit N] [--examples N]\n       PyDis.Conformance --patch TARGET.pyc OUTDIR");
            return 2;
        }
    }
}
