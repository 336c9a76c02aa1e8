using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using PyDis.Core;
using PyDis.Core.Hosting;
using PyDis.Core.Releases;

namespace PyDis
{
    /// <summary>
    /// Completes -OpName (a filter over code read from .pyc files) with the opcodes that can occur in a .pyc of
    /// the version in play (<see cref="OpNameLookup.CanOccurInPyc"/>: no specialised or instrumented forms):
    /// -PythonVersion when bound, else the version of the first file named by -Path/-LiteralPath, else every
    /// supported version.
    /// </summary>
    public sealed class OpNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Complete(wordToComplete, fakeBoundParameters, pycOnly: true);

        internal static IEnumerable<CompletionResult> Complete(string wordToComplete, IDictionary fakeBoundParameters, bool pycOnly)
        {
            var versions = CompletionVersions(
                fakeBoundParameters["PythonVersion"]?.ToString(),
                ResolveFirst(FirstString(fakeBoundParameters["LiteralPath"]), literal: true)
                    ?? ResolveFirst(FirstString(fakeBoundParameters["Path"]), literal: false));
            foreach (var name in CompleteOpName(wordToComplete, versions, pycOnly))
                yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, name);
        }

        /// <summary>
        /// OpNames starting with <paramref name="prefix"/> (case-insensitive) in any of the releases' tables, sorted:
        /// those that can occur in a .pyc, or (<paramref name="pycOnly"/> false) every opcode of the tables.
        /// </summary>
        internal static IEnumerable<string> CompleteOpName(string? prefix, IEnumerable<PyVersion> versions, bool pycOnly = true)
        {
            var names = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var v in versions)
            {
                IEnumerable<string> table = pycOnly ? OpNameLookup.PycOpNames(v) : TableNames(v);
                foreach (var name in table)
                    if (name.StartsWith(prefix ?? "", System.StringComparison.OrdinalIgnoreCase)) names.Add(name);
            }
            return names;
        }

        private static IEnumerable<string> TableNames(PyVersion v)
        {
            foreach (var op in Query.GetOpcodes(v, null)) yield return op.Name;
        }

        /// <summary>
        /// The versions whose tables complete -OpName: the -PythonVersion value when valid, else the version of
        /// the named file, else every supported version.
        /// </summary>
        internal static IReadOnlyList<PyVersion> CompletionVersions(string? pythonVersion, string? filePath)
        {
            if (PyVersion.TryParse(pythonVersion, out var v) && ReleaseRegistry.Supported.Contains(v)) return new[] { v };
            if (filePath != null && PycLoader.TryReadVersion(filePath, out v)) return new[] { v };
            var all = new List<PyVersion>();
            foreach (var r in ReleaseRegistry.Supported.All) all.Add(r.Version);
            return all;
        }

        // Completion runs on the pipeline thread of the user's runspace, where SessionStateProxy refuses
        // concurrent calls; a nested command in the current runspace resolves relative and PSDrive paths.
        private static string? ResolveFirst(string? path, bool literal)
        {
            if (string.IsNullOrEmpty(path)) return null;
            try
            {
                using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand("Microsoft.PowerShell.Management\\Convert-Path").AddParameter(literal ? "LiteralPath" : "Path", path);
                    var result = ps.Invoke();
                    return ps.HadErrors || result.Count == 0 ? null : result[0]?.BaseObject as string;
                }
            }
            catch (System.Exception ex) when (!(ex is System.OutOfMemoryException))
            {
                // A half-typed or unresolvable path simply gives no version hint.
                return null;
            }
        }

        private static string? FirstString(object? value) =>
            value is IEnumerable e && !(value is string)
                ? FirstOf(e)
                : value?.ToString();

        private static string? FirstOf(IEnumerable e)
        {
            foreach (var o in e) return o?.ToString();
            return null;
        }
    }

    /// <summary>Completes Get-PyOpcode -Name with every opcode of the version's table, specialised and instrumented ones included.</summary>
    public sealed class OpcodeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            OpNameCompleter.Complete(wordToComplete, fakeBoundParameters, pycOnly: false);
    }

    /// <summary>Completes -PythonVersion with the versions PyDis reads.</summary>
    public sealed class PythonVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            foreach (var release in ReleaseRegistry.Supported.All)
            {
                var text = release.Version.ToString();
                if (text.StartsWith(wordToComplete ?? "", System.StringComparison.Ordinal))
                    yield return new CompletionResult(text, text, CompletionResultType.ParameterValue, "Python " + text);
            }
        }
    }
}
