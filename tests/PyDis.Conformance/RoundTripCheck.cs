using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core;
using PyDis.Core.Pyc;

namespace PyDis.Conformance
{
    /// <summary>
    /// The writer's corpus check (docs/conformance.md, "Round trips"): every .pyc under a folder is read and
    /// written again in memory; counts files and code objects whose bytes are identical.
    /// </summary>
    public static class RoundTripCheck
    {
        public sealed class Totals
        {
            public int Files, FilesIdentical, LoadErrors, CodeObjects, CodeObjectsIdentical;
            public readonly List<string> Examples = new List<string>();
        }

        public static Totals Run(string dir, PyVersion version, int limit, int examples)
        {
            var t = new Totals();
            var files = Directory.GetFiles(dir, "*.pyc", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Take(limit);
            foreach (var f in files)
            {
                var rel = Path.GetRelativePath(dir, f);
                t.Files++;
                RoundTripResult r;
                try
                {
                    r = PycRoundTrip.Check(File.ReadAllBytes(f), rel);
                }
                catch (Exception e)
                {
                    t.LoadErrors++;
                    if (t.Examples.Count < examples) t.Examples.Add($"{rel}: {e.GetType().Name}: {e.Message}");
                    continue;
                }
                if (r.Version != version && t.Examples.Count < examples) t.Examples.Add($"{rel}: Python {r.Version}, not {version}");
                t.CodeObjects += r.CodeObjects;
                t.CodeObjectsIdentical += r.CodeObjectsIdentical;
                if (r.Identical) t.FilesIdentical++;
                else if (t.Examples.Count < examples)
                    t.Examples.Add($"{rel}: first difference at byte {r.FirstDifference} ({r.OriginalLength} bytes read, {r.WrittenLength} written)");
            }
            return t;
        }

        public static void Write(TextWriter o, PyVersion version, Totals t)
        {
            o.WriteLine($"Python {version}: marshal round trip");
            o.WriteLine($"  files identical        {t.FilesIdentical} / {t.Files}" + (t.LoadErrors > 0 ? $" ({t.LoadErrors} did not load)" : ""));
            o.WriteLine($"  code objects identical {t.CodeObjectsIdentical} / {t.CodeObjects}");
            foreach (var e in t.Examples) o.WriteLine("  " + e);
        }
    }
}
