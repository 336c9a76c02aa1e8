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
    /// and the formatter: line starts, co_positions and constant reprs (<see cref="CodeFacts"/>), the exception
    /// table with depths, and the instructions (streamed). The formatter's only contact with the layers below.
    /// </summary>
    internal sealed class CodeView
    {
        private CodeView(CodeObject code, DecodeOptions options, PyReprOptions? reprOptions)
        {
            Code = code;
            Facts = CodeFacts.From(code, reprOptions);
            Exceptions = ExceptionTable.Parse(code);
            // Streamed, not collected: each instruction dies young, so large code objects cost no promotions.
            Instructions = CodeDecoder.Decode(code, Facts, options);
        }

        public CodeObject Code { get; }
        /// <summary>dict(findlinestarts(co)), co_positions() per code unit, repr() of each constant (on first use).</summary>
        public CodeFacts Facts { get; }
        /// <summary>dis._parse_exception_table(co) (3.11+; empty before).</summary>
        public ExceptionEntry[] Exceptions { get; }
        /// <summary>The instructions, decoded as they are enumerated.</summary>
        public IEnumerable<Instruction> Instructions { get; }

        /// <summary>The view dis.dis / dis.disassemble work from (3.11+ exception targets count as labels).</summary>
        public static CodeView Build(CodeObject code, PyReprOptions? reprOptions) =>
            new CodeView(code, DecodeOptions.Disassembly, reprOptions);
    }
}
