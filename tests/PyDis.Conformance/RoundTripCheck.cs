using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Writing;

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
            // assemble(read(code)) against the code object, per part.
            public int Assembled, AsmIdentical, AsmCode, AsmLines, AsmExceptions, AsmRefused, AsmWarned;
            // co_code with every EXTENDED_ARG prefix count recomputed (none kept from the input): the fixed point alone.
            public int AsmCodeFixedPoint, WithExtendedArg;
            // The line table from each instruction's line alone (no statement starts, passed lines or lines at the end).
            public int AsmLinesFromLines;
            public readonly Dictionary<string, (int Count, string First)> AsmDifferences = new Dictionary<string, (int, string)>();

            public void AsmDiff(string category, string example)
            {
                AsmDifferences.TryGetValue(category, out var d);
                AsmDifferences[category] = (d.Count + 1, d.First ?? example);
            }
        }

        public static Totals Run(string dir, PyVersion version, int limit, int examples) => Run(dir, version, limit, examples, assemble: false);

        public static Totals Run(string dir, PyVersion version, int limit, int examples, bool assemble)
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
                if (assemble) CheckAssembler(PycFile.Load(r.Written, rel).Code, rel, t);
                if (r.Identical) t.FilesIdentical++;
                else if (t.Examples.Count < examples)
                    t.Examples.Add($"{rel}: first difference at byte {r.FirstDifference} ({r.OriginalLength} bytes read, {r.WrittenLength} written)");
            }
            return t;
        }

        /// <summary>assemble(ProgramReader.Read(code)) for every code object: co_code, the line table and the exception table.</summary>
        private static void CheckAssembler(CodeObject root, string file, Totals t)
        {
            foreach (var co in root.Walk())
            {
                t.Assembled++;
                string where = $"{file} {co.DisplayName} (line {co.FirstLineNo})";
                AssembledCode a;
                try
                {
                    var p = ProgramReader.Read(co);
                    if (p.Warnings.Count > 0) { t.AsmWarned++; t.AsmDiff("warning: " + Category(p.Warnings[0]), where + ": " + p.Warnings[0]); }
                    a = Assembler.Assemble(p);
                }
                catch (BytecodeWriteException e)
                {
                    t.AsmRefused++;
                    t.AsmDiff("refused: " + Category(e.Problem), where + ": " + e.Message);
                    continue;
                }
                bool code = a.Code.AsSpan().SequenceEqual(co.Code);
                var bare = ProgramReader.Read(co);
                if (bare.Instructions.Any(x => x.ExtendedArgs > 0)) t.WithExtendedArg++;
                foreach (var x in bare.Instructions) x.ExtendedArgs = 0;
                try
                {
                    foreach (var x in bare.Instructions) { x.StartsLine = false; x.PassedLines = null; }
                    bare.LinesAtEnd = null;
                    var b = Assembler.Assemble(bare);
                    if (b.LineTable.AsSpan().SequenceEqual(co.LineTable)) t.AsmLinesFromLines++;
                    if (b.Code.AsSpan().SequenceEqual(co.Code)) t.AsmCodeFixedPoint++;
                    else t.AsmDiff("co_code with EXTENDED_ARG prefixes recomputed", where);
                }
                catch (BytecodeWriteException e)
                {
                    t.AsmDiff("co_code with EXTENDED_ARG prefixes recomputed: refused", where + ": " + e.Message);
                }
                bool lines = a.LineTable.AsSpan().SequenceEqual(co.LineTable);
                bool exc = a.ExceptionTable.AsSpan().SequenceEqual(co.ExceptionTable);
                if (code) t.AsmCode++;
                if (lines) t.AsmLines++;
                if (exc) t.AsmExceptions++;
                if (code && lines && exc) { t.AsmIdentical++; continue; }
                if (!code) t.AsmDiff("co_code", where + ": " + FirstDiff(co.Code, a.Code));
                if (!lines) t.AsmDiff("line table", where + ": " + FirstDiff(co.LineTable, a.LineTable));
                if (!exc) t.AsmDiff("exception table", where + ": " + FirstDiff(co.ExceptionTable, a.ExceptionTable));
            }
        }

        private static string Category(string message)
        {
            // Offsets and numbers vary; the words make the category.
            var words = message.Split(' ').Where(w => !w.Any(char.IsDigit));
            return string.Join(" ", words.Take(12));
        }

        private static string FirstDiff(byte[] expected, byte[] actual)
        {
            int n = Math.Min(expected.Length, actual.Length), i = 0;
            while (i < n && expected[i] == actual[i]) i++;
            string Hex(byte[] b) => Convert.ToHexString(b.AsSpan(Math.Max(0, i - 4), Math.Min(b.Length - Math.Max(0, i - 4), 16))).ToLowerInvariant();
            return $"byte {i} of {expected.Length}/{actual.Length}: expected ..{Hex(expected)}, got ..{Hex(actual)}";
        }

        public static void Write(TextWriter o, PyVersion version, Totals t)
        {
            o.WriteLine($"Python {version}: marshal round trip");
            o.WriteLine($"  files identical        {t.FilesIdentical} / {t.Files}" + (t.LoadErrors > 0 ? $" ({t.LoadErrors} did not load)" : ""));
            o.WriteLine($"  code objects identical {t.CodeObjectsIdentical} / {t.CodeObjects}");
            foreach (var e in t.Examples) o.WriteLine("  " + e);
            if (t.Assembled == 0) return;
            o.WriteLine($"Python {version}: assemble(read(code))");
            o.WriteLine($"  code objects identical {t.AsmIdentical} / {t.Assembled}  (co_code {t.AsmCode}, line table {t.AsmLines}, exception table {t.AsmExceptions}; refused {t.AsmRefused}, with warnings {t.AsmWarned})");
            o.WriteLine($"  co_code identical with EXTENDED_ARG prefixes recomputed {t.AsmCodeFixedPoint} / {t.Assembled} ({t.WithExtendedArg} code objects have EXTENDED_ARG)");
            o.WriteLine($"  line table identical from instruction lines alone {t.AsmLinesFromLines} / {t.Assembled}");
            foreach (var d in t.AsmDifferences.OrderByDescending(d => d.Value.Count))
                o.WriteLine($"  {d.Value.Count} x {d.Key}\n      e.g. {d.Value.First}");
        }
    }
}
