using System;
using System.IO;
using PyDis.Core.Releases;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// Why an input could not be read, in host-neutral terms. The names of <see cref="PyDisErrorCategory"/>
    /// are those of PowerShell's ErrorCategory, so a host maps them by name.
    /// </summary>
    public enum PyDisErrorCategory
    {
        ObjectNotFound,
        InvalidArgument,
        InvalidData,
        NotImplemented,
        ReadError,
        WriteError,
        PermissionDenied,
        NotSpecified,
    }

    /// <summary>
    /// A per-input failure: a stable id, its category, a message and the input it concerns. Every message names
    /// its input first and then says what is wrong ("FILE: DETAIL", see <see cref="About"/>), the same in the
    /// module and in pydis, which prints the target itself before <see cref="Detail"/>.
    /// </summary>
    public sealed class PyDisError
    {
        public const string FileNotFound = "PyDis.FileNotFound";
        public const string NotFileSystemPath = "PyDis.NotFileSystemPath";
        public const string NoCompiledFile = "PyDis.NoCompiledFile";
        public const string UnknownMagic = "PyDis.UnknownMagic";
        public const string UnsupportedVersion = "PyDis.UnsupportedVersion";
        public const string MalformedPyc = "PyDis.MalformedPyc";
        public const string ReadError = "PyDis.ReadError";
        public const string UnauthorizedAccess = "PyDis.UnauthorizedAccess";
        public const string InvalidPythonVersion = "PyDis.InvalidPythonVersion";
        public const string InvalidBytecode = "PyDis.InvalidBytecode";
        /// <summary>A code object the version's own dis raises on (an oparg past its table, a cut-off instruction); the output went on.</summary>
        public const string DisFails = "PyDis.DisFails";
        /// <summary>An opcode name the Python version does not define (Get-PyOpcode -Name, -OpName filters).</summary>
        public const string UnknownOpName = "PyDis.UnknownOpName";
        /// <summary>A stack effect CPython's dis.stack_effect refuses (Measure-PyStackEffect -OpName/-Opcode).</summary>
        public const string InvalidStackEffect = "PyDis.InvalidStackEffect";
        /// <summary>A change or a file the release cannot hold (Edit-PyCodeObject, ConvertTo-PyBytecode, Export-PyPyc).</summary>
        public const string CannotWrite = "PyDis.CannotWrite";
        public const string WriteError = "PyDis.WriteError";
        /// <summary>A defect in PyDis itself, kept apart from bad input so it is not mistaken for a corrupt file.</summary>
        public const string InternalError = "PyDis.InternalError";

        public PyDisError(string errorId, PyDisErrorCategory category, string message, object? target, Exception? exception = null,
            string? detail = null)
        {
            ErrorId = errorId;
            Category = category;
            Message = message;
            Target = target;
            Exception = exception;
            Detail = detail ?? message;
        }

        /// <summary>
        /// The one way PyDis words an error: "<paramref name="input"/>: <paramref name="detail"/>", where the input
        /// is how the user named it (a path, a code object "file (code path)", a -PythonVersion value, hex text) and
        /// the detail says what is wrong and what was expected; <paramref name="target"/> is the error's target object.
        /// </summary>
        public static PyDisError About(string errorId, PyDisErrorCategory category, object? target, string detail,
            Exception? exception = null, string? input = null)
        {
            string who = input ?? Name(target);
            return new PyDisError(errorId, category, who.Length == 0 ? detail : who + ": " + detail, target, exception, detail);
        }

        /// <summary>How a target reads at the head of a message: a path or name as it is, bytes by their length.</summary>
        public static string Name(object? target) => target switch
        {
            null => "",
            string s => s,
            byte[] b => $"{b.Length}-byte bytecode",
            _ => target.ToString() ?? "",
        };

        public string ErrorId { get; }
        public PyDisErrorCategory Category { get; }
        public string Message { get; }
        /// <summary>The path (or value) the error is about; a host uses it as the error's target object.</summary>
        public object? Target { get; }
        /// <summary>The exception behind the error, when there was one.</summary>
        public Exception? Exception { get; }

        /// <summary>
        /// The message without the input it names (bad data: "at byte N (context): problem"), for a host that
        /// prints the target itself ("pydis: FILE: DETAIL").
        /// </summary>
        public string Detail { get; }

        public static PyDisError NotFound(string path) =>
            About(FileNotFound, PyDisErrorCategory.ObjectNotFound, path, "cannot find the file because it does not exist.");

        public static PyDisError NotFileSystem(string path, string provider) =>
            About(NotFileSystemPath, PyDisErrorCategory.InvalidArgument, path,
                $"the path is on the {provider} provider; PyDis reads files from the FileSystem provider only.");

        public static PyDisError NoCompiled(string sourcePath) =>
            About(NoCompiledFile, PyDisErrorCategory.ObjectNotFound, sourcePath,
                "this is Python source and neither its __pycache__ folder nor its own folder has a compiled file for it; compile it first (python -m py_compile).");

        /// <summary>Hex text that is not bytecode: <paramref name="problem"/> says why (an odd digit count, a character that is not hex).</summary>
        public static PyDisError NotHex(object target, string problem) =>
            About(InvalidBytecode, PyDisErrorCategory.InvalidArgument, target,
                $"not hexadecimal bytecode: {problem}; expected pairs of hex digits, optionally separated by spaces, '-' or ':'.",
                input: $"hex text '{Shorten(target as string ?? "")}'");

        /// <summary>An opcode name <paramref name="version"/>'s opcode table does not have.</summary>
        public static PyDisError NoSuchOpName(string name, PyVersion version, string? suggestion) =>
            About(UnknownOpName, PyDisErrorCategory.ObjectNotFound, name,
                $"Python {version} has no opcode of this name" + (suggestion is null ? "" : $" (did you mean {suggestion}?)") +
                $"; Get-PyOpcode {version} lists its opcodes.");

        /// <summary>An opcode name no release's table has (an -OpName filter that can match nothing anywhere).</summary>
        public static PyDisError NoSuchOpNameAnywhere(string name, string? suggestion) =>
            About(UnknownOpName, PyDisErrorCategory.ObjectNotFound, name,
                "no Python release PyDis reads has an opcode of this name" + (suggestion is null ? "" : $" (did you mean {suggestion}?)") +
                "; Get-PyOpcode X.Y lists a version's opcodes.");

        /// <summary>What dis.stack_effect raises for <paramref name="target"/> (an opname or opcode), with CPython's text.</summary>
        public static PyDisError StackEffectRefused(Flow.StackEffectException ex, object target) =>
            About(InvalidStackEffect, PyDisErrorCategory.InvalidArgument, target,
                $"Python {ex.Version}'s dis.stack_effect raises {ex.PythonException}" +
                (ex.Oparg is int a ? $" with oparg {a}" : " without an oparg") + $": {ex.Message}", ex);

        public static PyDisError BadVersion(string text) =>
            About(InvalidPythonVersion, PyDisErrorCategory.InvalidArgument, text,
                $"not a Python version PyDis reads; use X.Y, one of {SupportedList()}.", input: $"'{text}'");

        /// <summary>Every version PyDis reads, "2.7, 3.0, 3.1, …" (from the release registry).</summary>
        public static string SupportedList() => ReleaseRegistry.Supported.VersionList();

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

        /// <summary>
        /// Maps an exception raised while reading <paramref name="target"/> to its error; <paramref name="input"/>
        /// names the input when the target alone does not (a piped code object: "file (code path)").
        /// </summary>
        public static PyDisError FromException(Exception ex, object? target, string? input = null)
        {
            string who = input ?? Name(target);
            switch (ex)
            {
                case NotSupportedException _:
                    return About(UnsupportedVersion, PyDisErrorCategory.NotImplemented, target, ex.Message, ex, who);
                case PycFormatException f:
                    // Its text names the file already when the reader knew it.
                    return f.Path != null && f.Path == who
                        ? new PyDisError(MalformedPyc, PyDisErrorCategory.InvalidData, f.Message, target, ex, f.Description)
                        : About(MalformedPyc, PyDisErrorCategory.InvalidData, target, f.Description, ex, who);
                case BytecodeWriteException w:
                    return About(CannotWrite, PyDisErrorCategory.InvalidArgument, target, w.Message, ex, who);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return About(FileNotFound, PyDisErrorCategory.ObjectNotFound, target, ex.Message, ex, who);
                case UnauthorizedAccessException _:
                    return About(UnauthorizedAccess, PyDisErrorCategory.PermissionDenied, target, ex.Message, ex, who);
                case IOException _:
                    return About(ReadError, PyDisErrorCategory.ReadError, target, ex.Message, ex, who);
                default:
                    // Bad data always arrives as PycFormatException; anything else is a bug in PyDis.
                    return About(InternalError, PyDisErrorCategory.NotSpecified, target,
                        $"PyDis failed on this input because of an internal error ({ex.GetType().Name}: {ex.Message}); please report it with the file.",
                        ex, who);
            }
        }
    }
}
