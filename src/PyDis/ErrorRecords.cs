using System;
using System.Management.Automation;
using PyDis.Core.Hosting;

namespace PyDis
{
    /// <summary>Turns the engine's host-neutral errors into PowerShell error records.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(PyDisError error)
        {
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Category.ToString());
            var exception = error.Exception is null || error.Exception.Message != error.Message
                ? new PyDisException(error.Message, error.Exception)
                : error.Exception;
            return new ErrorRecord(exception, error.ErrorId, category, error.Target);
        }
    }

    /// <summary>The exception behind a PyDis error record when the engine gave a message but no exception.</summary>
    public sealed class PyDisException : Exception
    {
        public PyDisException(string message, Exception? inner) : base(message, inner) { }
    }
}
