using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PyDis.Core.Decoding;
using PyDis.Core.Marshal;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;
using PyDis.Core.Tests.Fixtures;
using PyDis.Core.Writing;

namespace PyDis.Core.Tests.Marshal
{
    /// <summary>CodeObject.FieldObjects: slots of the code object behind the IDictionary a Dictionary used to be.</summary>
    public class CodeFieldObjectsTests
    {
        private static CodeObject Load(string version) =>
            PycFile.Load(File.ReadAllBytes(FixtureCatalog.Get(PyVersion.Parse(version), "classes").PycPath)).Code;

        [Theory]
        [InlineData("2.7")]
        [InlineData("3.5")]
        [InlineData("3.10")]
        [InlineData("3.12")]
        [InlineData("3.14")]
        public void HoldsTheObjectOfEveryObjectFieldInLayoutOrder(string version)
        {
            foreach (var co in Load(version).Walk())
            {
                var layout = co.Release.Marshal.CodeLayout.Where(f => !MarshalRules.IsIntField(f)).Select(MarshalRules.FieldName).ToArray();
                Assert.Equal(layout, co.FieldObjects.Keys);
                Assert.Equal(layout.Length, co.FieldObjects.Count);
                Assert.Same(co.Code, ((PyBytes)co.FieldObjects["co_code"]).Value);
                Assert.Same(co.Consts, ((PySequence)co.FieldObjects["co_consts"]).Items);
                Assert.Equal(co.Names, ((PySequence)co.FieldObjects["co_names"]).Items.Select(o => o is PyStr s ? s.Value : ((PyBytes)o).AsLatin1()));
                Assert.Equal(co.FieldObjects.Values, co.FieldObjects.Select(kv => kv.Value));
                Assert.False(co.FieldObjects.ContainsKey("co_argcount"));
            }
        }

        [Theory]
        [InlineData("3.10")]
        [InlineData("3.12")]
        public void NameListsAreTheLoadedNamesWhateverTheFieldObjectsBecome(string version)
        {
            var top = Load(version);
            var loaded = top.Walk().ToDictionary(c => c, c => (Names: TupleText(c, "co_names"),
                Locals: TupleText(c, c.Release.Marshal.HasLocalsPlus ? "co_localsplusnames" : "co_varnames")));
            var stranger = new PySequence(PyKind.Tuple, new PyObject[] { new PyStr("stranger") });
            foreach (var co in top.Walk())
            {
                // The names are the code object's from the load on, also while the decoder reads them before they are
                // made strings (Names, FastNames) on first use.
                co.FieldObjects["co_names"] = stranger;
                co.FieldObjects[co.Release.Marshal.HasLocalsPlus ? "co_localsplusnames" : "co_varnames"] = stranger;
                var decoded = CodeDecoder.Decode(co).Where(i => i.Arg is int).ToList();
                foreach (var ins in decoded.Where(i => i.OpName == "IMPORT_NAME" || i.OpName == "STORE_NAME" || i.OpName == "STORE_ATTR"))
                    Assert.Equal(loaded[co].Names[ins.Arg!.Value], ins.ArgRepr);
                foreach (var ins in decoded.Where(i => i.OpName == "STORE_FAST" || i.OpName == "LOAD_FAST"))
                    Assert.Equal(loaded[co].Locals[ins.Arg!.Value], ins.ArgRepr);
                Assert.Equal(loaded[co].Names, co.Names);
                Assert.Equal(loaded[co].Locals, co.FastNames);
            }
            Assert.Contains(loaded.Values, n => n.Names.Length > 0);
            Assert.Contains(loaded.Values, n => n.Locals.Length > 0);
        }

        private static string[] TupleText(CodeObject co, string field) =>
            ((PySequence)co.FieldObjects[field]).Items.Select(o => ((PyStr)o).Value).ToArray();

        [Fact]
        public void BehavesAsADictionary()
        {
            var co = Load("3.12");
            var d = co.FieldObjects;
            int n = d.Count;
            var code = d["co_code"];

            Assert.Throws<ArgumentException>(() => d.Add("co_code", code));
            Assert.Throws<KeyNotFoundException>(() => d["co_lnotab"]);  // not a 3.12 field, and not set
            Assert.False(d.TryGetValue("nope", out _));

            // Keys outside the layout are kept too, after the layout's.
            var extra = new PyStr("x");
            d["co_lnotab"] = extra;
            d.Add("anything", extra);
            Assert.Same(extra, d["co_lnotab"]);
            Assert.Equal(new[] { "co_lnotab", "anything" }, d.Keys.Skip(n));
            Assert.Equal(n + 2, d.Count);

            // A null value is an entry, as in a dictionary.
            d["co_qualname"] = null!;
            Assert.True(d.ContainsKey("co_qualname"));
            Assert.True(d.TryGetValue("co_qualname", out var none));
            Assert.Null(none);

            Assert.True(d.Remove("co_code"));
            Assert.False(d.Remove("co_code"));
            Assert.False(d.ContainsKey("co_code"));
            Assert.True(d.Remove("anything"));
            Assert.Equal(n, d.Count);
            var pairs = new KeyValuePair<string, PyObject>[n + 1];
            d.CopyTo(pairs, 1);
            Assert.Equal(d, pairs.Skip(1));

            d.Clear();
            Assert.Empty(d);
        }

        [Fact]
        public void ACopyHasTheSameObjectsInTablesOfItsOwn()
        {
            var co = Load("3.12");
            co.FieldObjects["other"] = new PyStr("x");
            var copy = CodeEditor.Copy(co);
            Assert.Equal(co.FieldObjects, copy.FieldObjects);
            copy.FieldObjects.Remove("co_code");
            copy.FieldObjects.Remove("other");
            Assert.True(co.FieldObjects.ContainsKey("co_code"));
            Assert.True(co.FieldObjects.ContainsKey("other"));
        }
    }
}
