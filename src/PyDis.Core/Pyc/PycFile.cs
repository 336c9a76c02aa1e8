using System;
using System.IO;
using PyDis.Core.Model;
using PyDis.Core.Marshal;
using PyDis.Core.Releases;

namespace PyDis.Core.Pyc
{
    /// <summary>A loaded .pyc: its header (absent for bare marshal data) and its top-level code object.</summary>
    public sealed class PycFile
    {
        private PycFile(PycHeader? header, Release release, PyCodeRef root, string? path)
        {
            Header = header;
            Release = release;
            Root = root;
            Path = path;
        }

        /// <summary>The header; null when the data was bare marshalled code (<see cref="LoadMarshal"/>).</summary>
        public PycHeader? Header { get; }

        /// <summary>The rules of the release line that wrote the file.</summary>
        public Release Release { get; }

        public PyVersion Version => Release.Version;

        /// <summary>The top-level code object (the module).</summary>
        public CodeObject Code => Root.Code;

        /// <summary>The marshalled top-level object, with its type code and ref facts.</summary>
        public PyCodeRef Root { get; }

        public string? Path { get; }

        /// <summary>Reads a pyc: header, then the marshalled code object of the version the magic names.</summary>
        public static PycFile Load(byte[] data, string? path = null)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            try
            {
                var header = PycHeader.Read(data);
                var release = header.Release;
                return new PycFile(header, release, ReadCode(data, header.Size, release), path);
            }
            catch (PycFormatException e) when (path != null)
            {
                throw e.WithPath(path);
            }
        }

        /// <summary>Reads bare marshalled code (no header) as <paramref name="version"/> wrote it.</summary>
        public static PycFile LoadMarshal(byte[] data, PyVersion version, string? path = null)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            var release = ReleaseRegistry.Supported.Get(version);
            try
            {
                return new PycFile(null, release, ReadCode(data, 0, release), path);
            }
            catch (PycFormatException e) when (path != null)
            {
                throw e.WithPath(path);
            }
        }

        /// <summary>Reads a pyc file from disk.</summary>
        public static PycFile Open(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            return Load(File.ReadAllBytes(path), path);
        }

        private static PyCodeRef ReadCode(byte[] data, int offset, Release release)
        {
            var root = MarshalReader.ReadObject(data, offset, release);
            return root as PyCodeRef
                ?? throw new PycFormatException(offset, "pyc body", $"the body is a {root.Kind}, not a code object");
        }
    }
}
