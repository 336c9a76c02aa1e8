using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Query
{
    /// <summary>
    /// Several runspaces (ForEach-Object -Parallel, thread jobs) call the facade at once: it keeps no state,
    /// so the same input gives the same records and text on every thread, including the first calls that
    /// build the shared opcode tables.
    /// </summary>
    public class QueryConcurrencyTests
    {
        private static string Render(string pyc)
        {
            Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(pyc, out var source, out var error), error?.Message);
            var rows = PyDis.Core.Query.GetInstructions(source!, new InstructionOptions())
                .Select(i => $"{i.CodePath} {i.Offset} {i.OpName} {i.Arg} {i.ArgRepr} {i.LineNumber} {i.Label}");
            return string.Join("\n", rows) + "\n" + PyDis.Core.Query.ShowCodeText(source!, new ShowCodeOptions());
        }

        [Fact]
        public void ParallelCallsGiveWhatSequentialCallsGive()
        {
            var files = FixtureCatalog.All(FixtureCode.FixturesRoot).Where(f => f.Name != "long_jump").Select(f => f.PycPath).ToList();
            Assert.NotEmpty(files);
            var work = Enumerable.Range(0, 4).SelectMany(_ => files).ToList();
            var parallel = new string[work.Count];
            Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Render(work[i]));
            var sequential = files.ToDictionary(f => f, Render);
            for (int i = 0; i < work.Count; i++)
                Assert.True(sequential[work[i]] == parallel[i], work[i]);
        }
    }
}
