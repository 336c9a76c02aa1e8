using System;
using PyDis.Core.Flow;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// One instruction along the stack-depth walk (Measure-PyStackEffect): the effect the version's compiler
    /// gave it and the depth before and after it. Depths are null where the walk never came (dead code, or code
    /// after an opcode without a stack effect).
    /// </summary>
    public sealed class PyStackEffect
    {
        public string? Path { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        public string CodeName { get; set; } = "";
        public string? QualName { get; set; }
        public string CodePath { get; set; } = "";
        public int Offset { get; set; }
        public string OpName { get; set; } = "";
        public int OpCode { get; set; }
        public int? Arg { get; set; }
        public string ArgRepr { get; set; } = "";
        /// <summary>The effect when the instruction falls through (stack_effect(jump=False) from 3.8; the one effect before).</summary>
        public int? Effect { get; set; }
        /// <summary>The effect on the way to its jump target, where the walk followed one (stack_effect(jump=True), or the target depth of 2.7-3.6's rules).</summary>
        public int? JumpEffect { get; set; }
        /// <summary>The depth before the instruction (the largest the walk met).</summary>
        public int? DepthBefore { get; set; }
        /// <summary>DepthBefore + Effect.</summary>
        public int? DepthAfter { get; set; }
        /// <summary>Index of its basic block (Get-PyBasicBlock's Index).</summary>
        public int Block { get; set; }

        /// <summary>The record of instruction <paramref name="index"/> along <paramref name="walk"/>.</summary>
        public static PyStackEffect From(StackDepthResult walk, int index, WalkedCode where, string? path) =>
            From(walk, index, new CodeContext(where, path));

        internal static PyStackEffect From(StackDepthResult walk, int index, CodeContext ctx)
        {
            var ins = walk.Graph.Instructions[index];
            return new PyStackEffect
            {
                Path = ctx.Path, PythonVersion = ctx.Version, CodeName = ctx.Code.Name,
                QualName = ctx.QualName, CodePath = ctx.Where.Path, Offset = ins.Offset, OpName = ins.OpName,
                OpCode = ins.OpCode, Arg = ins.Arg, ArgRepr = ins.ArgRepr, Effect = walk.Effect[index],
                JumpEffect = walk.JumpEffect[index], DepthBefore = walk.DepthBefore[index], DepthAfter = walk.DepthAfter(index),
                Block = walk.Graph.BlockOf(index).Index,
            };
        }

        public override string ToString() => $"{Offset} {OpName} {DepthBefore?.ToString() ?? "-"} -> {DepthAfter?.ToString() ?? "-"}";
    }
}
