using System;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Releases;

namespace PyDis
{
    /// <summary>
    /// Base of every PyDis cmdlet: the one way errors leave the module. Each is a PyDis error record (a
    /// PyDis.* id, its category, the input as target, a message naming the input and what is wrong); an
    /// exception from the engine while working on one input becomes that input's non-terminating error.
    /// </summary>
    public abstract class PyDisCmdlet : PSCmdlet
    {
        /// <summary>Writes one input's error (non-terminating: the other inputs carry on).</summary>
        protected void WriteError(PyDisError error) => WriteError(ErrorRecords.From(error));

        /// <summary>Stops the command: for a problem that makes every input meaningless (a bad -PythonVersion).</summary>
        protected void ThrowTerminatingError(PyDisError error) => ThrowTerminatingError(ErrorRecords.From(error));

        /// <summary>
        /// Does the work for one input; any exception from it (bad data, I/O, a bug) becomes that input's error,
        /// with <paramref name="target"/> as target and <paramref name="input"/> naming it in the message.
        /// </summary>
        protected void ForInput(object? target, string? input, Action work)
        {
            try
            {
                work();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is ActionPreferenceStopException)
                && !(ex is OutOfMemoryException))
            {
                WriteError(PyDisError.FromException(ex, target, input));
            }
        }

        /// <summary>A -PythonVersion value; anything PyDis does not read is a terminating PyDis.InvalidPythonVersion.</summary>
        protected PyVersion ParseVersion(string text)
        {
            if (PyVersion.TryParse(text, out var version) && ReleaseRegistry.Supported.Contains(version)) return version;
            ThrowTerminatingError(PyDisError.BadVersion(text));
            return default;
        }
    }
}
