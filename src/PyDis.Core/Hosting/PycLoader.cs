using System;
using System.IO;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Records;
using PyDis.Core.Releases;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Loads the files a host was given, for the module and pydis alike: each failure becomes one
    /// <see cref="PyDisError"/> with the same id and text in both (missing file, directory, unreadable file,
    /// not a pyc, a release PyDis does not read, malformed data).
    /// </summary>
    public static class PycLoader
    {
        /// <summary>
        /// Reads and loads one file. <paramref name="bareMarshal"/>: the file is bare marshalled code of that
        /// release (no pyc header). On failure returns false and the error to report.
        /// </summary>
        public static bool TryOpen(string path, out PycInput? input, out PyDisError? error, PyVersion? bareMarshal = null)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            input = null;
            // Opened first, questions asked only when that fails: one open per file on the common path.
            if (!TryOpenReader(path, out var reader, out error)) return false;
            using (reader)
            {
                try
                {
                    return TryLoad(reader!, path, out input, out error, bareMarshal);
                }
                catch (IOException ex)
                {
                    input = null;
                    error = ReadFailure(path, ex);
                    return false;
                }
            }
        }

        /// <summary>Loads .pyc bytes (or bare marshal data of <paramref name="bareMarshal"/>): unknown magic, unsupported release and malformed data become errors.</summary>
        public static bool TryLoad(byte[] data, string path, out PycInput? input, out PyDisError? error, PyVersion? bareMarshal = null)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return TryLoad(new ByteReader(data), path, out input, out error, bareMarshal);
        }

        private static bool TryLoad(ByteReader reader, string path, out PycInput? input, out PyDisError? error, PyVersion? bareMarshal)
        {
            input = null;
            try
            {
                error = bareMarshal is null ? CheckMagic(reader, path) : null;
                if (error != null) return false;
                var pyc = bareMarshal is PyVersion v ? PycFile.LoadMarshal(reader, v, path) : PycFile.Load(reader, path);
                input = new PycInput(path, pyc.Code, pyc.Header, pyc.Code.Name, isCodeObject: false);
                return true;
            }
            catch (PycFormatException ex)
            {
                error = PyDisError.FromException(ex.WithPath(path), path);
                return false;
            }
        }

        /// <summary>
        /// The header record of one file (Get-PyPycInfo): from the header alone with <paramref name="headerOnly"/>
        /// (only its bytes are read), else with the code after it loaded too, where a damaged body leaves the
        /// header fields and sets <see cref="PycInfo.BodyStatus"/> Damaged and <see cref="PycInfo.BodyError"/>.
        /// False with the error when the file cannot be read or its header is not a readable pyc header.
        /// </summary>
        public static bool TryReadInfo(string path, bool headerOnly, out PycInfo? info, out PyDisError? error)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            info = null;
            ByteReader? reader;
            if (headerOnly)
            {
                try
                {
                    reader = new ByteReader(ReadHead(path, PycHeader.MaxSize));
                }
                catch (Exception ex) when (IsReadFailure(ex))
                {
                    error = ReadFailure(path, ex);
                    return false;
                }
            }
            else if (!TryOpenReader(path, out reader, out error)) return false;
            using (reader)
            {
                try
                {
                    return TryReadInfo(reader!, path, headerOnly, out info, out error);
                }
                catch (IOException ex)
                {
                    info = null;
                    error = ReadFailure(path, ex);
                    return false;
                }
            }
        }

        private static bool TryReadInfo(ByteReader reader, string path, bool headerOnly, out PycInfo? info, out PyDisError? error)
        {
            info = null;
            PycHeader header;
            try
            {
                error = CheckMagic(reader, path);
                if (error != null) return false;
                header = PycHeader.Read(reader);
            }
            catch (PycFormatException ex)
            {
                error = PyDisError.FromException(ex.WithPath(path), path);
                return false;
            }
            info = PycInfo.From(header, path);
            info.BodyStatus = headerOnly ? PycBodyStatus.NotRead : PycBodyStatus.Intact;
            if (!headerOnly)
            {
                try
                {
                    PycFile.ReadCode(reader, header.Release);
                }
                catch (PycFormatException ex)
                {
                    info.BodyStatus = PycBodyStatus.Damaged;
                    info.BodyError = ex.Description;
                }
            }
            return true;
        }

        private static bool TryOpenReader(string path, out ByteReader? reader, out PyDisError? error)
        {
            error = null;
            try
            {
                reader = ByteReader.OpenFile(path);
                return true;
            }
            catch (Exception ex) when (IsReadFailure(ex))
            {
                reader = null;
                error = ReadFailure(path, ex);
                return false;
            }
        }

        private static bool IsReadFailure(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException;

        private static byte[] ReadHead(string path, int count)
        {
            using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
                var buffer = new byte[count];
                int n = 0, got;
                while (n < count && (got = f.Read(buffer, n, count - n)) > 0) n += got;
                if (n == count) return buffer;
                var head = new byte[n];
                Array.Copy(buffer, head, n);
                return head;
            }
        }

        /// <summary>The error for a file that could not be read at all.</summary>
        private static PyDisError ReadFailure(string path, Exception ex) =>
            ex is NotSupportedException || ex is ArgumentException
                // An ill-formed path (bad characters, a device name): nothing to read.
                ? PyDisError.About(PyDisError.ReadError, PyDisErrorCategory.ReadError, path, ex.Message, ex)
                : Directory.Exists(path)
                ? PyDisError.About(PyDisError.ReadError, PyDisErrorCategory.ReadError, path, "this is a directory; pass the .pyc files in it (Get-ChildItem -Recurse -Filter *.pyc).")
                : ex is FileNotFoundException || ex is DirectoryNotFoundException ? PyDisError.NotFound(path)
                : PyDisError.FromException(ex, path);

        /// <summary>The input for one code object piped in (from Get-PyCodeObject): it stands for itself.</summary>
        public static PycInput FromCodeObject(CodeObject code, string? path, string codePath) =>
            new PycInput(path, code, null, codePath, isCodeObject: true);

        /// <summary>The release a file's magic number names (the file itself, or a .py source's first compiled file).</summary>
        public static bool TryReadVersion(string path, out PyVersion version)
        {
            version = default;
            try
            {
                if (PycPathExpander.IsSource(path))
                {
                    var compiled = PycPathExpander.CompiledFilesOf(path);
                    if (compiled.Count == 0) return false;
                    path = compiled[0];
                }
                var head = new byte[4];
                using (var f = File.OpenRead(path))
                    if (f.Read(head, 0, 4) != 4) return false;
                if (CheckMagic(head, path) != null) return false;
                MagicNumbers.Classify((ushort)(head[0] | head[1] << 8), out var info, out _);
                version = info!.Version;
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return false;
            }
        }

        // The magic check that names what the file is when it is not something PyDis reads (PycHeader.Read would
        // only say where the bytes went wrong).
        private static PyDisError? CheckMagic(ByteReader reader, string path)
        {
            // The first bytes, looked at where they are in the reader's window without reading past them.
            int count = Math.Min(4, reader.Remaining);
            reader.Require(count, "pyc magic number");
            return CheckMagic(reader.Data, reader.DataIndex, count, path);
        }

        private static PyDisError? CheckMagic(byte[] data, string path) => CheckMagic(data, 0, data.Length, path);

        private static PyDisError? CheckMagic(byte[] data, int start, int count, string path)
        {
            if (count < 4 || data[start + 2] != '\r' || data[start + 3] != '\n')
                return PyDisError.About(PyDisError.UnknownMagic, PyDisErrorCategory.InvalidData, path,
                    "not a compiled Python file: it does not start with a magic number followed by \\r\\n.");
            int magic = data[start] | data[start + 1] << 8;
            switch (MagicNumbers.Classify((ushort)magic, out _, out var label))
            {
                case MagicStatus.Supported:
                    return null;
                case MagicStatus.Unknown:
                    return PyDisError.About(PyDisError.UnknownMagic, PyDisErrorCategory.InvalidData, path,
                        MagicNumbers.DescribeUnknown((ushort)magic) + ".");
                default:
                    return PyDisError.About(PyDisError.UnsupportedVersion, PyDisErrorCategory.NotImplemented, path,
                        $"compiled by Python {label} (magic number {magic}); PyDis reads {ReleaseRegistry.Supported.RangeText(" and ")}.");
            }
        }
    }
}
