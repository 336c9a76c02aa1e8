using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Turns resolved file-system paths into the .pyc files to read: a <c>.py</c> source stands for its
    /// compiled files in <c>__pycache__/&lt;stem&gt;.*.pyc</c> (one per interpreter that compiled it, sorted
    /// by name); anything else is read as it is. Duplicates are dropped, first occurrence kept, comparing
    /// case-insensitively only on Windows and macOS, whose default file systems are.
    /// </summary>
    public sealed class PycPathExpander
    {
        private readonly HashSet<string> _seen;

        public PycPathExpander() : this(DefaultComparer()) { }

        public PycPathExpander(StringComparer comparer) { _seen = new HashSet<string>(comparer); }

        public static StringComparer DefaultComparer() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparer.OrdinalIgnoreCase
                : StringComparer.Ordinal;

        /// <summary>Whether a path names Python source, whose compiled forms live in __pycache__.</summary>
        public static bool IsSource(string path) =>
            string.Equals(Path.GetExtension(path), ".py", StringComparison.OrdinalIgnoreCase);

        /// <summary>The compiled files of a source file, sorted by name; empty when there are none.</summary>
        public static IReadOnlyList<string> CompiledFilesOf(string sourcePath)
        {
            string dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? "", "__pycache__");
            if (!Directory.Exists(dir)) return Array.Empty<string>();
            string stem = Path.GetFileNameWithoutExtension(sourcePath);
            var found = new List<string>();
            foreach (var f in Directory.GetFiles(dir, stem + ".*.pyc"))
            {
                // "a.*.pyc" also matches "a.b.cpython-312.pyc" (compiled from a.b.py): keep only names whose
                // middle is one interpreter tag, optionally followed by ".opt-N" (PEP 488).
                string name = Path.GetFileName(f);
                string middle = name.Substring(stem.Length + 1, name.Length - stem.Length - 1 - ".pyc".Length);
                if (IsCacheTag(middle)) found.Add(f);
            }
            found.Sort(StringComparer.Ordinal);
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
                    if (_seen.Add(f)) yield return f;
            }
            else if (_seen.Add(resolvedPath))
            {
                yield return resolvedPath;
            }
        }
    }
}
