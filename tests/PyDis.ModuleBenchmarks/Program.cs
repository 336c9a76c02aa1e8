using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PyDis.Core.Decoding;
using PyDis.Core.Hosting;
using PyDis.Core;

namespace PyDis.ModuleBenchmarks
{
    /// <summary>
    /// Where the time of <c>Get-ChildItem -Recurse -Filter *.pyc DIR | Get-PyInstruction</c> goes: the same files
    /// through the engine alone, the engine plus the records, and the cmdlet in a PowerShell runspace hosted here,
    /// with Out-Null and with Where-Object after it. Each case runs ROUNDS times after one warm-up round; the best
    /// and the median round are printed (wall time, one thread as PowerShell's pipeline runs) with instructions/s, the
    /// process's CPU time (all threads: the GC's too) and the bytes allocated per instruction (all threads).
    ///   PyDis.ModuleBenchmarks DIR [--rounds N] [--module PATH/PyDis.psd1] [--only NAME,NAME]
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? dir = null, module = null;
            int rounds = 5;
            HashSet<string>? only = null;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--rounds": rounds = int.Parse(args[++i]); break;
                    case "--module": module = args[++i]; break;
                    case "--only": only = new HashSet<string>(args[++i].Split(','), StringComparer.OrdinalIgnoreCase); break;
                    default: dir = args[i]; break;
                }
            }
            if (dir is null || !Directory.Exists(dir))
            {
                Console.Error.WriteLine("usage: PyDis.ModuleBenchmarks DIR [--rounds N] [--module PATH/PyDis.psd1] [--only NAME,NAME]");
                return 2;
            }
            dir = Path.GetFullPath(dir);
            module = Path.GetFullPath(module ?? FindModule());
            var files = Directory.GetFiles(dir, "*.pyc", SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);

            long instructions = EngineOnly(files);
            Console.WriteLine($"{files.Length} .pyc files under {dir}, {instructions:N0} instructions (get_instructions); module {module}");
            Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, PowerShell SDK {typeof(PSObject).Assembly.GetName().Version}; best and median of {rounds} rounds after a warm-up");

            // The cmdlets run on the PyDis.Core this process has loaded (the one beside this program): it must be the
            // module's own build, or the cmdlets fail or measure other code.
            string ours = typeof(CodeDecoder).Assembly.Location;
            string theirs = Path.Combine(Path.GetDirectoryName(module)!, "PyDis.Core.dll");
            if (!File.Exists(theirs) || !File.ReadAllBytes(theirs).AsSpan().SequenceEqual(File.ReadAllBytes(ours)))
            {
                Console.Error.WriteLine($"{theirs} is not the PyDis.Core.dll of this program ({ours}): build both from the same tree " +
                    "(build.ps1 -Task Build, then dotnet build tests/PyDis.ModuleBenchmarks -c Release)");
                return 2;
            }

            var iss = InitialSessionState.CreateDefault();
            iss.ImportPSModule(new[] { module });
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using (var check = PowerShell.Create(runspace))
            {
                var n = check.AddScript("param($d) (Get-ChildItem -LiteralPath $d -Recurse -Filter *.pyc | Get-PyInstruction | Measure-Object).Count")
                    .AddArgument(dir).Invoke();
                if (check.HadErrors) foreach (var e in check.Streams.Error) Console.Error.WriteLine("check: " + e);
                long viaCmdlet = Convert.ToInt64(n[0].BaseObject);
                if (viaCmdlet != instructions)
                {
                    Console.Error.WriteLine($"Get-PyInstruction gave {viaCmdlet:N0} records, the engine {instructions:N0} instructions");
                    return 1;
                }
            }

            const string Gci = "Get-ChildItem -LiteralPath $d -Recurse -Filter *.pyc";
            var cases = new List<(string Name, string What, Action Run)>
            {
                ("engine", "PycLoader.TryOpen + the decoding Get-PyInstruction does, no records (C#)", () => EngineOnly(files)),
                ("records", "Query.GetInstructions: the engine plus a PyInstruction per instruction (C#)", () => RecordsOnly(files)),
                ("gci", Gci + " | Out-Null", Script(runspace, Gci + " | Out-Null", dir)),
                ("cmdlet", Gci + " | Get-PyInstruction | Out-Null", Script(runspace, Gci + " | Get-PyInstruction | Out-Null", dir)),
                ("null", "$null = " + Gci + " | Get-PyInstruction", Script(runspace, "$null = " + Gci + " | Get-PyInstruction", dir)),
                ("where", Gci + " | Get-PyInstruction | Where-Object OpName -eq IMPORT_NAME | Out-Null",
                    Script(runspace, Gci + " | Get-PyInstruction | Where-Object OpName -eq IMPORT_NAME | Out-Null", dir)),
                ("wherescript", Gci + " | Get-PyInstruction | Where-Object { $_.OpName -eq 'IMPORT_NAME' } | Out-Null",
                    Script(runspace, Gci + " | Get-PyInstruction | Where-Object { $_.OpName -eq 'IMPORT_NAME' } | Out-Null", dir)),
                ("opname", Gci + " | Get-PyInstruction -OpName IMPORT_NAME | Out-Null",
                    Script(runspace, Gci + " | Get-PyInstruction -OpName IMPORT_NAME | Out-Null", dir)),
            };

            Console.WriteLine();
            Console.WriteLine("| case | wall, best | wall, median | CPU, best | instructions/s (best wall) | allocated per instruction | what |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var (name, what, run) in cases)
            {
                if (only != null && !only.Contains(name)) continue;
                run();  // warm-up: JIT, file cache
                var times = new List<double>();
                var cpu = new List<double>();
                long allocated = 0;
                var self = Process.GetCurrentProcess();
                for (int r = 0; r < rounds; r++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    self.Refresh();
                    var cpu0 = self.TotalProcessorTime;
                    long a0 = GC.GetTotalAllocatedBytes(true);
                    var sw = Stopwatch.StartNew();
                    run();
                    times.Add(sw.Elapsed.TotalMilliseconds);
                    allocated = GC.GetTotalAllocatedBytes(true) - a0;
                    self.Refresh();
                    cpu.Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
                }
                times.Sort();
                cpu.Sort();
                double best = times[0], median = times[times.Count / 2];
                Console.WriteLine($"| {name} | {best:F0} ms | {median:F0} ms | {cpu[0]:F0} ms | {instructions / (best / 1000) / 1000:N0}k | " +
                    $"{(double)allocated / instructions:F0} B | `{what}` |");
            }
            return 0;
        }

        private static long EngineOnly(string[] files)
        {
            long n = 0;
            foreach (var file in files)
            {
                if (!PycLoader.TryOpen(file, out var input, out _)) continue;
                foreach (var walked in input!.Walk(input.DefaultDepth(null)))
                    foreach (var _ in CodeDecoder.DecodeReused(walked.Code, DecodeOptions.GetInstructions)) n++;
            }
            return n;
        }

        private static long RecordsOnly(string[] files)
        {
            long n = 0;
            var options = new InstructionOptions();
            foreach (var file in files)
            {
                if (!PycLoader.TryOpen(file, out var input, out _)) continue;
                foreach (var _ in Query.GetInstructions(input!, options)) n++;
            }
            return n;
        }

        private static Action Script(Runspace runspace, string script, string dir) => () =>
        {
            using var ps = PowerShell.Create(runspace);
            ps.AddScript("param($d) " + script).AddArgument(dir).Invoke();
            if (ps.HadErrors) throw new InvalidOperationException(script + ": " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        };

        // The module as build.ps1 lays it out, else as dotnet build leaves it beside PyDis.dll.
        private static string FindModule()
        {
            string? d = AppContext.BaseDirectory;
            while (d != null && !File.Exists(Path.Combine(d, "PyDis.sln"))) d = Path.GetDirectoryName(d);
            if (d == null) throw new InvalidOperationException("no --module given and no repository above " + AppContext.BaseDirectory);
            foreach (var candidate in new[] { "out/PyDis/0.1.0/PyDis.psd1", "src/PyDis/bin/Release/netstandard2.0/PyDis.psd1" })
                if (File.Exists(Path.Combine(d, candidate))) return Path.Combine(d, candidate);
            throw new InvalidOperationException("build the module first (build.ps1 -Task Build, or dotnet build src/PyDis -c Release)");
        }
    }
}
