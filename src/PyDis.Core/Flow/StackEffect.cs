using System;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;

namespace PyDis.Core.Flow
{
    /// <summary>
    /// A stack effect CPython would refuse: the error <c>dis.stack_effect</c> raises (ValueError, or TypeError
    /// for jump= before 3.8), with its text. A misuse of the API, so an <see cref="ArgumentException"/>.
    /// </summary>
    public sealed class StackEffectException : ArgumentException
    {
        public StackEffectException(PyVersion version, int opcode, int? oparg, JumpCase jump, StackEffectError error)
            : base(MessageOf(error))
        {
            Version = version; OpCode = opcode; Oparg = oparg; Jump = jump; Error = error;
        }

        public PyVersion Version { get; }
        public int OpCode { get; }
        public int? Oparg { get; }
        public JumpCase Jump { get; }
        public StackEffectError Error { get; }
        /// <summary>The Python exception type CPython raises.</summary>
        public string PythonException => Error == StackEffectError.JumpNotSupported ? "TypeError" : "ValueError";

        /// <summary>The text CPython's exception carries.</summary>
        public static string MessageOf(StackEffectError error)
        {
            switch (error)
            {
                case StackEffectError.OpargNotPermitted: return "stack_effect: opcode does not permit oparg but oparg was specified";
                case StackEffectError.OpargRequired: return "stack_effect: opcode requires oparg but oparg was not specified";
                case StackEffectError.JumpNotSupported: return "stack_effect() got an unexpected keyword argument 'jump'";
                default: return "invalid opcode or oparg";
            }
        }
    }

    /// <summary><c>dis.stack_effect</c> of any version, from the generated tables (<see cref="StackEffectTable"/>).</summary>
    public static class StackEffect
    {
        /// <summary>The table of <paramref name="version"/>; ArgumentException when none was generated for it.</summary>
        public static StackEffectTable Table(PyVersion version) =>
            ReleaseRegistry.Supported.TryGet(version, out var release) && release.HasStackEffects
                ? release.StackEffects
                : throw new ArgumentException($"PyDis has no stack-effect table for Python {version}.", nameof(version));

        /// <summary>
        /// dis.stack_effect(opcode, oparg, jump=...) as <paramref name="version"/> answers it. Throws
        /// <see cref="StackEffectException"/> where CPython raises.
        /// </summary>
        public static int Of(PyVersion version, int opcode, int? oparg = null, JumpCase jump = JumpCase.Either)
        {
            var error = Table(version).TryEvaluate(opcode, oparg, jump, out int effect);
            if (error != StackEffectError.None) throw new StackEffectException(version, opcode, oparg, jump, error);
            return effect;
        }

        /// <summary>The same by opcode name (the version's opname, a specialised or a 3.12+ pseudo name).</summary>
        public static int Of(PyVersion version, string opName, int? oparg = null, JumpCase jump = JumpCase.Either)
        {
            if (opName is null) throw new ArgumentNullException(nameof(opName));
            int opcode = Table(version).OpcodeOf(opName);
            if (opcode < 0) throw new ArgumentException($"Python {version} has no opcode named {opName}.", nameof(opName));
            return Of(version, opcode, oparg, jump);
        }
    }
}
