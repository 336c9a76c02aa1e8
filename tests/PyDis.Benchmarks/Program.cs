using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Pyc;

namespace PyDis.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "--files") Stopwatch.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 5);
            else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }

    /// <summary>
    /// A quick in-process figure over a list of .pyc files (one path a line, e.g. tests/perf's files-3.12.txt):
    /// load, then load + dis.dis formatting of every file, one thread, best of N rounds, and the bytes allocated.
    /// Steadier than timing the CLI on a shared machine; it is how the commits' "harness" figures were taken.
    /// </summary>
    internal static class Stopwatch
    {
        public static void Run(string listFile, int rounds)
        {
            string baseDir = Path.GetDirectoryName(Path.GetFullPath(listFile))!;
            var datas = File.ReadAllLines(listFile).Where(l => l.Length > 0)
                .Select(l => File.ReadAllBytes(Path.Combine(baseDir, l))).ToArray();
            var formatters = new Dictionary<PyVersion, DisFormatter>();
            double bestLoad = double.MaxValue, best = double.MaxValue;
            long loadBytes = 0, bytes = 0, chars = 0;
            for (int r = 0; r < rounds; r++)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                var sw = System.Diagnostics.Stopwatch.StartNew();
                foreach (var d in datas) PycFile.Load(d, null);
                bestLoad = Math.Min(bestLoad, sw.Elapsed.TotalMilliseconds);
                long a1 = GC.GetAllocatedBytesForCurrentThread();
                loadBytes = a1 - a0;
                var sink = new CountingWriter();
                sw.Restart();
                foreach (var d in datas)
                {
                    var code = PycFile.Load(d, null).Code;
                    if (!formatters.TryGetValue(code.Version, out var f)) formatters[code.Version] = f = new DisFormatter(code.Version);
                    f.Write(code, sink);
                }
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
                bytes = GC.GetAllocatedBytesForCurrentThread() - a1;
                chars = sink.Count;
            }
            Console.WriteLine($"{datas.Length} files, {chars} chars of text; best of {rounds}: load {bestLoad:F0} ms, " +
                $"load + format {best:F0} ms; allocated {bytes / 1e6:F1} MB (loading {loadBytes / 1e6:F1} MB)");
        }
    }

    /// <summary>
    /// Throughput over every fixture .pyc of one version (tests/fixtures/&lt;X.Y&gt;). The setup prints the
    /// instruction count, so time and bytes per operation divide into per-instruction figures.
    /// </summary>
    [MemoryDiagnoser]
    public class Throughput
    {
        private List<(byte[] Data, CodeObject Code)> _files = new();
        private readonly Dictionary<PyVersion, DisFormatter> _formatters = new();

        [Params("2.7", "3.12", "3.13")]
        public string Version { get; set; } = "3.12";

        public int Instructions { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            string dir = Path.Combine(FixturesRoot(), Version);
            _files = Directory.GetFiles(dir, "*.pyc").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => File.ReadAllBytes(f))
                .Select(d => (d, PycFile.Load(d, null).Code))
                .ToList();
            Instructions = _files.Sum(f => f.Code.Walk().Sum(c => CodeDecoder.Decode(c).Count()));
            Console.WriteLine($"// {Version}: {_files.Count} files, {Instructions} instructions per operation");
        }

        [Benchmark]
        public int Load()
        {
            int n = 0;
            foreach (var (data, _) in _files) n += PycFile.Load(data, null).Code.Code.Length;
            return n;
        }

        [Benchmark]
        public int Decode()
        {
            int n = 0;
            foreach (var (_, code) in _files)
                foreach (var c in code.Walk())
                    foreach (var ins in CodeDecoder.Decode(c)) n += ins.Offset;
            return n;
        }

        /// <summary>dis.disassemble of every code object (the same instructions as <see cref="Decode"/>, formatted).</summary>
        [Benchmark]
        public long DecodeAndFormat()
        {
            var sink = new CountingWriter();
            foreach (var (_, code) in _files)
            {
                if (!_formatters.TryGetValue(code.Version, out var f)) _formatters[code.Version] = f = new DisFormatter(code.Version);
                foreach (var c in code.Walk()) f.Disassemble(c, sink);
            }
            return sink.Count;
        }

        private static string FixturesRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "fixtures");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("tests/fixtures not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A TextWriter that only counts, so formatting is measured without I/O.</summary>
    internal sealed class CountingWriter : TextWriter
    {
        public long Count;
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => Count++;
        public override void Write(char[] buffer, int index, int count) => Count += count;
        public override void Write(string? value) => Count += value?.Length ?? 0;
    }
}
