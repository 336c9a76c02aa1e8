using System;
using System.Collections.Generic;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Repr;
using PyDis.Core.CodeTables;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// Everything <c>dis.disassemble</c> reads about one code object, computed once and shared by the decoder
    /// and the formatter: line starts, co_positions and constant reprs (<see cref="CodeFacts"/>), the exception
    /// table with depths, and the instructions (streamed). The formatter's only contact with the layers below.
    /// </summary>
    internal sealed class CodeView
    {
        private CodeView(CodeObject code, DecodeOptions options, PyReprOptions? reprOptions, bool positions)
        {
            Code = code;
            Facts = CodeFacts.From(code, reprOptions);
            Exceptions = Facts.ExceptionEntries ?? ExceptionTable.Parse(code);  // CodeFacts.From has parsed it already
            // Streamed, not collected, into one reused Instruction: the formatter is done with each one before
            // it asks for the next.
            Instructions = CodeDecoder.DecodeReusing(code, Facts, options, positions, out var marks);
            Marks = marks;
        }

        public CodeObject Code { get; }
        /// <summary>dict(findlinestarts(co)), co_positions() per code unit, repr() of each constant (on first use).</summary>
        public CodeFacts Facts { get; }
        /// <summary>dis._parse_exception_table(co) (3.11+; empty before).</summary>
        public ExceptionEntry[] Exceptions { get; }
        /// <summary>
        /// Offsets marked as jump targets, ascending; from 3.13 dis._make_labels_map's keys (jump targets and
        /// exception-table boundaries), so an offset's label is its index + 1.
        /// </summary>
        public long[] Marks { get; }
        /// <summary>The instructions, decoded as they are enumerated into one reused object (do not keep them).</summary>
        public IEnumerable<Instruction> Instructions { get; }

        /// <summary>
        /// The view dis.dis / dis.disassemble work from (3.11+ exception targets count as labels);
        /// <paramref name="positions"/>: whether the instructions carry co_positions (show_positions).
        /// </summary>
        public static CodeView Build(CodeObject code, PyReprOptions? reprOptions, bool positions) =>
            new CodeView(code, DecodeOptions.Disassembly, reprOptions, positions);
    }
}
