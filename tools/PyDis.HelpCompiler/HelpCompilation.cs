using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PyDis.HelpCompiler
{
    /// <summary>
    /// One run over a culture folder of help pages (docs/en-US): every <c>Verb-Noun.md</c> is a cmdlet page,
    /// every <c>about_*.help.md</c> an about topic. Checked against the module's cmdlets: each [Cmdlet]
    /// class has a page, each page a cmdlet, and each page documents exactly the cmdlet's parameters.
    /// </summary>
    public sealed class HelpCompilation
    {
        public const string AboutSuffix = ".help.md";

        private HelpCompilation(IReadOnlyList<CommandPage> pages, IReadOnlyList<AboutPage> abouts, string helpFileName)
        {
            Pages = pages;
            Abouts = abouts;
            HelpFileName = helpFileName;
        }

        public IReadOnlyList<CommandPage> Pages { get; }
        public IReadOnlyList<AboutPage> Abouts { get; }

        /// <summary>The MAML file name Get-Help looks for: the module assembly's file name + "-Help.xml".</summary>
        public string HelpFileName { get; }

        public XDocument Maml() => MamlWriter.Write(Pages);

        public static string HelpFileFor(string assemblyPath) => Path.GetFileName(assemblyPath) + "-Help.xml";

        /// <summary>Reads and checks every page; null (with the problems in <paramref name="diagnostics"/>) when any is wrong.</summary>
        public static HelpCompilation? Compile(string docsFolder, string assemblyPath, Diagnostics diagnostics) =>
            Compile(docsFolder, Path.GetFileNameWithoutExtension(assemblyPath), HelpFileFor(assemblyPath), ModuleCmdlets.Read(assemblyPath), diagnostics);

        public static HelpCompilation? Compile(string docsFolder, string moduleName, string helpFileName,
            IReadOnlyList<CmdletDeclaration> cmdlets, Diagnostics diagnostics)
        {
            int before = diagnostics.Items.Count;
            docsFolder = Path.GetFullPath(docsFolder);
            string culture = Path.GetFileName(Path.GetFullPath(docsFolder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var pages = new List<CommandPage>();
            var abouts = new List<AboutPage>();
            foreach (var file in Directory.GetFiles(docsFolder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(file);
                if (file.EndsWith(AboutSuffix, StringComparison.Ordinal))
                {
                    var about = AboutPage.Parse(file, text, diagnostics);
                    if (about != null) abouts.Add(about);
                }
                else
                {
                    var page = CommandPage.Parse(file, text, helpFileName, moduleName, culture, diagnostics);
                    if (page != null) pages.Add(page);
                }
            }
            CheckAgainstModule(docsFolder, pages, cmdlets, diagnostics);
            return diagnostics.Items.Count == before ? new HelpCompilation(pages, abouts, helpFileName) : null;
        }

        private static void CheckAgainstModule(string docsFolder, List<CommandPage> pages, IReadOnlyList<CmdletDeclaration> cmdlets, Diagnostics diagnostics)
        {
            var documented = Directory.GetFiles(docsFolder, "*.md").Where(f => !f.EndsWith(AboutSuffix, StringComparison.Ordinal))
                .Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal);
            foreach (var c in cmdlets.Where(c => !documented.Contains(c.Name)))
                diagnostics.Error(Path.Combine(docsFolder, c.Name + ".md"), 0,
                    $"cmdlet {c.Name} (class {c.ClassName}) has no help page: write this file (docs/help.md says how)");
            foreach (var page in pages)
            {
                var c = cmdlets.FirstOrDefault(x => x.Name == page.Name);
                if (c == null)
                {
                    diagnostics.Error(page.File, 1, $"the module has no cmdlet {page.Name}: remove or rename this page");
                    continue;
                }
                var names = page.Parameters.Select(p => p.Name).ToList();
                foreach (var missing in c.Parameters.Except(names))
                    diagnostics.Error(page.File, 0, $"-{missing} of {c.Name} is not documented: add '### -{missing}' under ## PARAMETERS");
                foreach (var extra in page.Parameters.Where(p => !c.Parameters.Contains(p.Name)))
                    diagnostics.Error(page.File, extra.Line, $"{c.Name} has no parameter -{extra.Name}");
                if (c.HelpUri != page.OnlineVersion)
                    diagnostics.Error(page.File, 1, $"online version '{page.OnlineVersion}' differs from the cmdlet's HelpUri '{c.HelpUri}'");
            }
        }

        /// <summary>Writes the MAML file and the about topics (UTF-8 with BOM, LF line ends) into the folder.</summary>
        public void WriteTo(string folder)
        {
            Directory.CreateDirectory(folder);
            var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = encoding };
            using (var stream = new MemoryStream())
            {
                using (var writer = XmlWriter.Create(stream, settings)) Maml().Save(writer);
                WriteIfChanged(Path.Combine(folder, HelpFileName), stream.ToArray());
            }
            foreach (var about in Abouts)
                WriteIfChanged(Path.Combine(folder, about.Name + ".help.txt"), encoding.GetPreamble().Concat(encoding.GetBytes(about.Text)).ToArray());
            // A topic whose page was removed or renamed must not linger in the layout.
            foreach (var stale in Directory.GetFiles(folder, "about_*.help.txt")
                         .Where(f => !Abouts.Any(a => Path.GetFileName(f) == a.Name + ".help.txt")))
                File.Delete(stale);
        }

        // Leaves an unchanged file alone, so incremental builds see nothing new.
        private static void WriteIfChanged(string path, byte[] content)
        {
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return;
            File.WriteAllBytes(path, content);
        }
    }
}
