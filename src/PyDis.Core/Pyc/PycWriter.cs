using System;
using System.Collections.Generic;
using System.IO;
using PyDis.Core.Model;
using PyDis.Core.Marshal;

namespace PyDis.Core.Pyc
{
    /// <summary>Writes a .pyc: the header, then the marshalled top-level code object (importlib's _code_to_* functions).</summary>
    public static class PycWriter
    {
        /// <summary>The file again: its header as read and its code tree through <see cref="MarshalWriter"/>.</summary>
        public static byte[] Write(PycFile file)
        {
            if (file is null) throw new ArgumentNullException(nameof(file));
            return Write(file.Header, file.Root, null);
        }

        /// <summary>
        /// A code object tree as a file: <paramref name="header"/> (null: bare marshal data) and the code object in
        /// the marshal form it was read with (<see cref="CodeObject.MarshalRef"/>).
        /// </summary>
        public static byte[] Write(PycHeader? header, CodeObject root)
        {
            if (root is null) throw new ArgumentNullException(nameof(root));
            var r = root.MarshalRef;
            var codeRef = r != null && ReferenceEquals(r.Code, root) ? r : MarshalWriter.StyledAfter(new PyCodeRef(root), r);
            return Write(header, codeRef);
        }

        /// <summary>
        /// <paramref name="header"/> (null: bare marshal data, no header) followed by <paramref name="root"/>
        /// marshalled for the root code object's version. <paramref name="codeSpans"/>, when given, receives
        /// where each code object's bytes went.
        /// </summary>
        public static byte[] Write(PycHeader? header, PyCodeRef root, IDictionary<CodeObject, (int Start, int Length)>? codeSpans = null)
        {
            if (root is null) throw new ArgumentNullException(nameof(root));
            var version = root.Code.Version;
            if (header != null && header.Version != version)
                throw new ArgumentException($"a Python {header.Version} header cannot carry a Python {version} code object", nameof(header));
            var w = new ByteWriter(4096);
            header?.Write(w);
            MarshalWriter.Write(root, version, w, codeSpans);
            return w.ToArray();
        }

        /// <summary>
        /// The header <paramref name="options"/> ask for: <paramref name="old"/> (the file's) when they ask nothing,
        /// else a timestamp header (source mtime and size) or a PEP 552 hash-based one (the source's SipHash).
        /// </summary>
        public static PycHeader HeaderFor(PyVersion version, PycHeader? old, PycHeaderOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (old != null && old.Version != version) old = null;
            if (options.Invalidation is null && options.Source is null && options.SourceModified is null && old != null) return old;
            var mode = options.Invalidation ?? old?.Invalidation ?? PycInvalidation.Timestamp;
            if (mode == PycInvalidation.Timestamp)
            {
                uint mtime = options.SourceModified is DateTimeOffset t ? (uint)t.ToUnixTimeSeconds() : old?.Mtime ?? 0;
                uint size = options.Source != null ? (uint)options.Source.LongLength : old?.SourceSize ?? 0;
                return PycHeader.Timestamp(version, mtime, size);
            }
            byte[] hash = options.Source != null ? SourceHash.Of(options.Source, version)
                : old?.SourceHash ?? (mode == PycInvalidation.UncheckedHash ? new byte[8]
                    : throw new ArgumentException("a checked hash-based pyc needs the source file (-SourcePath) to hash"));
            return PycHeader.HashBased(version, hash, mode == PycInvalidation.CheckedHash);
        }

        /// <summary>
        /// Writes <paramref name="data"/> to <paramref name="path"/> without ever leaving a half-written file there:
        /// into a new file beside it first, then moved over it (an existing file only when <paramref name="overwrite"/>).
        /// </summary>
        public static void WriteFileAtomically(string path, byte[] data, bool overwrite)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            if (data is null) throw new ArgumentNullException(nameof(data));
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new IOException($"'{full}' is a directory.");
            bool exists = File.Exists(full);
            if (exists && !overwrite) throw new IOException($"The file '{full}' already exists; use -Force to replace it.");
            string dir = Path.GetDirectoryName(full) ?? ".";
            string temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                }
                if (exists) File.Replace(temp, full, null);
                else File.Move(temp, full);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }

    /// <summary>How a new pyc header is stamped (null fields: as the code object's file had it).</summary>
    public sealed class PycHeaderOptions
    {
        /// <summary>Timestamp (mtime and size), CheckedHash or UncheckedHash (PEP 552, 3.7+).</summary>
        public PycInvalidation? Invalidation { get; set; }
        /// <summary>The source file the pyc stands for: its size, or its hash.</summary>
        public byte[]? Source { get; set; }
        /// <summary>The source's modification time for a timestamp header.</summary>
        public DateTimeOffset? SourceModified { get; set; }
    }

    /// <summary>What writing a file again gave: equal bytes, or where they first differ, and per code object.</summary>
    public sealed class RoundTripResult
    {
        internal RoundTripResult(string? path, PyVersion version, int originalLength, int writtenLength, long? firstDifference,
            int codeObjects, int codeObjectsIdentical, byte[] written)
        {
            Path = path;
            Version = version;
            OriginalLength = originalLength;
            WrittenLength = writtenLength;
            FirstDifference = firstDifference;
            CodeObjects = codeObjects;
            CodeObjectsIdentical = codeObjectsIdentical;
            Written = written;
        }

        public string? Path { get; }
        public PyVersion Version { get; }
        public int OriginalLength { get; }
        public int WrittenLength { get; }
        /// <summary>Offset of the first byte that differs (the shorter length when one is a prefix of the other); null when identical.</summary>
        public long? FirstDifference { get; }
        public bool Identical => FirstDifference is null;
        public int CodeObjects { get; }
        /// <summary>Code objects whose marshalled bytes (refs included) are equal at their place in both files.</summary>
        public int CodeObjectsIdentical { get; }
        /// <summary>The bytes written.</summary>
        public byte[] Written { get; }
    }

    /// <summary>Reads a pyc and writes it again in memory: the marshal writer's byte-identity check.</summary>
    public static class PycRoundTrip
    {
        /// <summary>
        /// Reads <paramref name="data"/> (a pyc; bare marshal data of <paramref name="bareVersion"/> when given)
        /// and writes it again.
        /// </summary>
        public static RoundTripResult Check(byte[] data, string? path = null, PyVersion? bareVersion = null)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            var file = bareVersion is PyVersion v ? PycFile.LoadMarshal(data, v, path) : PycFile.Load(data, path);
            var spans = new Dictionary<CodeObject, (int Start, int Length)>();
            var written = PycWriter.Write(file.Header, file.Root, spans);

            long? first = null;
            int n = Math.Min(data.Length, written.Length);
            for (int i = 0; i < n; i++)
                if (data[i] != written[i]) { first = i; break; }
            if (first is null && data.Length != written.Length) first = n;

            int codes = 0, same = 0;
            var stack = new Stack<PyCodeRef>();
            stack.Push(file.Root);
            while (stack.Count > 0)
            {
                var r = stack.Pop();
                codes++;
                if (first is null || SpanEqual(data, r, written, spans)) same++;
                foreach (var c in r.Code.Consts)
                    if (c is PyCodeRef child) stack.Push(child);
            }
            return new RoundTripResult(path, file.Version, data.Length, written.Length, first, codes, same, written);
        }

        private static bool SpanEqual(byte[] data, PyCodeRef r, byte[] written, Dictionary<CodeObject, (int Start, int Length)> spans)
        {
            if (!spans.TryGetValue(r.Code, out var span) || span.Length != r.SourceLength) return false;
            long at = r.SourceOffset;
            for (int i = 0; i < span.Length; i++)
                if (data[at + i] != written[span.Start + i]) return false;
            return true;
        }
    }
}
