using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using PyDis.Commands;

namespace PyDis.Tests
{
    /// <summary>Paths in the repository and the module's cmdlet classes, found by reflection.</summary>
    internal static class Repo
    {
        public static readonly string Root = FindRoot();

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !System.IO.File.Exists(Path.Combine(dir.FullName, "PyDis.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PyDis.sln not found above " + AppContext.BaseDirectory);
        }

        public static string File(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

        public static string Text(params string[] parts) => System.IO.File.ReadAllText(File(parts));

        public static readonly Assembly ModuleAssembly = typeof(GetPyInstructionCommand).Assembly;

        /// <summary>A cmdlet class and what its [Cmdlet] attribute says.</summary>
        public sealed class CmdletInfo
        {
            public CmdletInfo(Type type, Attr cmdlet)
            {
                Type = type;
                Verb = (string)cmdlet.Arg(0)!;
                Noun = (string)cmdlet.Arg(1)!;
                DefaultParameterSetName = cmdlet.Named<string?>("DefaultParameterSetName", null);
                SupportsShouldProcess = cmdlet.Named("SupportsShouldProcess", false);
            }

            public Type Type { get; }
            public string Verb { get; }
            public string Noun { get; }
            public string Name => Verb + "-" + Noun;
            public string? DefaultParameterSetName { get; }
            public bool SupportsShouldProcess { get; }
        }

        /// <summary>Every public cmdlet class in PyDis.dll.</summary>
        public static IReadOnlyList<CmdletInfo> Cmdlets() =>
            ModuleAssembly.GetExportedTypes()
                .Select(t => (t, Attr.One<CmdletAttribute>(t)))
                .Where(p => p.Item2 != null)
                .Select(p => new CmdletInfo(p.t, p.Item2!))
                .OrderBy(p => p.Type.Name, StringComparer.Ordinal)
                .ToList();

        public static CmdletInfo Cmdlet(string typeName) => Cmdlets().Single(c => c.Type.Name == typeName);

        /// <summary>A [Parameter] attribute's named arguments.</summary>
        public sealed class ParameterInfo
        {
            public ParameterInfo(Attr a)
            {
                Mandatory = a.Named("Mandatory", false);
                Position = a.Named("Position", int.MinValue);
                ParameterSetName = a.Named("ParameterSetName", "__AllParameterSets");
                ValueFromPipeline = a.Named("ValueFromPipeline", false);
                ValueFromPipelineByPropertyName = a.Named("ValueFromPipelineByPropertyName", false);
            }

            public bool Mandatory { get; }
            public int Position { get; }
            public string ParameterSetName { get; }
            public bool ValueFromPipeline { get; }
            public bool ValueFromPipelineByPropertyName { get; }
        }

        public static IReadOnlyList<ParameterInfo> ParameterAttributes(PropertyInfo p) =>
            Attr.All<ParameterAttribute>(p).Select(a => new ParameterInfo(a)).ToList();

        /// <summary>The names in a psd1 array entry such as <c>CmdletsToExport = @( 'A' 'B' )</c>.</summary>
        public static IReadOnlyList<string> ManifestList(string key)
        {
            var m = Regex.Match(Text("PyDis.psd1"), @"^\s*" + key + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Multiline);
            if (!m.Success) return Array.Empty<string>();
            return Regex.Matches(m.Groups["items"].Value, @"'([^']*)'").Cast<Match>().Select(x => x.Groups[1].Value).ToList();
        }

        public static string? ManifestValue(string key)
        {
            var m = Regex.Match(Text("PyDis.psd1"), @"^\s*" + key + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
            return m.Success ? m.Groups[1].Value : null;
        }

        /// <summary>Bindable parameters a cmdlet class declares (its own and inherited [Parameter] properties).</summary>
        public static IReadOnlyList<PropertyInfo> Parameters(Type cmdlet) =>
            cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => Attr.All<ParameterAttribute>(p).Count > 0)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// The parameters help documents: the [Parameter] properties, plus -WhatIf and -Confirm, which
        /// SupportsShouldProcess adds (platyPS documents them like the cmdlet's own).
        /// </summary>
        public static IReadOnlyList<string> HelpParameterNames(CmdletInfo c) =>
            Parameters(c.Type).Select(p => p.Name)
                .Concat(c.SupportsShouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>())
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
    }
}
