using System.Collections;
using System.Management.Automation;

namespace PyDis
{
    /// <summary>PowerShell's wrappers off the values handed to the engine: PSObject to what it wraps, a [pscustomobject] to a hashtable.</summary>
    internal static class PSValues
    {
        public static object? Unwrap(object? value)
        {
            if (value is PSObject p)
            {
                if (p.BaseObject is PSCustomObject)
                {
                    var table = new Hashtable();
                    foreach (var property in p.Properties) table[property.Name] = property.Value;
                    return table;
                }
                return p.BaseObject;
            }
            return value;
        }
    }
}
