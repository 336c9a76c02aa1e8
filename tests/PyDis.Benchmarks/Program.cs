using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using PyDis.Core;
using PyDis.Core.Code;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Pyc;

namespace PyDis.Benchmarks
{
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
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
