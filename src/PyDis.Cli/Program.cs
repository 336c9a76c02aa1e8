using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Flow;
using PyDis.Core.Formatting;
using PyDis.Core.Hosting;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;

namespace PyDis.Cli
{
    /// <summary>The <c>pydis</c> command. <see cref="Run"/> is the whole program, callable in-process by tests.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            using var stdoutStream = Console.OpenStandardOutput();
            var stdout = ReusableUtf8Writer.ForStream(stdoutStream);
            using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
            OwnsProcess = true;
            try
            {
                return Run(args, stdout, stderr);
            }
            finally
            {
                stdout.Finish();
            }
        }

        /// <summary>True when <see cref="Main"/> runs: process-wide settings (the collector's) are pydis's to make.</summary>
        internal static bool OwnsProcess { get; private set; }

        /// <summary>
        /// Runs pydis with <paramref name="args"/>: 0 success (warnings about odd code objects included), 1 if any
        /// file failed or held a code object the version's own dis raises on, 2 for a usage error.
        /// </summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args is null) throw new ArgumentNullException(nameof(args));
            string? usageError = CliOptions.TryParse(args, out var options);
            if (usageError != null)
            {
                error.Write("pydis: " + usageError + "\n" + "usage: pydis [options] PATH...  (pydis --help for the options)\n");
                return 2;
            }
            if (options.Help) { output.Write(CliOptions.Usage); return 0; }
            if (options.Version) { output.Write("pydis " + ToolVersion.Text + "\n"); return 0; }

            // The module's path rules (a .py source stands for its compiled files) plus directories walked.
            var expander = new PycPathExpander { WalkDirectories = true };
            var inputs = new List<CliInput>();
            foreach (var path in options.Paths)
            {
                var files = expander.Expand(path, out var expandError);
                if (expandError != null) inputs.Add(new CliInput(path, expandError));
                foreach (var f in files) inputs.Add(new CliInput(f, null));
            }

            if (options.RoundTrip) return RoundTrip(options, inputs, output, error) ? 0 : 1;
            if (options.CheckStack) return StackCheckReport.Run(inputs, options.PythonVersion, output, error) ? 0 : 1;
            return new FileRunner(options, inputs).Run(output, error) ? 0 : 1;
        }

        /// <summary>One stderr line per failed input: "pydis: FILE: what went wrong", the module's text for the same failure.</summary>
        internal static string ErrorLine(string file, PyDisError error) => $"pydis: {file}: {error.Detail}\n";

        /// <summary>--roundtrip: each file read and written again in memory; the ones whose bytes differ are listed.</summary>
        private static bool RoundTrip(CliOptions options, List<CliInput> inputs, TextWriter output, TextWriter error)
        {
            int same = 0, differ = 0, failed = 0;
            foreach (var input in inputs)
            {
                string file = input.Path;
                var problem = input.Error;
                if (problem is null)
                {
                    try
                    {
                        var r = PycRoundTrip.Check(File.ReadAllBytes(file), file, options.PythonVersion);
                        if (r.Identical) { same++; continue; }
                        differ++;
                        output.Write($"{file}: first difference at byte {r.FirstDifference} ({r.OriginalLength} bytes read, {r.WrittenLength} written; " +
                            $"{r.CodeObjectsIdentical} of {r.CodeObjects} code objects identical)\n");
                        continue;
                    }
                    catch (Exception e) when (e is PycFormatException || e is IOException || e is UnauthorizedAccessException)
                    {
                        problem = PyDisError.FromException(e is PycFormatException f ? f.WithPath(file) : e, file);
                    }
                }
                failed++;
                output.Flush();
                error.Write(ErrorLine(file, problem));
            }
            output.Write($"{inputs.Count} file(s): {same} written back byte-identical, {differ} differ" + (failed > 0 ? $", {failed} could not be read" : "") + "\n");
            return differ == 0 && failed == 0;
        }

    }

    /// <summary>A file to read, or the error its path already gave (a .py source without a compiled file).</summary>
    internal sealed class CliInput
    {
        public CliInput(string path, PyDisError? error) { Path = path; Error = error; }

        public string Path { get; }
        public PyDisError? Error { get; }
    }

    /// <summary>
    /// Loads (<see cref="PycLoader"/>), decodes and formats the files on every core, writing results (and
    /// errors) in file order.
    /// </summary>
    internal sealed class FileRunner
    {
        private const int Window = 64; // results held at most this far ahead of the writer

        private readonly CliOptions _options;
        private readonly List<CliInput> _files;
        private readonly DisOptions _disOptions;
        private readonly Result?[] _results;
        private readonly object _gate = new object();
        // Files not yet taken: _front .. _back-1. With --output-dir (whose results are only errors and warnings, kept
        // until their turn), half the threads take files from the end: two threads creating files in one directory
        // wait for each other's lock on it in the kernel, and neighbouring files share their directory.
        private int _front, _back;
        private int _written;

        public FileRunner(CliOptions options, List<CliInput> files)
        {
            _options = options;
            _files = files;
            _disOptions = options.ToDisOptions();
            _results = new Result?[files.Count];
            _back = files.Count;
        }

        private sealed class Result
        {
            public string? Text;
            public string? Error;
            /// <summary>Odd code objects shown as dis shows them: "pydis: warning: ..." lines (exit code unchanged).</summary>
            public string? Warnings;
            /// <summary>True when the version's own dis raises on one of them: its lines are errors (exit code 1).</summary>
            public bool DisFails;
        }

        /// <summary>Processes every file; false when any failed.</summary>
        public bool Run(TextWriter output, TextWriter error)
        {
            int n = _files.Count;
            int workers = Math.Min(Environment.ProcessorCount, n);
            if (n == 1 && _files[0].Error is null && Program.OwnsProcess) NoCollectionsFor(_files[0].Path);
            var threads = new List<Thread>();
            if (workers > 1)
            {
                for (int w = 0; w < workers; w++)
                {
                    bool fromTheEnd = w % 2 == 1;
                    var t = new Thread(() => Work(fromTheEnd), 16 * 1024 * 1024) { IsBackground = true };
                    t.Start();
                    threads.Add(t);
                }
            }

            bool ok = true;
            for (int i = 0; i < n; i++)
            {
                Result r;
                if (workers > 1)
                {
                    lock (_gate)
                    {
                        while (_results[i] is null) Monitor.Wait(_gate);
                        r = _results[i]!;
                        _results[i] = null;
                        _written = i + 1;
                        Monitor.PulseAll(_gate);
                    }
                }
                else r = Process(i, _options.OutputDir is null ? output : null);

                if (r.Error != null)
                {
                    ok = false;
                    output.Flush();
                    error.Write(r.Error);
                }
                if (r.Text != null)
                {
                    if (_files.Count > 1 && _options.Format == OutputFormat.Text)
                        output.Write((i > 0 ? "\n" : "") + "==> " + _files[i].Path + " <==\n");
                    output.Write(r.Text);
                }
                if (r.Warnings != null)
                {
                    if (r.DisFails) ok = false;
                    output.Flush();
                    error.Write(r.Warnings);
                }
            }
            foreach (var t in threads) t.Join();
            _formatters.Dispose();
            _soundCode.Dispose();
            _fileWriters.Dispose();
            return ok;
        }

        // A lone file's objects live until its text is written, so a collection on the way only copies them (one or
        // two on the largest stdlib files, ~10 % of the run). Up to a generous estimate of what the file allocates
        // (about 5x its size) there is none; past it the runtime collects as usual. Measured: docs/performance.md.
        private static void NoCollectionsFor(string path)
        {
            try
            {
                long size = new FileInfo(path).Length;
                GC.TryStartNoGCRegion(Math.Min(8 * size + (8 << 20), 256L << 20));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is InvalidOperationException)
            {
                // Not a readable file (reported when it is read) or a runtime that refuses the size: collections as usual.
            }
        }

        private void Work(bool fromTheEnd)
        {
            while (true)
            {
                int i;
                lock (_gate)
                {
                    if (_options.OutputDir is null)
                    {
                        // Texts are written to stdout in file order: at most Window files ahead of the writer.
                        while (_front < _back && _front - _written >= Window) Monitor.Wait(_gate);
                        i = _front;
                    }
                    else i = fromTheEnd ? _back - 1 : _front;
                    if (i >= _back || i < _front) return;
                    if (i == _front) _front++;
                    else _back--;
                }
                var r = Process(i, null);
                lock (_gate)
                {
                    _results[i] = r;
                    // Only the writer waits for results, and only for the next one in file order (_written): waking
                    // it for any other is a context switch on a core both workers want (--output-dir takes files
                    // from both ends, so half the results come long before their turn).
                    if (i == _written) Monitor.PulseAll(_gate);
                }
            }
        }

        // One formatter per worker thread and release (formatters reuse buffers, so they are not shared).
        private readonly ThreadLocal<Dictionary<Release, DisFormatter>> _formatters =
            new ThreadLocal<Dictionary<Release, DisFormatter>>(() => new Dictionary<Release, DisFormatter>());
        // The code objects the thread's formatters found sound while writing the current file: the problem report
        // does not walk them a second time.
        private readonly ThreadLocal<SoundCode> _soundCode = new ThreadLocal<SoundCode>(() => new SoundCode());

        /// <summary>
        /// Loads, decodes and formats one file: into <paramref name="direct"/> when given (a lone file on stdout),
        /// into its file under --output-dir, or into the returned text (several files on stdout, kept in order).
        /// </summary>
        private Result Process(int index, TextWriter? direct)
        {
            string file = _files[index].Path;
            if (_files[index].Error is PyDisError given) return new Result { Error = Program.ErrorLine(file, given) };
            // Files are spread over the cores, one per thread; a lone file is formatted on one thread (spreading its
            // code objects over the cores gained nothing on test_typing, the largest stdlib .pyc: docs/performance.md).
            var sound = _soundCode.Value!;
            sound.Clear();
            try
            {
                if (!PycLoader.TryOpen(file, out var input, out var loadError, _options.PythonVersion))
                    return new Result { Error = Program.ErrorLine(file, loadError!) };
                var code = input!.Code;
                if (direct != null)
                {
                    Render(code, file, direct, sound: sound);
                    return Problems(input, sound, new Result());
                }
                if (_options.OutputDir is null)
                {
                    // Not pre-sized: StringBuilder chunks stay below the large object heap, whose allocations cost full GCs.
                    var sw = new StringWriter(CultureInfo.InvariantCulture);
                    Render(code, file, sw, sound: sound);
                    return Problems(input, sound, new Result { Text = sw.ToString() });
                }
                string target = OutputPath(_options.OutputDir, file);
                string dir = Path.GetDirectoryName(target)!;
                // Most files share their directory with the previous ones: one mkdir per directory, not per file.
                if (!_createdDirs.ContainsKey(dir))
                {
                    Directory.CreateDirectory(dir);
                    _createdDirs[dir] = true;
                }
                var w = _fileWriters.Value!;
                using (var fs = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1))
                {
                    w.Start(fs);
                    try
                    {
                        Render(code, file, w, sound: sound);
                    }
                    finally
                    {
                        w.Finish();
                    }
                }
                return Problems(input, sound, new Result());
            }
            catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
            {
                // An option the file's Python version does not have (plain ArgumentException only:
                // ArgumentOutOfRange/ArgumentNull would be defects, reported below).
                return new Result { Error = $"pydis: {file}: {FirstLine(e.Message)}\n" };
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Bad data in the tables, an option the release lacks (--info before 3.2), an output file that cannot be written,
                // or a defect: the module's error for it, and on with the other files.
                return new Result { Error = Program.ErrorLine(file, PyDisError.FromException(e is PycFormatException f ? f.WithPath(file) : e, file)) };
            }
        }

        /// <summary>
        /// The file's odd code objects, one stderr line each: "pydis: warning: FILE: CODEPATH: problem" where dis copes,
        /// "pydis: FILE: CODEPATH: problem" (and exit code 1) where the version's own dis raises.
        /// </summary>
        private static Result Problems(PycInput input, SoundCode sound, Result result)
        {
            var found = CodeProblemReport.Find(input, sound);
            if (found.Count == 0) return result;
            var sb = new StringBuilder();
            foreach (var p in found)
            {
                sb.Append(p.DisFails ? "pydis: " : "pydis: warning: ").Append(p.Message).Append('\n');
                result.DisFails |= p.DisFails;
            }
            result.Warnings = sb.ToString();
            return result;
        }

        private readonly ConcurrentDictionary<string, bool> _createdDirs = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        // --output-dir: one writer per worker thread, its buffers reused for every file.
        private readonly ThreadLocal<ReusableUtf8Writer> _fileWriters = new ThreadLocal<ReusableUtf8Writer>(() => new ReusableUtf8Writer());

        // sound: where the text formatter records the code objects it finds sound on its way (null: it checks nothing).
        private void Render(CodeObject code, string file, TextWriter writer, SoundCode? sound = null)
        {
            if (_options.Graph is GraphFormat graph)
            {
                WriteGraphs(code, graph, writer);
                return;
            }
            if (_options.Format == OutputFormat.Json)
            {
                JsonLinesFormatter.Write(code, file, writer);
                return;
            }
            if (_options.Info)
            {
                CodeInfoFormatter.WriteAll(code, writer);
                return;
            }
            var cache = _formatters.Value!;
            if (!cache.TryGetValue(code.Release, out var formatter))
                cache[code.Release] = formatter = new DisFormatter(code.Release, _disOptions);
            formatter.SoundCode = sound;
            formatter.Write(code, writer);
        }

        /// <summary>--graph: every code object (down to --depth levels) as one graph, blank lines between them.</summary>
        private void WriteGraphs(CodeObject root, GraphFormat format, TextWriter writer)
        {
            bool first = true;
            foreach (var walked in root.Walk(root.Name, _options.Depth))
            {
                if (!first) writer.Write("\n");
                first = false;
                writer.Write(Query.FlowGraphText(walked.Code, walked.Path, format));
            }
        }

        /// <summary>DIR/&lt;input path as given&gt;.dis; a rooted input loses its root, ".." parts are kept inside DIR.</summary>
        internal static string OutputPath(string dir, string input)
        {
            string rel = input;
            string root = Path.GetPathRoot(rel) ?? "";
            if (root.Length > 0) rel = rel.Substring(root.Length);
            var parts = rel.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length; i++)
                if (parts[i] == "..") parts[i] = "__";
            return Path.Combine(dir, Path.Combine(parts)) + ".dis";
        }

        private static string FirstLine(string message)
        {
            int nl = message.IndexOf('\n');
            string first = nl >= 0 ? message.Substring(0, nl) : message;
            // ArgumentException appends " (Parameter 'x')"; the user did not pass a parameter.
            int p = first.IndexOf(" (Parameter '", StringComparison.Ordinal);
            return p >= 0 ? first.Substring(0, p) : first;
        }
    }
}
