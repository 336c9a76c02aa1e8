using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Writing;

namespace PyDis.Conformance
{
    /// <summary>
    /// The patches of tests/fixtures/patch (README there): each one edits the interpreter-compiled
    /// target.pyc with the engine, and says how the program's output must change. The generator
    /// (generator/run_patch_scenarios.sh) writes the patched files and runs them in every interpreter; the
    /// committed runs.json holds what each printed and the SHA-256 of the bytes it ran, which the tests
    /// compare with what the engine writes now.
    /// </summary>
    public static class PatchScenarios
    {
        public sealed class Scenario
        {
            internal Scenario(string name, string description, Func<PycFile, bool> applies, Func<PycFile, byte[]> apply, Func<string[], string[]> expect)
            {
                Name = name; Description = description; Applies = applies; Apply = apply; Expect = expect;
            }

            public string Name { get; }
            public string Description { get; }
            /// <summary>Whether the scenario can be written for the file's release (instruction edits need an opcode table).</summary>
            public Func<PycFile, bool> Applies { get; }
            public Func<PycFile, byte[]> Apply { get; }
            /// <summary>The output the patched program must print, from the original program's output lines.</summary>
            public Func<string[], string[]> Expect { get; }
        }

        /// <summary>Line the traceback scenario gives the code it inserts (the source has 38 lines).</summary>
        public const int InsertedLine = 40;

        public static readonly IReadOnlyList<Scenario> All = new[]
        {
            new Scenario("constant", "GREETING's constant 'hello' becomes 'patched' (co_consts only; every release)",
                f => true, Constant, lines => Replace(lines, "hello", "patched")),
            new Scenario("insert", "compute's loop body runs twice per iteration: NOPs and a copy of the body are inserted before the backward jump, so both loop jumps grow EXTENDED_ARG prefixes and the line table moves",
                f => true, Insert, lines => Replace(lines, "compute 10", "compute 20")),
            new Scenario("traceback", $"fail raises in a copy of its division inserted at its start on line {InsertedLine}, after NOPs; the original division moves to line {InsertedLine + 1}",
                f => true, Traceback, lines => Replace(lines, Raised(lines), $"ZeroDivisionError at line {InsertedLine}")),
            new Scenario("tryexcept", "fail gets an exception-table entry around its division whose handler returns -1 (3.11+), with NOPs inside the protected range",
                f => f.Code.Release.Tables.HasExceptionTable, TryExcept, lines => Replace(lines, Raised(lines), "fail -1")),
        };

        // The original program's report of where fail raised.
        private static string Raised(string[] lines) =>
            lines.FirstOrDefault(l => l.StartsWith("ZeroDivisionError at line ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the original output reports no ZeroDivisionError");

        private static string[] Replace(string[] lines, string from, string to)
        {
            int i = Array.IndexOf(lines, from);
            if (i < 0) throw new InvalidOperationException($"the original output has no line '{from}'");
            var copy = (string[])lines.Clone();
            copy[i] = to;
            return copy;
        }

        private static byte[] Write(PycFile file, CodeObject edited) => PycWriter.Write(file.Header, CodeEditor.Root(edited));

        private static byte[] Constant(PycFile file)
        {
            var root = file.Code;
            int index = Array.FindIndex(root.Consts, c => (c is PyStr s && s.Value == "hello") || (c is PyBytes b && b.AsLatin1() == "hello"));
            if (index < 0) throw new InvalidOperationException("the module has no 'hello' constant");
            var change = new CodeChange { ConstsAt = new Dictionary<int, PyObject> { [index] = PyValues.From("patched", root.Release) } };
            return Write(file, CodeEditor.Apply(root, change));
        }

        /// <summary>Enough NOPs that a jump over them needs an EXTENDED_ARG: 300 code units, or 70000 bytes before wordcode.</summary>
        private static int Padding(CodeObject code) => code.Release.Decode.Wordcode ? 300 : 70000;

        private static AsmInstruction Copy(AsmInstruction i)
        {
            var c = i.Clone();
            c.Label = null;
            c.SourceOffset = c.SourceStartOffset = null;
            c.ExtendedArgs = 0;
            c.CacheData = null;
            c.PassedLines = null;
            return c;
        }

        private static byte[] Insert(PycFile file)
        {
            var code = CodeEditor.Find(file.Code, "<module>.compute");
            var p = ProgramReader.Read(code);
            int f = p.Instructions.FindIndex(i => i.OpName == "FOR_ITER");
            var loop = p.Instructions[f].Label ?? throw new InvalidOperationException("FOR_ITER carries no label");
            int back = p.Instructions.FindIndex(f + 1, i => i.Target == loop);
            // The body runs from after the STORE_FAST of the loop variable up to the jump back.
            var body = p.Instructions.GetRange(f + 2, back - f - 2).Select(Copy).ToList();
            var inserted = Enumerable.Range(0, Padding(code)).Select(_ => new AsmInstruction("NOP")).Concat(body).ToList();
            p.Instructions.InsertRange(back, inserted);
            return Write(file, CodeEditor.Apply(file.Code, "<module>.compute", new CodeChange { Program = p }));
        }

        /// <summary>fail's division: the instructions on the line of its last RETURN_VALUE, before it.</summary>
        private static (AsmProgram Program, int First, int Return) Division(CodeObject code)
        {
            var p = ProgramReader.Read(code);
            int ret = p.Instructions.FindLastIndex(i => i.OpName == "RETURN_VALUE");
            int line = p.Instructions[ret].Location!.Line!.Value;
            int first = ret;
            while (first > 0 && p.Instructions[first - 1].Location?.Line == line) first--;
            return (p, first, ret);
        }

        private static AsmLocation At(int line, AsmLocation like) =>
            like.Column is null ? new AsmLocation(line) : new AsmLocation(line, line, like.Column, like.EndColumn);

        private static byte[] Traceback(PycFile file)
        {
            var code = CodeEditor.Find(file.Code, "<module>.fail");
            var (p, first, ret) = Division(code);
            var division = p.Instructions.GetRange(first, ret - first);
            var inserted = new List<AsmInstruction>();
            for (int k = 0; k < Padding(code); k++)
                inserted.Add(new AsmInstruction("NOP") { Location = k == 0 ? At(InsertedLine, division[0].Location!) : null, StartsLine = k == 0 });
            foreach (var d in division)
            {
                var c = Copy(d);
                c.Location = At(InsertedLine, d.Location!);
                inserted.Add(c);
            }
            inserted.Add(new AsmInstruction("POP_TOP"));
            // The original division and return move one line down: a line table before 3.6 only counts up.
            for (int k = first; k <= ret; k++)
            {
                p.Instructions[k].Location = At(InsertedLine + 1, p.Instructions[k].Location!);
                p.Instructions[k].PassedLines = null;
            }
            p.Instructions[first].StartsLine = true;
            p.Instructions.InsertRange(first, inserted);
            return Write(file, CodeEditor.Apply(file.Code, "<module>.fail", new CodeChange { Program = p }));
        }

        private static byte[] TryExcept(PycFile file)
        {
            var code = CodeEditor.Find(file.Code, "<module>.fail");
            var (p, first, ret) = Division(code);
            var start = new AsmLabel("try");
            var end = new AsmLabel("try_end");
            var handler = new AsmLabel("except");
            var where = p.Instructions[first].Location!;
            p.Instructions[ret].Label ??= end;
            var padding = Enumerable.Range(0, Padding(code)).Select(_ => new AsmInstruction("NOP") { Location = where }).ToList();
            padding[0].Label = start;
            p.Instructions.InsertRange(first, padding);
            // except: the exception is on the stack at depth 0; drop it and return -1.
            int minusOne = code.Consts.Length;
            p.Instructions.Add(new AsmInstruction("POP_TOP") { Label = handler, Location = where });
            p.Instructions.Add(new AsmInstruction("LOAD_CONST", minusOne));
            p.Instructions.Add(new AsmInstruction("RETURN_VALUE"));
            p.ExceptionEntries.Add(new AsmExceptionEntry(start, p.Instructions[ret + padding.Count].Label!, handler, 0, false));
            var consts = code.Consts.Concat(new[] { PyValues.From(-1, code.Release) }).ToArray();
            return Write(file, CodeEditor.Apply(file.Code, "<module>.fail", new CodeChange { Program = p, Consts = consts }));
        }
    }
}
