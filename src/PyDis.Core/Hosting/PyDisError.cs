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

    /// <summary>A per-input failure: a stable id, its category, a message and the input it concerns.</summary>
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

        public string ErrorId { get; }
        public PyDisErrorCategory Category { get; }
        public string Message { get; }
        /// <summary>The path (or value) the error is about; a host uses it as the error's target object.</summary>
        public object? Target { get; }
        /// <summary>The exception behind the error, when there was one.</summary>
        public Exception? Exception { get; }

        /// <summary>
        /// The message without the file name where the message starts with it (bad data: "at byte N (context):
        /// problem"), for a host that prints the target itself ("pydis: FILE: DETAIL").
        /// </summary>
        public string Detail { get; }

        public static PyDisError NotFound(string path) =>
            new PyDisError(FileNotFound, PyDisErrorCategory.ObjectNotFound, $"Cannot find the file '{path}' because it does not exist.", path);

        public static PyDisError NotFileSystem(string path, string provider) =>
            new PyDisError(NotFileSystemPath, PyDisErrorCategory.InvalidArgument,
                $"'{path}' is a {provider} path; PyDis reads files from the FileSystem provider only.", path);

        public static PyDisError NoCompiled(string sourcePath) =>
            new PyDisError(NoCompiledFile, PyDisErrorCategory.ObjectNotFound,
                $"'{sourcePath}' is Python source and its __pycache__ folder has no compiled file for it; compile it first (python -m py_compile).", sourcePath);

        public static PyDisError NotHex(object target) =>
            new PyDisError(InvalidBytecode, PyDisErrorCategory.InvalidArgument,
                "The input is not hexadecimal bytecode: expected pairs of hex digits, optionally separated by spaces, '-' or ':'.", target);

        /// <summary>What dis.stack_effect raises for <paramref name="target"/> (an opname or opcode), with CPython's text.</summary>
        public static PyDisError StackEffectRefused(Flow.StackEffectException ex, object target) =>
            new PyDisError(InvalidStackEffect, PyDisErrorCategory.InvalidArgument,
                $"Python {ex.Version}'s dis.stack_effect raises {ex.PythonException} for {target}" +
                (ex.Oparg is int a ? $" with oparg {a}" : " without an oparg") + $": {ex.Message}", target, ex);

        public static PyDisError BadVersion(string text) =>
            new PyDisError(InvalidPythonVersion, PyDisErrorCategory.InvalidArgument,
                $"'{text}' is not a Python version PyDis reads; use X.Y, one of {SupportedList()}.", text);

        /// <summary>Every version PyDis reads, "2.7, 3.0, 3.1, …" (from the release registry).</summary>
        public static string SupportedList() => ReleaseRegistry.Supported.VersionList();

        /// <summary>Maps an exception raised while reading <paramref name="target"/> to its error.</summary>
        public static PyDisError FromException(Exception ex, object? target)
        {
            switch (ex)
            {
                case NotSupportedException _:
                    return new PyDisError(UnsupportedVersion, PyDisErrorCategory.NotImplemented, ex.Message, target, ex);
                case PycFormatException f:
                    return new PyDisError(MalformedPyc, PyDisErrorCategory.InvalidData, f.Message, target, ex, f.Description);
                case BytecodeWriteException w:
                    return new PyDisError(CannotWrite, PyDisErrorCategory.InvalidArgument, w.Message, target, ex);
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new PyDisError(FileNotFound, PyDisErrorCategory.ObjectNotFound, ex.Message, target, ex);
                case UnauthorizedAccessException _:
                    return new PyDisError(UnauthorizedAccess, PyDisErrorCategory.PermissionDenied, ex.Message, target, ex);
                case IOException _:
                    return new PyDisError(ReadError, PyDisErrorCategory.ReadError, ex.Message, target, ex);
                default:
                    // Bad data always arrives as PycFormatException; anything else is a bug in PyDis.
                    return new PyDisError(InternalError, PyDisErrorCategory.NotSpecified,
                        $"PyDis failed on this input because of an internal error ({ex.GetType().Name}: {ex.Message}); please report it with the file.",
                        target, ex);
            }
        }
    }
}
