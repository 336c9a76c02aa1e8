using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Releases;

namespace PyDis
{
    /// <summary>-PythonVersion checking: a bad value makes the whole call meaningless, so it is terminating.</summary>
    internal static class VersionArgument
    {
        public static PyVersion Parse(PSCmdlet cmdlet, string text)
        {
            if (PyVersion.TryParse(text, out var version) && ReleaseRegistry.Supported.Contains(version)) return version;
            cmdlet.ThrowTerminatingError(ErrorRecords.From(PyDisError.BadVersion(text)));
            return default;
        }
    }
}
