using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Turns resolved file-system paths into the .pyc files to read, for the module and pydis alike: a
    /// <c>.py</c> source stands for its compiled files: <c>&lt;stem&gt;.pyc</c> / <c>.pyo</c> beside it (where
    /// Python 2 writes them, and <c>compileall -b</c> for 3.x), then <c>__pycache__/&lt;stem&gt;.*.pyc</c> (one
    /// per interpreter that compiled it, sorted by name); with <see cref="WalkDirectories"/> (pydis) a directory
    /// stands for every *.pyc below it, in ordinal path order; anything else is read as it is (the loader
    /// reports a directory or a missing file). With <see cref="DropsDuplicates"/> (pydis) a file is read once,
    /// first occurrence kept, comparing case-insensitively only on Windows and macOS, whose default file
    /// systems are; the module gives one result per input, as PowerShell's own cmdlets do.
    /// </summary>
    public sealed class PycPathExpander
    {
        private readonly HashSet<string> _seen;

        public PycPathExpander() : this(DefaultComparer()) { }

        public PycPathExpander(StringComparer comparer) { _seen = new HashSet<string>(comparer); }

        /// <summary>Whether a file reached twice (named twice, or by two patterns) is read once (pydis) or each time (the module).</summary>
        public bool DropsDuplicates { get; set; } = true;

        /// <summary>Whether a directory stands for the *.pyc files below it (pydis) or is passed on as it is (the module, which has Get-ChildItem).</summary>
        public bool WalkDirectories { get; set; }

        public static StringComparer DefaultComparer() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparer.OrdinalIgnoreCase
                : StringComparer.Ordinal;

        /// <summary>Whether a path names Python source, whose compiled forms live in __pycache__.</summary>
        public static bool IsSource(string path) =>
            string.Equals(Path.GetExtension(path), ".py", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The compiled files of a source file: the legacy <c>.pyc</c> then <c>.pyo</c> beside it, then its
        /// __pycache__ files sorted by name; empty when there are none.
        /// </summary>
        public static IReadOnlyList<string> CompiledFilesOf(string sourcePath)
        {
            string full = Path.GetFullPath(sourcePath);
            string stem = Path.GetFileNameWithoutExtension(sourcePath);
            var found = new List<string>();
            string beside = Path.Combine(Path.GetDirectoryName(full) ?? "", stem);
            foreach (var legacy in new[] { beside + ".pyc", beside + ".pyo" })
                if (File.Exists(legacy)) found.Add(legacy);
            int legacyCount = found.Count;
            string dir = Path.Combine(Path.GetDirectoryName(full) ?? "", "__pycache__");
            if (!Directory.Exists(dir)) return found;
            foreach (var f in Directory.GetFiles(dir, stem + ".*.pyc"))
            {
                // "a.*.pyc" also matches "a.b.cpython-312.pyc" (compiled from a.b.py): keep only names whose
                // middle is one interpreter tag, optionally followed by ".opt-N" (PEP 488).
                string name = Path.GetFileName(f);
                string middle = name.Substring(stem.Length + 1, name.Length - stem.Length - 1 - ".pyc".Length);
                if (IsCacheTag(middle)) found.Add(f);
            }
            found.Sort(legacyCount, found.Count - legacyCount, StringComparer.Ordinal);
            return found;
        }

        private static bool IsCacheTag(string middle)
        {
            var parts = middle.Split('.');
            if (parts[0].Length == 0) return false;
            if (parts.Length == 1) return true;
            return parts.Length == 2 && parts[1].StartsWith("opt-", StringComparison.Ordinal) && parts[1].Length > 4;
        }

        /// <summary>
        /// The files to read for one resolved path, each at most once per expander. A .py source with no
        /// compiled file yields nothing; the caller reports that (see <see cref="IsSource"/>).
        /// </summary>
        public IEnumerable<string> Expand(string resolvedPath)
        {
            if (IsSource(resolvedPath))
            {
                foreach (var f in CompiledFilesOf(resolvedPath))
                    if (FirstTime(f)) yield return f;
            }
            else if (WalkDirectories && Directory.Exists(resolvedPath))
            {
                var found = new List<string>(Directory.EnumerateFiles(resolvedPath, "*.pyc", SearchOption.AllDirectories));
                found.Sort(StringComparer.Ordinal);
                foreach (var f in found)
                    if (FirstTime(f)) yield return f;
            }
            else if (FirstTime(resolvedPath))
            {
                yield return resolvedPath;
            }
        }

        private bool FirstTime(string file) => !DropsDuplicates || _seen.Add(file);

        /// <summary>
        /// <see cref="Expand(string)"/>, plus the error to report when a path gives nothing to read: a .py source
        /// whose __pycache__ has no compiled file for it (or that does not exist).
        /// </summary>
        public List<string> Expand(string resolvedPath, out PyDisError? error)
        {
            var files = new List<string>(Expand(resolvedPath));
            error = files.Count == 0 && IsSource(resolvedPath) && CompiledFilesOf(resolvedPath).Count == 0
                ? (File.Exists(resolvedPath) ? PyDisError.NoCompiled(resolvedPath) : PyDisError.NotFound(resolvedPath))
                : null;
            return files;
        }
    }
}
