using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PyDis.Tests.Module
{
    /// <summary>The manifest, the format/type data and the module layout agree with the code.</summary>
    public class ManifestTests
    {
        private static readonly Assembly Engine = typeof(PyDis.Core.Query).Assembly;

        [Fact]
        public void ModuleVersionIsTheVersionPrefixOfDirectoryBuildProps()
        {
            var prefix = XDocument.Load(Repo.File("Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
            Assert.Equal(prefix, Repo.ManifestValue("ModuleVersion"));
            Assert.Equal(prefix, Repo.ModuleAssembly.GetName().Version!.ToString(3));
        }

        [Fact]
        public void ManifestDeclaresBothEditionsAndAPureBinaryRoot()
        {
            Assert.Equal("PyDis.dll", Repo.ManifestValue("RootModule"));
            Assert.Equal("5.1", Repo.ManifestValue("PowerShellVersion"));
            Assert.Equal(new[] { "Desktop", "Core" }, Repo.ManifestList("CompatiblePSEditions"));
            Assert.Empty(Repo.ManifestList("FunctionsToExport"));
            Assert.Empty(Repo.ManifestList("AliasesToExport"));
            Assert.Empty(Repo.ManifestList("VariablesToExport"));
            Assert.True(Guid.TryParse(Repo.ManifestValue("GUID"), out _));
            Assert.False(string.IsNullOrWhiteSpace(Repo.ManifestValue("Description")));
            var tags = Repo.ManifestList("Tags");
            Assert.Contains("PSEdition_Desktop", tags);
            Assert.Contains("PSEdition_Core", tags);
        }

        [Fact]
        public void LicenceIsMitAndTheManifestInventsNoAddresses()
        {
            var licence = Repo.Text("LICENSE");
            Assert.StartsWith("MIT License", licence);
            Assert.Matches(@"Copyright \(c\) \d{4} PyDis contributors", licence);
            Assert.Equal("MIT", XDocument.Load(Repo.File("Directory.Build.props")).Descendants("PackageLicenseExpression").Single().Value);
            // Help ships in the module, so no updatable-help address; project and licence addresses only once
            // the repository has a public one (then they must be real http(s) addresses).
            Assert.Null(Repo.ManifestValue("HelpInfoURI"));
            foreach (var key in new[] { "ProjectUri", "LicenseUri" })
                if (Repo.ManifestValue(key) is string uri)
                    Assert.True(Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal), key + " " + uri);
        }

        public static IEnumerable<object[]> DataFiles() =>
            Repo.ManifestList("FormatsToProcess").Concat(Repo.ManifestList("TypesToProcess")).Select(f => new object[] { f });

        [Fact]
        public void ManifestNamesTheFormatAndTypeFiles()
        {
            Assert.Equal(new[] { "PyDis.Format.ps1xml" }, Repo.ManifestList("FormatsToProcess"));
            Assert.Equal(new[] { "PyDis.Types.ps1xml" }, Repo.ManifestList("TypesToProcess"));
        }

        /// <summary>Every TypeName and referenced property in the ps1xml files exists on an engine record type.</summary>
        [Theory]
        [MemberData(nameof(DataFiles))]
        public void DataFileIsWellFormedAndNamesRealTypesAndProperties(string file)
        {
            var doc = XDocument.Load(Repo.File("src", "PyDis", file));
            var typeNames = doc.Descendants("TypeName").Concat(doc.Descendants("Type").Elements("Name")).Select(e => e.Value.Trim()).ToList();
            Assert.NotEmpty(typeNames);
            foreach (var view in doc.Descendants("View").Concat(doc.Descendants("Type")))
            {
                var name = (view.Element("ViewSelectedBy")?.Element("TypeName") ?? view.Element("Name"))!.Value.Trim();
                var type = Engine.GetType(name);
                Assert.True(type != null, $"{file}: {name} is not a type of PyDis.Core");
                var properties = view.Descendants("PropertyName").Concat(view.Descendants("ReferencedProperties").Elements("Name"))
                    .Select(e => e.Value.Trim());
                foreach (var p in properties)
                    Assert.True(type!.GetProperty(p) != null, $"{file}: {name} has no property {p}");
                foreach (var sb in view.Descendants("ScriptBlock"))
                    foreach (Match m in Regex.Matches(sb.Value, @"\$_\.(\w+)"))
                        Assert.True(type!.GetProperty(m.Groups[1].Value) != null, $"{file}: script block uses {name}.{m.Groups[1].Value}");
            }
        }

        [Fact]
        public void EveryRecordTypeACmdletEmitsHasATableView()
        {
            var doc = XDocument.Load(Repo.File("src", "PyDis", "PyDis.Format.ps1xml"));
            var withTable = doc.Descendants("View").Where(v => v.Element("TableControl") != null)
                .Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim()).ToHashSet();
            var emitted = Repo.Cmdlets().SelectMany(c => Attr.All<System.Management.Automation.OutputTypeAttribute>(c.Type))
                .SelectMany(a => a.Args).OfType<Type>().Where(t => t.Assembly == Engine).Select(t => t.FullName!).Distinct().ToList();
            Assert.NotEmpty(emitted);
            Assert.All(emitted, t => Assert.Contains(t, withTable));
        }

        /// <summary>
        /// Export-Csv writes each property's ToString(): every record property is a scalar, a [version], a value
        /// (ArgVal, Value: scalars or the lists below) or a list whose text is its Python repr, never a type name.
        /// </summary>
        [Fact]
        public void RecordPropertiesExportToCsvAsText()
        {
            var records = Engine.GetExportedTypes().Where(t => t.Namespace == "PyDis.Core.Records" && !IsReprList(t));
            foreach (var t in records)
                foreach (var p in t.GetProperties())
                {
                    var u = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                    bool ok = u.IsPrimitive || u == typeof(string) || u == typeof(DateTime) || u == typeof(Version) || IsReprList(u)
                        || (u == typeof(object) && (p.Name == "ArgVal" || p.Name == "Value"));
                    Assert.True(ok, $"{t.Name}.{p.Name} is {p.PropertyType}");
                }
        }

        private static bool IsReprList(Type t)
        {
            for (var b = t; b != null; b = b.BaseType)
                if (b.IsGenericType && b.GetGenericTypeDefinition().Name.StartsWith("ReprList", StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>`dotnet publish src/PyDis` lays out exactly what the manifest names, and nothing that must not ship.</summary>
        [Fact]
        public async System.Threading.Tasks.Task DotnetPublishLayoutMatchesTheManifest()
        {
            var outDir = Path.Combine(Path.GetTempPath(), "pydis-layout-" + Guid.NewGuid().ToString("N"));
            try
            {
                var psi = new ProcessStartInfo("dotnet", $"publish \"{Repo.File("src", "PyDis", "PyDis.csproj")}\" -c Release -o \"{outDir}\" --nologo")
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                };
                using (var p = Process.Start(psi)!)
                {
                    var output = p.StandardOutput.ReadToEndAsync();
                    var errors = await p.StandardError.ReadToEndAsync();
                    p.WaitForExit();
                    Assert.True(p.ExitCode == 0, await output + errors);
                }
                var files = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(outDir, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();
                // The help compiled from docs/en-US: the MAML file and one text file per about topic.
                var help = new[] { "en-US/" + Repo.ManifestValue("RootModule") + "-Help.xml" }
                    .Concat(Directory.GetFiles(Repo.File("docs", "en-US"), "about_*.help.md")
                        .Select(f => "en-US/" + Path.GetFileName(f).Replace(".help.md", ".help.txt")));
                var expected = new[] { "PyDis.psd1", Repo.ManifestValue("RootModule")!, "PyDis.Core.dll", "LICENSE" }
                    .Concat(Repo.ManifestList("FormatsToProcess")).Concat(Repo.ManifestList("TypesToProcess")).Concat(help)
                    .OrderBy(f => f, StringComparer.Ordinal).ToList();
                Assert.Equal(expected, files);
            }
            finally
            {
                if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
