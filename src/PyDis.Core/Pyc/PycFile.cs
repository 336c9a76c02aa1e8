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
            return Load(new ByteReader(data), path);
        }

        /// <summary>Reads a pyc from <paramref name="reader"/>'s position on.</summary>
        internal static PycFile Load(ByteReader reader, string? path)
        {
            try
            {
                var header = PycHeader.Read(reader);
                var release = header.Release;
                return new PycFile(header, release, ReadCode(reader, release), path);
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
            return LoadMarshal(new ByteReader(data), version, path);
        }

        internal static PycFile LoadMarshal(ByteReader reader, PyVersion version, string? path)
        {
            var release = ReleaseRegistry.Supported.Get(version);
            try
            {
                return new PycFile(null, release, ReadCode(reader, release), path);
            }
            catch (PycFormatException e) when (path != null)
            {
                throw e.WithPath(path);
            }
        }

        /// <summary>Reads a pyc file from disk (through a small window, not a copy of the whole file).</summary>
        public static PycFile Open(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            using (var reader = ByteReader.OpenFile(path))
                return Load(reader, path);
        }

        /// <summary>The code object marshalled at <paramref name="reader"/>'s position (after the header, if any).</summary>
        internal static PyCodeRef ReadCode(ByteReader reader, Release release)
        {
            long offset = reader.Offset;
            var root = MarshalReader.ReadObject(reader, release);
            return root as PyCodeRef
                ?? throw new PycFormatException(offset, "pyc body", $"the body is a {root.Kind}, not a code object");
        }
    }
}
