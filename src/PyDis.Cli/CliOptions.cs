using System;
using System.Collections.Generic;
using System.Globalization;
using PyDis.Core;
using PyDis.Core.Flow;
using PyDis.Core.Formatting;
using PyDis.Core.Releases;

namespace PyDis.Cli
{
    internal enum OutputFormat { Text, Json }

    /// <summary>The parsed command line. Parsing is hand-written to keep the tool free of package dependencies.</summary>
    internal sealed class CliOptions
    {
        public List<string> Paths { get; } = new List<string>();
        public bool ShowCaches { get; private set; }
        public bool ShowOffsets { get; private set; }
        public bool ShowPositions { get; private set; }
        public bool Info { get; private set; }
        public int? Depth { get; private set; }
        public int Lasti { get; private set; } = -1;
        public OutputFormat Format { get; private set; } = OutputFormat.Text;
        public PyVersion? PythonVersion { get; private set; }
        public string? OutputDir { get; private set; }
        public bool RoundTrip { get; private set; }
        public bool Help { get; private set; }
        /// <summary>--check-stack: compare the stack-depth walk with co_stacksize instead of disassembling.</summary>
        public bool CheckStack { get; private set; }
        /// <summary>--stack: the stack depth before each instruction, as a column in front of the dis text.</summary>
        public bool Stack { get; private set; }
        /// <summary>--graph dot|mermaid: each code object's control-flow graph instead of its disassembly.</summary>
        public GraphFormat? Graph { get; private set; }
        public bool Version { get; private set; }

        public DisOptions ToDisOptions() => new DisOptions
        {
            ShowCaches = ShowCaches, ShowOffsets = ShowOffsets, ShowPositions = ShowPositions, Depth = Depth, Lasti = Lasti,
            Annotator = Stack ? StackDepthAnnotator.Instance : null,
        };

        /// <summary>--help text; the versions come from the release registry.</summary>
        public static string Usage => UsageTemplate.Replace("{disassembled}", ReleaseRegistry.Supported.RangeText(" and "));

        private const string UsageTemplate =
@"usage: pydis [options] PATH...

Disassemble CPython .pyc/.pyo files ({disassembled}) exactly as that version's dis module prints them.
PATH is a .pyc/.pyo file, a .py source (a <name>.pyc/.pyo beside it, then its __pycache__/<name>.*.pyc
files), or a directory (every *.pyc below it, in ordinal path order).

options:
  -C, --show-caches        show inline cache entries (Python 3.11+)
  -O, --show-offsets       show instruction offsets next to labels (Python 3.13+)
  -P, --show-positions     show source positions instead of line numbers (Python 3.14+)
      --depth N            recurse at most N levels into nested code objects (Python 3.7+)
      --lasti N            mark the instruction at offset N with -->, like dis.disassemble(co, lasti=N)
                           (top-level code object only, as in CPython)
      --info               print dis.code_info of every code object instead (Python 3.2+)
      --format text|json   text (default), or JSON Lines: one instruction per line
      --python-version X.Y the input is a bare marshalled code object of that version (no .pyc header)
      --output-dir DIR     write each input's output to DIR/<input path>.dis instead of stdout
      --roundtrip          read every file and write it again in memory; list the files whose bytes
                           differ (with the first differing byte offset); exit 0 when none differ
      --stack              put the stack depth before each instruction in front of its line, as the
                           version's compiler walked it: [3], [-] where the walk never came
      --graph dot|mermaid  print each code object's control-flow graph (Graphviz DOT or Mermaid text)
                           instead of its disassembly; --depth N limits the nesting
      --check-stack        walk every code object's stack depth the way its compiler did and list
                           those whose maximum differs from co_stacksize, with the cause, then the
                           counts per cause; exit 0 when every difference has a named cause
  -h, --help               show this help
      --version            show the version

exit status: 0 success, 1 if any file failed (with --check-stack: or a difference has no named
cause), 2 for a usage error. A code object whose co_code or tables are inconsistent is printed as
dis prints it with 'pydis: warning: FILE: CODEPATH: problem' on stderr (exit 0); where that version's
dis itself raises on it, the line has no 'warning:' and the exit status is 1.
";

        /// <summary>Parses <paramref name="args"/>; returns an error message for a usage error, else null.</summary>
        public static string? TryParse(string[] args, out CliOptions options)
        {
            options = new CliOptions();
            bool onlyPaths = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (onlyPaths || a.Length < 2 || a[0] != '-')
                {
                    options.Paths.Add(a);
                    continue;
                }
                string? inlineValue = null;
                if (a.StartsWith("--", StringComparison.Ordinal))
                {
                    int eq = a.IndexOf('=');
                    if (eq > 0) { inlineValue = a.Substring(eq + 1); a = a.Substring(0, eq); }
                }
                else if (a.Length > 2)
                {
                    // Bundled short flags: -CO, -COP.
                    foreach (char c in a.Substring(1))
                    {
                        string? err = options.Flag("-" + c);
                        if (err != null) return err;
                    }
                    continue;
                }

                switch (a)
                {
                    case "--":
                        onlyPaths = true;
                        break;
                    case "--depth":
                    case "--lasti":
                    case "--format":
                    case "--python-version":
                    case "--output-dir":
                    case "--graph":
                        string? value = inlineValue;
                        if (value is null)
                        {
                            if (i + 1 >= args.Length) return $"option {a} needs a value";
                            value = args[++i];
                        }
                        string? e = options.Value(a, value);
                        if (e != null) return e;
                        break;
                    default:
                        if (inlineValue != null) return $"option {a} takes no value";
                        string? fe = options.Flag(a);
                        if (fe != null) return fe;
                        break;
                }
            }
            if (options.Help || options.Version) return null;
            if (options.Paths.Count == 0) return "no PATH given";
            if (options.Info && options.Format == OutputFormat.Json) return "--info prints text; it cannot be combined with --format json";
            if (options.RoundTrip && (options.Info || options.Format == OutputFormat.Json || options.OutputDir != null
                || options.ShowCaches || options.ShowOffsets || options.ShowPositions || options.Depth.HasValue || options.Lasti >= 0))
                return "--roundtrip writes no disassembly; it takes only paths (and --python-version)";
            if (options.CheckStack && (options.RoundTrip || options.Info || options.Format == OutputFormat.Json || options.OutputDir != null
                || options.ShowCaches || options.ShowOffsets || options.ShowPositions || options.Depth.HasValue || options.Lasti >= 0))
                return "--check-stack prints its own report; it takes only paths (and --python-version)";
            if (options.Graph != null && (options.CheckStack || options.RoundTrip || options.Info || options.Format == OutputFormat.Json
                || options.Stack || options.ShowCaches || options.ShowOffsets || options.ShowPositions || options.Lasti >= 0))
                return "--graph prints graphs; it takes only paths, --depth, --output-dir and --python-version";
            if (options.Stack && (options.Info || options.Format == OutputFormat.Json))
                return "--stack adds a column to the dis text; it cannot be combined with --info or --format json";
            return null;
        }

        private string? Flag(string a)
        {
            switch (a)
            {
                case "-C": case "--show-caches": ShowCaches = true; return null;
                case "-O": case "--show-offsets": ShowOffsets = true; return null;
                case "-P": case "--show-positions": ShowPositions = true; return null;
                case "--info": Info = true; return null;
                case "--roundtrip": RoundTrip = true; return null;
                case "--check-stack": CheckStack = true; return null;
                case "--stack": Stack = true; return null;
                case "-h": case "--help": Help = true; return null;
                case "--version": Version = true; return null;
                default: return $"unknown option {a}";
            }
        }

        private string? Value(string a, string value)
        {
            switch (a)
            {
                case "--depth":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int d)) return $"--depth needs a number of levels (0 or more), not '{value}'";
                    Depth = d;
                    return null;
                case "--lasti":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int l)) return $"--lasti needs a byte offset (0 or more), not '{value}'";
                    Lasti = l;
                    return null;
                case "--format":
                    if (value == "text") Format = OutputFormat.Text;
                    else if (value == "json") Format = OutputFormat.Json;
                    else return $"--format is text or json, not '{value}'";
                    return null;
                case "--graph":
                    if (value == "dot") Graph = GraphFormat.Dot;
                    else if (value == "mermaid") Graph = GraphFormat.Mermaid;
                    else return $"--graph is dot or mermaid, not '{value}'";
                    return null;
                case "--python-version":
                    if (!PyVersion.TryParse(value, out var v) || !ReleaseRegistry.Supported.Contains(v))
                        return $"--python-version needs a supported version X.Y ({ReleaseRegistry.Supported.RangeText(", ")}), not '{value}'";
                    PythonVersion = v;
                    return null;
                default:
                    if (value.Length == 0) return "--output-dir needs a directory";
                    OutputDir = value;
                    return null;
            }
        }
    }
}
