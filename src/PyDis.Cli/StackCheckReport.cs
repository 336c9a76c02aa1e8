using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using PyDis.Core;
using PyDis.Core.Flow;
using PyDis.Core.Hosting;
using PyDis.Core.Pyc;

namespace PyDis.Cli
{
    /// <summary>
    /// <c>pydis --check-stack PATH...</c>: the stack-depth walk of every code object against its co_stacksize.
    /// Prints each code object whose computed maximum differs (with the cause), then the counts per Python
    /// version and per cause. Exit 0 when every difference has a named cause, 1 when any is unexplained or
    /// could not be analysed (or a file failed to load).
    /// </summary>
    internal static class StackCheckReport
    {
        private sealed class FileOutcome
        {
            public string? Error;
            public string? Version;
            public readonly List<(string Path, StackCheckResult Result)> Results = new List<(string, StackCheckResult)>();
        }

        public static bool Run(IReadOnlyList<CliInput> inputs, PyVersion? marshalVersion, TextWriter output, TextWriter error)
        {
            var files = new string[inputs.Count];
            for (int i = 0; i < files.Length; i++) files[i] = inputs[i].Path;
            var outcomes = new FileOutcome[inputs.Count];
            Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => outcomes[i] = inputs[i].Error is PyDisError given ? new FileOutcome { Error = given.Detail } : Check(files[i], marshalVersion));

            bool ok = true;
            // Per version: code objects, then per cause.
            var counts = new SortedDictionary<PyVersion, SortedDictionary<StackDepthCause, int>>();
            var codes = new SortedDictionary<PyVersion, int>();
            for (int i = 0; i < files.Length; i++)
            {
                var o = outcomes[i];
                if (o.Error != null)
                {
                    ok = false;
                    output.Flush();
                    error.Write("pydis: " + files[i] + ": " + o.Error + "\n");
                    continue;
                }
                string? unanalysedReason = null;
                foreach (var (path, r) in o.Results)
                {
                    var v = r.Code.Version;
                    codes[v] = (codes.TryGetValue(v, out int n) ? n : 0) + 1;
                    if (!counts.TryGetValue(v, out var perCause)) counts[v] = perCause = new SortedDictionary<StackDepthCause, int>();
                    perCause[r.Cause] = (perCause.TryGetValue(r.Cause, out int c) ? c : 0) + 1;
                    if (r.Matches) continue;
                    if (!r.IsExplained) ok = false;
                    // A file whose code objects all fail for one reason is one line, not one per code object.
                    if (r.Walk is null && r.Reason == unanalysedReason) continue;
                    if (r.Walk is null) unanalysedReason = r.Reason;
                    output.Write(Line(files[i], path, r));
                }
            }

            var sb = new StringBuilder();
            int fileCount = 0;
            foreach (var o in outcomes) if (o.Error is null) fileCount++;
            sb.Append(string.Format(CultureInfo.InvariantCulture, "stack depth check: {0} file(s)\n", fileCount));
            foreach (var kv in counts)
            {
                int total = codes[kv.Key];
                int match = kv.Value.TryGetValue(StackDepthCause.Match, out int m) ? m : 0;
                sb.Append(string.Format(CultureInfo.InvariantCulture, "Python {0}: {1} code objects, {2} match co_stacksize ({3:F2}%)\n",
                    kv.Key, total, match, 100.0 * match / total));
                foreach (var cause in kv.Value)
                {
                    if (cause.Key == StackDepthCause.Match) continue;
                    sb.Append(string.Format(CultureInfo.InvariantCulture, "  {0,7}  {1}: {2}\n", cause.Value, cause.Key, StackCheck.Describe(cause.Key)));
                }
            }
            sb.Append(ok ? "every difference has a named cause\n" : "some differences have no named cause (or code could not be analysed)\n");
            output.Write(sb.ToString());
            return ok;
        }

        private static FileOutcome Check(string file, PyVersion? marshalVersion)
        {
            var o = new FileOutcome();
            if (!PycLoader.TryOpen(file, out var input, out var loadError, marshalVersion))
            {
                o.Error = loadError!.Detail;
                return o;
            }
            try
            {
                o.Version = input!.Version.ToString();
                foreach (var walked in input.Walk(null)) o.Results.Add((walked.Path, StackCheck.Check(walked.Code)));
            }
            catch (PycFormatException e)
            {
                o.Error = e.Description;
            }
            return o;
        }

        private static string Line(string file, string codePath, StackCheckResult r) =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1} (line {2}): {3}: {4}\n",
                file, codePath, r.Code.FirstLineNo, r.Cause, r.Reason);
    }
}
