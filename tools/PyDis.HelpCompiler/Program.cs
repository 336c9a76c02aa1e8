using System;
using System.IO;

namespace PyDis.HelpCompiler
{
    /// <summary>
    /// pydis-help --docs docs/en-US --assembly bin/PyDis.dll --out bin/en-US
    /// Exit code 0: PyDis.dll-Help.xml and about_*.help.txt written; 1: the pages have problems (listed on
    /// stderr as "file(line): error PYDISHELP: …", which MSBuild shows as build errors) and nothing is written;
    /// 2: bad arguments.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? docs = null, assembly = null, output = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--docs": docs = args[i + 1]; break;
                    case "--assembly": assembly = args[i + 1]; break;
                    case "--out": output = args[i + 1]; break;
                    default: return Usage($"unknown option {args[i]}");
                }
            }
            if (args.Length % 2 != 0 || docs == null || assembly == null || output == null) return Usage("all three options are required");
            if (!Directory.Exists(docs)) return Usage($"no folder {docs}");
            if (!File.Exists(assembly)) return Usage($"no file {assembly}");

            var diagnostics = new Diagnostics();
            var help = HelpCompilation.Compile(docs, assembly, diagnostics);
            if (help == null)
            {
                foreach (var d in diagnostics.Items) Console.Error.WriteLine(d);
                Console.Error.WriteLine($"pydis-help: {diagnostics.Items.Count} problem(s) in {docs}; no help written");
                return 1;
            }
            help.WriteTo(output);
            Console.WriteLine($"pydis-help: {help.Pages.Count} cmdlet page(s) -> {Path.Combine(output, help.HelpFileName)}, {help.Abouts.Count} about topic(s)");
            return 0;
        }

        private static int Usage(string problem)
        {
            Console.Error.WriteLine("pydis-help: " + problem);
            Console.Error.WriteLine("usage: PyDis.HelpCompiler --docs <culture folder of markdown> --assembly <module dll> --out <culture folder of the layout>");
            return 2;
        }
    }
}
