using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core.Decoding;
using PyDis.Core.Formatting;
using PyDis.Core.Hosting;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Tests.Fixtures;
using Xunit;

namespace PyDis.Core.Tests.Decoding
{
    /// <summary>
    /// The formatter's by-product verdict (DisFormatter.SoundCode) says "sound" for exactly the code objects whose
    /// CodeProblems.Find is empty, so the problem report that skips them reports the same as the full check.
    /// </summary>
    public class SoundCodeTests
    {
        public static IEnumerable<object[]> Files() =>
            Directory.GetFiles(FixtureCatalog.Root, "*.pyc", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(FixtureCatalog.Root, f)).OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => new object[] { f });

        [Fact]
        public void HasWholeWalkOnlyForEveryCodeObjectOfTheWalkInItsOrder()
        {
            var module = PycFile.Load(File.ReadAllBytes(FixtureCatalog.Get(new PyVersion(3, 12), "classes").PycPath)).Code;
            var walk = module.Walk().ToList();
            Assert.True(walk.Count > 3);
            SoundCode Of(IEnumerable<CodeObject> codes)
            {
                var set = new SoundCode();
                foreach (var c in codes) set.Add(c);
                return set;
            }

            Assert.True(Of(walk).HasWholeWalk(module, null));
            Assert.True(Of(walk.Take(1)).HasWholeWalk(module, 0));
            Assert.False(Of(walk).HasWholeWalk(module, 0));                      // more than the walk
            Assert.False(Of(walk.Take(walk.Count - 1)).HasWholeWalk(module, null));  // one left out
            Assert.False(Of(walk.Where((c, i) => i != 1)).HasWholeWalk(module, null));
            var swapped = walk.ToList();
            (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
            Assert.False(Of(swapped).HasWholeWalk(module, null));
            Assert.False(new SoundCode().HasWholeWalk(module, null));
            var taken = Of(walk);
            Assert.True(taken.Take(module));
            Assert.False(taken.HasWholeWalk(module, null));  // a report already under way
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void FormatterVerdictEqualsTheFullCheck(string file)
        {
            var data = File.ReadAllBytes(Path.Combine(FixtureCatalog.Root, file));
            CodeObject module;
            try { module = PycFile.Load(data, file).Code; }
            catch (PycFormatException) { return; }  // a container fixture made to fail loading: nothing to format
            foreach (int? depth in new int?[] { null, 0 })
            {
                if (depth != null && !module.Release.Format.Has(PyDis.Core.Releases.DisFeature.Depth)) continue;
                var sound = new SoundCode();
                var formatter = new DisFormatter(module.Release, new DisOptions { Depth = depth }) { SoundCode = sound };
                try { formatter.Write(module, new StringWriter()); }
                catch (PycFormatException) { return; }  // bad data the formatter raises on: a host reports that instead
                // What the formatter wrote: the tree down to depth, or before 3.7 (dis.dis does not recurse) the top only.
                var walked = module.Release.Format.Recurses ? module.Walk(module.Name, depth).Select(w => w.Code).ToList() : new List<CodeObject> { module };
                var expectedSound = walked.Where(c => CodeProblems.Find(c).Count == 0).ToList();
                var verdicts = new SoundCode();
                foreach (var c in expectedSound) verdicts.Add(c);
                // The same code objects in the same order: Take walks both with one cursor.
                Assert.Equal(expectedSound.Count, sound.Count);
                Assert.All(walked, c => Assert.Equal(verdicts.Take(c), sound.Take(c)));

                var input = new PycInput(file, module, null, module.Name, false);
                var full = CodeProblemReport.Find(input).Select(p => p.Message).ToList();
                sound.Clear();
                formatter.Write(module, new StringWriter());
                var skipping = CodeProblemReport.Find(input, sound).Select(p => p.Message).ToList();
                Assert.Equal(full, skipping);
            }
        }
    }
}
