using System;
using System.Collections.Generic;
using PyDis.Core.Code;
using PyDis.Core.Decoding;
using PyDis.Core.Repr;
using PyDis.Core.Tables;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// Everything <c>dis.disassemble</c> reads about one code object, computed once and shared by the decoder
    /// and the formatter: line starts, co_positions, the exception table, constant reprs and the instructions.
    /// This is the formatter's only contact with the decoding, table and repr layers.
    /// </summary>
    internal sealed class CodeView
    {
        private CodeView(CodeObject code, DecodeOptions options)
        {
            Code = code;
            LineStarts = LineTable.FindLineStarts(code);
            Positions = LocationTable.Positions(code);
            Exceptions = ExceptionTable.Parse(code);
            ConstReprs = new string[code.Consts.Length];
            for (int i = 0; i < ConstReprs.Length; i++) ConstReprs[i] = PyRepr.Repr(code.Consts[i], code.Version);

            var ranges = new ExceptionRange[Exceptions.Length];
            for (int i = 0; i < ranges.Length; i++)
                ranges[i] = new ExceptionRange(Exceptions[i].Start, Exceptions[i].End, Exceptions[i].Target);
            var starts = new List<KeyValuePair<int, int?>>(LineStarts.Length);
            foreach (var s in LineStarts) starts.Add(new KeyValuePair<int, int?>(s.Offset, s.Line));
            var facts = new CodeFacts(starts, Positions, ranges, ConstReprs);
            Instructions = new List<Instruction>(CodeDecoder.Decode(code, facts, options));
        }

        public CodeObject Code { get; }
        /// <summary>dis.findlinestarts(co), in order.</summary>
        public LineStart[] LineStarts { get; }
        /// <summary>co_positions(), one per code unit (3.11+; empty before).</summary>
        public Positions[] Positions { get; }
        /// <summary>dis._parse_exception_table(co) (3.11+; empty before).</summary>
        public ExceptionEntry[] Exceptions { get; }
        /// <summary>repr() of each co_consts item; nested code objects included (the recursion headers use them).</summary>
        public string[] ConstReprs { get; }
        public List<Instruction> Instructions { get; }

        /// <summary>The view dis.dis / dis.disassemble work from (3.11+ exception targets count as labels).</summary>
        public static CodeView Build(CodeObject code) => new CodeView(code, DecodeOptions.Disassembly);

        /// <summary>The view dis.get_instructions works from.</summary>
        public static CodeView ForGetInstructions(CodeObject code) => new CodeView(code, DecodeOptions.GetInstructions);
    }

    /// <summary>Instructions of a code object with every fact (lines, positions, exception table, constant reprs) filled in.</summary>
    public static class CodeInstructions
    {
        /// <summary><c>dis.get_instructions(code)</c> of the code object's own version.</summary>
        public static IReadOnlyList<Instruction> Get(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            return CodeView.ForGetInstructions(code).Instructions;
        }
    }
}
