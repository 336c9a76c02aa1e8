using System;
using System.Management.Automation;

namespace PyDis
{
    /// <summary>PowerShell wildcard lists as the engine's name predicates (case-insensitive, like -Name everywhere).</summary>
    internal static class Wildcards
    {
        public static Func<string, bool>? Matcher(string[]? patterns)
        {
            if (patterns is null || patterns.Length == 0) return null;
            var compiled = Array.ConvertAll(patterns, p => new WildcardPattern(p, WildcardOptions.IgnoreCase));
            return name => Array.Exists(compiled, w => w.IsMatch(name));
        }
    }
}
