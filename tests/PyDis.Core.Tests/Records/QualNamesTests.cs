using System.Collections.Generic;
using System.Linq;
using PyDis.Core.Decoding;
using PyDis.Core.Hosting;
using PyDis.Core.Model;
using PyDis.Core.Records;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Records
{
    /// <summary>
    /// QualName before 3.11 (issue 14 point 7): the qualified name derived from the nesting of code objects is the one
    /// the interpreters give. 3.11+ stores it as co_qualname; 3.3 to 3.10 load it as the constant MAKE_FUNCTION
    /// (MAKE_CLOSURE before 3.6) takes, right after the code object.
    /// </summary>
    public class QualNamesTests
    {
        public static IEnumerable<object[]> Since311() =>
            FixtureCatalog.Versions.Where(v => v >= new PyVersion(3, 11)).Select(v => new object[] { v.ToString() });

        public static IEnumerable<object[]> From33To310() =>
            FixtureCatalog.Versions.Where(v => v >= new PyVersion(3, 3) && v < new PyVersion(3, 11)).Select(v => new object[] { v.ToString() });

        private static IEnumerable<CodeObject> CodeObjects(string version)
        {
            foreach (var f in FixtureCatalog.ForVersion(PyVersion.Parse(version)))
            {
                if (!PycLoader.TryOpen(f.PycPath, out var input, out _)) continue;  // the fixtures of bad files
                foreach (var w in input!.Walk(null)) yield return w.Code;
            }
        }

        [Theory]
        [MemberData(nameof(Since311))]
        public void DerivedNameIsCoQualname(string version)
        {
            int checkedCount = 0;
            foreach (var code in CodeObjects(version))
            {
                Assert.NotNull(code.QualName);
                // 3.15 names a function's annotation scope (PEP 649) after the function it annotates, which the nesting
                // does not show; such scopes exist only where co_qualname does, so the derivation never needs them.
                if (code.Name == "__annotate__" && code.QualName!.EndsWith("." + code.Name, System.StringComparison.Ordinal)
                    && code.QualName != QualNames.Derive(code))
                {
                    Assert.Equal(new PyVersion(3, 15), code.Version);
                    continue;
                }
                Assert.Equal(code.QualName, QualNames.Derive(code));
                checkedCount++;
            }
            Assert.True(checkedCount > 100, $"{version}: only {checkedCount} code objects");
        }

        [Theory]
        [MemberData(nameof(From33To310))]
        public void DerivedNameIsTheQualnameTheCodeGets(string version)
        {
            int functions = 0, classes = 0;
            foreach (var code in CodeObjects(version))
            {
                Assert.Null(code.QualName);
                Instruction? before = null, last = null;
                foreach (var ins in CodeDecoder.Decode(code))
                {
                    // A function: LOAD_CONST <code>, LOAD_CONST 'qualname', MAKE_FUNCTION (MAKE_CLOSURE before 3.6).
                    // For a class body that string is the class's name; the body sets __qualname__ itself.
                    if ((ins.OpName == "MAKE_FUNCTION" || ins.OpName == "MAKE_CLOSURE") && before != null && last != null
                        && before.OpName == "LOAD_CONST" && last.OpName == "LOAD_CONST"
                        && code.Consts[before.Arg!.Value] is PyCodeRef made && code.Consts[last.Arg!.Value] is PyStr qualname
                        && (made.Code.Flags & CodeFlags.OPTIMIZED) != 0)
                    {
                        Assert.Equal(qualname.Value, QualNames.Derive(made.Code));
                        functions++;
                    }
                    // A class body: LOAD_CONST 'qualname', STORE_NAME __qualname__.
                    if (ins.OpName == "STORE_NAME" && ins.ArgRepr == "__qualname__" && last != null && last.OpName == "LOAD_CONST"
                        && code.Consts[last.Arg!.Value] is PyStr classQualname)
                    {
                        Assert.Equal(classQualname.Value, QualNames.Derive(code));
                        classes++;
                    }
                    before = last;
                    last = ins;
                }
            }
            Assert.True(functions > 50 && classes > 5, $"{version}: only {functions} functions and {classes} classes");
        }

        [Fact]
        public void CoversNestingGlobalsAndMangling()
        {
            // What the fixtures hold is checked above; these are the rules' cases by name (classes.py, 3.8).
            var f = FixtureCatalog.Get(new PyVersion(3, 8), "classes");
            Assert.True(PycLoader.TryOpen(f.PycPath, out var input, out _));
            var names = input!.Walk(null).GroupBy(w => w.Path).ToDictionary(g => g.Key, g => QualNames.Derive(g.First().Code));
            Assert.Equal("<module>", names["<module>"]);
            Assert.Equal("Base.describe", names["<module>.Base.describe"]);
            Assert.Equal("Derived.Inner.method", names["<module>.Derived.Inner.method"]);
            Assert.Equal("Derived.<listcomp>", names["<module>.Derived.<listcomp>"]);
            Assert.Equal("WithClosure.method.<locals>.inner", names["<module>.WithClosure.method.inner"]);
            Assert.Equal("make_class.<locals>.Local.get", names["<module>.make_class.Local.get"]);
        }

        [Fact]
        public void DeepNestingDerivesEachLevelOnce()
        {
            // 2000 nested functions (marshal's own limit): walked parent first, every level is one step from its parent.
            var version = new PyVersion(3, 8);
            var top = new CodeObject(version) { Name = "<module>" };
            var parent = top;
            for (int i = 0; i < 2000; i++)
            {
                var child = new CodeObject(version) { Name = "f", Parent = parent, Flags = CodeFlags.OPTIMIZED | CodeFlags.NEWLOCALS };
                parent.Consts = new PyObject[] { new PyCodeRef(child) };
                parent = child;
            }
            string? deepest = null;
            foreach (var w in top.Walk("<module>", null)) deepest = QualNames.Of(w.Code);
            Assert.Equal("f" + string.Concat(Enumerable.Repeat(".<locals>.f", 1999)), deepest);
        }
    }
}
