using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using PyDis.Core.Records;
using PyDis.Core.Tests.Decoding;
using PyDis.Core.Tests.Fixtures;

namespace PyDis.Core.Tests.Query
{
    /// <summary>
    /// The facade the cmdlets call, against what each interpreter said about the same .pyc
    /// (tests/fixtures/&lt;X.Y&gt;/&lt;name&gt;.pyc + .json + .dis/, produced by tests/fixtures/generator).
    /// </summary>
    public class QueryFixtureTests
    {
        public static IEnumerable<object[]> Files() =>
            FixtureCatalog.All(FixtureCode.FixturesRoot).Where(f => File.Exists(f.JsonPath))
                .Select(f => new object[] { f.Version.ToString(), f.Name });

        private sealed class Case
        {
            public Case(string version, string name)
            {
                var fixture = FixtureCatalog.Get(PyVersion.Parse(version), name, FixtureCode.FixturesRoot);
                PycPath = fixture.PycPath;
                DisDir = fixture.DisDir;
                Json = fixture.ReadJson().RootElement;
                Assert.True(PyDis.Core.Hosting.PycLoader.TryOpen(PycPath, out var source, out var error), error?.Message);
                Source = source!;
                Codes = Json.GetProperty("codes").EnumerateArray().ToList();
            }

            public string PycPath { get; }
            public string DisDir { get; }
            public JsonElement Json { get; }
            public PyDis.Core.Hosting.PycInput Source { get; }
            public List<JsonElement> Codes { get; }
        }

        private static string NormaliseAddresses(string s) => ReprNormal.Addresses(s);

        private static string Norm(string s) => ReprNormal.Both(s);

        /// <summary>Each code object of the file (walk order) as its own input, paired with its fixture entry.</summary>
        private static IEnumerable<(JsonElement Fixture, PyDis.Core.Hosting.PycInput Code)> PerCode(Case c)
        {
            var codes = PyDis.Core.Query.GetCodeObjects(c.Source, null).ToList();
            Assert.Equal(c.Codes.Count, codes.Count);
            return c.Codes.Zip(codes.Select(Piped));
        }

        /// <summary>Very large fixture lists are left out (moved to "summaries"); only stored arrays are compared.</summary>
        private static bool IsStored(JsonElement e) => e.ValueKind == JsonValueKind.Array;

        private static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();

        [Fact]
        public void ThereAreFixturesToCompareWith() => Assert.NotEmpty(Files());

        [Theory]
        [MemberData(nameof(Files))]
        public void PycInfoIsTheHeaderTheInterpreterWrote(string version, string name)
        {
            var c = new Case(version, name);
            var h = c.Json.GetProperty("header");
            var info = PyDis.Core.Query.GetPycInfo(c.Source);
            Assert.Equal(version, info.PythonVersion.ToString());
            Assert.Equal(h.GetProperty("magic").GetInt32(), info.Magic);
            Assert.Equal(Int(h.GetProperty("flags")) ?? 0, info.Flags);
            Assert.Equal(h.GetProperty("mtime").ValueKind == JsonValueKind.Null ? null : h.GetProperty("mtime").GetInt64(), info.Timestamp);
            Assert.Equal(h.GetProperty("source_size").ValueKind == JsonValueKind.Null ? null : h.GetProperty("source_size").GetInt64(), info.SourceSize);
            Assert.Equal(h.GetProperty("hash").GetString(), info.SourceHash);
            Assert.Equal(info.SourceHash != null, info.IsHashBased);
            Assert.Equal(c.PycPath, info.Path);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void CodeObjectsComeInDisOrderWithTheirFields(string version, string name)
        {
            var c = new Case(version, name);
            var records = PyDis.Core.Query.GetCodeObjects(c.Source, null).ToList();
            Assert.Equal(c.Codes.Select(x => x.GetProperty("path").GetString()), records.Select(r => r.CodePath));
            foreach (var (expected, r) in c.Codes.Zip(records))
            {
                var co = expected.GetProperty("co");
                Assert.Equal(co.GetProperty("co_name").GetString(), r.Name);
                // co_qualname where the version has it; before 3.11 the derived name (QualNamesTests checks it).
                Assert.Equal(co.TryGetProperty("co_qualname", out var q) ? q.GetString() : QualNames.Derive(r.GetCodeObject()), r.QualName);
                Assert.Equal(co.GetProperty("co_firstlineno").GetInt32(), r.FirstLineNo);
                Assert.Equal(co.GetProperty("co_argcount").GetInt32(), r.ArgCount);
                Assert.Equal(co.GetProperty("co_nlocals").GetInt32(), r.NLocals);
                Assert.Equal(co.GetProperty("co_stacksize").GetInt32(), r.StackSize);
                Assert.Equal(co.GetProperty("co_flags").GetUInt32(), r.FlagsValue);
                Assert.Equal(co.GetProperty("co_filename").GetString(), r.Filename);
                if (co.GetProperty("co_code").ValueKind == JsonValueKind.String)
                    Assert.Equal(co.GetProperty("co_code").GetString(), r.Code);
                Assert.Equal(r.CodePath.Count(ch => ch == '.'), r.Level);
                Assert.Equal(version, r.PythonVersion.ToString());
                // Name tuples are the names (strings), and their text is the tuple as Python prints it; fixture
                // names are plain identifiers, so each repr is 'name'.
                foreach (var (field, names) in new[] { ("co_names", r.Names), ("co_varnames", r.VarNames), ("co_freevars", r.FreeVars), ("co_cellvars", r.CellVars) })
                {
                    Assert.Equal(co.GetProperty(field).EnumerateArray().Select(n => n.GetString()!), names);
                    Assert.Equal(TupleOf(co.GetProperty(field)), names.ToString());
                    Assert.Equal(TupleOf(co.GetProperty(field)), names.Repr);
                }
                if (co.GetProperty("co_consts").ValueKind == JsonValueKind.Array)
                {
                    var consts = co.GetProperty("co_consts").EnumerateArray().Select(k => k.GetString()!).ToList();
                    Assert.Equal(consts.Count, PyDis.Core.Query.GetConstants(Piped(r), null).Count());
                    // co_consts: the values of the interpreter's reprs, and their tuple's repr as the text.
                    Assert.Equal(consts.Count, r.Consts.Count);
                    for (int i = 0; i < consts.Count; i++)
                        Assert.True(PyLiteral.Matches(PyLiteral.Parse(NormaliseAddresses(consts[i]), Py2(version)), r.Consts[i], r.CodePath, out var why),
                            $"{r.CodePath} co_consts[{i}] {consts[i]}: {why}");
                    Assert.Equal(Norm(consts.Count == 1 ? "(" + consts[0] + ",)" : "(" + string.Join(", ", consts) + ")"), Norm(r.Consts.ToString()));
                }
            }
        }

        private static string TupleOf(JsonElement names)
        {
            var items = names.EnumerateArray().Select(n => "'" + n.GetString() + "'").ToList();
            return items.Count == 1 ? "(" + items[0] + ",)" : "(" + string.Join(", ", items) + ")";
        }

        /// <summary>Flags read as dis.code_info prints them ("Flags:" lines of the interpreter's info listing).</summary>
        [Theory]
        [MemberData(nameof(Files))]
        public void FlagsAreNamedAsCodeInfoNamesThem(string version, string name)
        {
            var c = new Case(version, name);
            var info = Path.Combine(c.DisDir, "info.txt");
            if (!File.Exists(info)) return;  // code_info exists from 3.2; 2.7 has no info listing
            var expected = File.ReadAllLines(info).Where(l => l.StartsWith("Flags:", StringComparison.Ordinal))
                .Select(l => l.Substring("Flags:".Length).Trim()).ToList();
            var actual = PyDis.Core.Query.GetCodeObjects(c.Source, null).Select(r => r.Flags).ToList();
            Assert.Equal(expected, actual);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void ConstantsAreTheInterpretersReprs(string version, string name)
        {
            var c = new Case(version, name);
            var expected = c.Codes.SelectMany(x => x.GetProperty("co").GetProperty("co_consts").EnumerateArray()
                .Select((k, i) => (x.GetProperty("path").GetString()!, i, Norm(k.GetString()!)))).ToList();
            var records = PyDis.Core.Query.GetConstants(c.Source, null).ToList();
            var actual = records.Select(k => (k.CodePath, k.Index, Norm(k.Repr))).ToList();
            Assert.Equal(expected, actual);
            // Value: what the interpreter's repr reads back as.
            foreach (var (e, k) in expected.Zip(records))
                Assert.True(PyLiteral.Matches(PyLiteral.Parse(NormaliseAddresses(e.Item3), Py2(version)), k.Value, k.CodePath, out var why),
                    $"{k.CodePath} co_consts[{k.Index}] {e.Item3}: {why}");
        }

        private static bool Py2(string version) => version.StartsWith("2.", StringComparison.Ordinal);

        [Theory]
        [MemberData(nameof(Files))]
        public void LineStartsAreFindLineStarts(string version, string name)
        {
            var c = new Case(version, name);
            foreach (var (fixture, code) in PerCode(c))
            {
                if (!fixture.TryGetProperty("linestarts", out var starts) || !IsStored(starts)) continue;  // huge: in "summaries"
                var expected = starts.EnumerateArray().Select(p => (p[0].GetInt32(), Int(p[1]))).ToList();
                var actual = PyDis.Core.Query.GetLineStarts(code, null).Select(s => (s.Offset, s.LineNumber)).ToList();
                Assert.Equal(expected, actual);
                Assert.All(PyDis.Core.Query.GetLineStarts(code, null), s => Assert.Equal(fixture.GetProperty("path").GetString(), s.CodePath));
            }
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void InstructionsAreGetInstructions(string version, string name)
        {
            var c = new Case(version, name);
            var v = PyVersion.Parse(version);
            int compared = 0;
            foreach (var (fixture, code) in PerCode(c))
            {
                if (!fixture.TryGetProperty("instructions", out var ins) || ins.ValueKind != JsonValueKind.Object || !ins.TryGetProperty("rows", out var rows)) continue;
                var fields = ins.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToList();
                var expected = rows.EnumerateArray().Select(row => fields.Zip(row.EnumerateArray()).ToDictionary(p => p.First, p => p.Second)).ToList();
                var actual = PyDis.Core.Query.GetInstructions(code, new InstructionOptions()).ToList();
                var starts = fixture.TryGetProperty("linestarts", out var ls) ? ls : default;
                int? inEffect = null;
                Assert.Equal(expected.Count, actual.Count);
                foreach (var (row, r) in expected.Zip(actual))
                {
                    string at = $"{r.CodePath} @{r.Offset}";
                    Assert.True(row["opname"].GetString() == r.OpName, at + " opname " + r.OpName);
                    Assert.Equal(row["opcode"].GetInt32(), r.OpCode);
                    Assert.Equal(Int(row["arg"]), r.Arg);
                    // argval: the repr field against the interpreter's repr, the value against that repr read back.
                    Assert.Equal(Norm(row["argval"].GetString()!), Norm(r.ArgValRepr));
                    Assert.True(PyLiteral.Matches(PyLiteral.Parse(NormaliseAddresses(row["argval"].GetString()!), Py2(version)), r.ArgVal, r.CodePath, out var why),
                        $"{at} {r.OpName} argval {row["argval"].GetString()}: {why}");
                    Assert.Equal(Norm(row["argrepr"].GetString()!), Norm(r.ArgRepr));
                    Assert.Equal(row["offset"].GetInt32(), r.Offset);
                    Assert.Equal(row["is_jump_target"].GetBoolean(), r.IsJumpTarget);
                    var startsLine = v >= new PyVersion(3, 13)
                        ? (row["starts_line"].GetBoolean() ? Int(row["line_number"]) : null)
                        : Int(row["starts_line"]);
                    Assert.True(startsLine == r.StartsLine, $"{at} starts_line {startsLine} vs {r.StartsLine}");
                    if (row.TryGetValue("start_offset", out var so)) Assert.Equal(so.GetInt32(), r.StartOffset);
                    if (row.TryGetValue("line_number", out var ln)) Assert.Equal(Int(ln), r.LineNumber);
                    else if (v >= new PyVersion(3, 11)) Assert.True(Int(row["positions"][0]) == r.LineNumber, at + " line");
                    else if (IsStored(starts))
                    {
                        // Before 3.11: the last findlinestarts line at or before the offset.
                        foreach (var p in starts.EnumerateArray())
                            if (p[0].GetInt32() <= r.Offset) inEffect = Int(p[1]);
                        Assert.True(inEffect == r.LineNumber, at + " line");
                    }
                    if (row.TryGetValue("label", out var lb)) Assert.Equal(Int(lb), r.Label);
                    if (row.TryGetValue("jump_target", out var jt)) Assert.Equal(Int(jt), r.JumpTarget);
                    if (row.TryGetValue("baseopname", out var bn)) Assert.Equal(bn.GetString(), r.BaseOpName);
                    if (row.TryGetValue("cache_info", out var ci))
                        Assert.Equal(ci.ValueKind == JsonValueKind.Null ? 0 : ci.EnumerateArray().Sum(e => e[1].GetInt32()), r.CacheCount);
                    if (row.TryGetValue("positions", out var pos))
                    {
                        Assert.Equal(Int(pos[1]), r.EndLineNumber);
                        Assert.Equal(Int(pos[2]), r.ColOffset);
                        Assert.Equal(Int(pos[3]), r.EndColOffset);
                    }
                    compared++;
                }
            }
            if (v >= new PyVersion(3, 6)) Assert.True(compared > 0, "no instruction compared");
        }

        /// <summary>Exception table entries, checked against the "ExceptionTable:" sections the interpreter's dis printed.</summary>
        [Theory]
        [MemberData(nameof(Files))]
        public void ExceptionTableMatchesWhatDisPrints(string version, string name)
        {
            var c = new Case(version, name);
            var v = PyVersion.Parse(version);
            var entries = PyDis.Core.Query.GetExceptionTable(c.Source, null).ToList();
            var fromJson = c.Codes.SelectMany(x => x.TryGetProperty("exception_entries", out var e)
                ? e.EnumerateArray().Select(r => (x.GetProperty("path").GetString(), r[0].GetInt32(), r[1].GetInt32(), r[2].GetInt32(), r[3].GetInt32(), r[4].GetBoolean()))
                : Enumerable.Empty<(string?, int, int, int, int, bool)>()).ToList();
            Assert.Equal(fromJson, entries.Select(e => ((string?)e.CodePath, e.Start, e.End, e.Target, e.Depth, e.Lasti)).ToList());

            var listing = Path.Combine(c.DisDir, "default.txt");
            if (v < new PyVersion(3, 11) || !File.Exists(listing)) return;
            var printed = new List<string>();
            bool inTable = false;
            foreach (var line in File.ReadAllLines(listing))
            {
                if (line == "ExceptionTable:") { inTable = true; continue; }
                if (inTable && line.StartsWith("  ", StringComparison.Ordinal) && line.Contains(" -> ")) printed.Add(line);
                else inTable = false;
            }
            var ours = entries.Select(e => v >= new PyVersion(3, 13)
                ? $"  L{e.StartLabel} to L{e.EndLabel} -> L{e.TargetLabel} [{e.Depth}]{(e.Lasti ? " lasti" : "")}"
                : $"  {e.Start} to {e.End - 2} -> {e.Target} [{e.Depth}]{(e.Lasti ? " lasti" : "")}").ToList();
            Assert.Equal(printed, ours);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void APipedCodeObjectStandsForItselfUnlessDepthIsGiven(string version, string name)
        {
            var c = new Case(version, name);
            var codes = PyDis.Core.Query.GetCodeObjects(c.Source, null).ToList();
            foreach (var code in codes)
            {
                var piped = Piped(code);
                Assert.Equal(new[] { code.CodePath }, piped.Walk(piped.DefaultDepth(null)).Select(w => w.Path));
                // Its direct children: the following entries of the walk one level down, until the walk leaves it.
                var below = codes.Skip(codes.IndexOf(code) + 1).TakeWhile(x => x.Level > code.Level)
                    .Where(x => x.Level == code.Level + 1).Select(x => x.CodePath);
                Assert.Equal(new[] { code.CodePath }.Concat(below), piped.Walk(1).Select(w => w.Path));
            }
            Assert.Equal(codes.Select(x => x.CodePath), Piped(codes[0]).Walk(int.MaxValue).Select(w => w.Path));
        }

        private static PyDis.Core.Hosting.PycInput Piped(PyDis.Core.Records.PyCodeObject c) =>
            PyDis.Core.Hosting.PycLoader.FromCodeObject(c.GetCodeObject(), c.Path, c.CodePath);
    }
}
