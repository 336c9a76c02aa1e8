using System;
using System.Collections.Generic;

namespace PyDis.Core.Opcodes
{
    /// <summary>Why a stack effect has no value, as CPython's <c>dis.stack_effect</c> words it.</summary>
    public enum StackEffectError
    {
        None,
        /// <summary>"invalid opcode or oparg".</summary>
        Invalid,
        /// <summary>"stack_effect: opcode does not permit oparg but oparg was specified".</summary>
        OpargNotPermitted,
        /// <summary>"stack_effect: opcode requires oparg but oparg was not specified".</summary>
        OpargRequired,
        /// <summary>jump= given to a version whose stack_effect has no such keyword (before 3.8: a TypeError).</summary>
        JumpNotSupported,
    }

    /// <summary>Which of an instruction's two ways on the effect is asked for (dis.stack_effect's jump=).</summary>
    public enum JumpCase
    {
        /// <summary>jump=None: the larger of the two.</summary>
        Either = 0,
        /// <summary>jump=True: the effect when the jump is taken.</summary>
        Taken = 1,
        /// <summary>jump=False: the effect when it falls through.</summary>
        NotTaken = 2,
    }

    /// <summary>
    /// One generated stack-effect formula over the oparg (Flow/Generated/generate_stack_effects.py explains the
    /// shapes), evaluated in 32-bit wrapping arithmetic like the C it was fitted to; or an error.
    /// </summary>
    internal sealed class EffectFormula
    {
        private enum Shape : byte { Error, Const, Linear, OneOff, Bits, Fields }

        private readonly Shape _shape;
        private readonly int _a, _b, _c, _d;
        private readonly int[]? _weights;

        private EffectFormula(Shape shape, StackEffectError error, int a, int b, int c, int d, int[]? weights, int maxArg)
        {
            _shape = shape; Error = error; _a = a; _b = b; _c = c; _d = d; _weights = weights; MaxArg = maxArg;
        }

        /// <summary>The error every oparg gets, or <see cref="StackEffectError.None"/> for a formula.</summary>
        public StackEffectError Error { get; }
        /// <summary>The largest valid oparg (CPython's own formula overflows past it).</summary>
        public int MaxArg { get; }

        public static EffectFormula Err(StackEffectError error) => new EffectFormula(Shape.Error, error, 0, 0, 0, 0, null, -1);
        public static EffectFormula Const(int c) => new EffectFormula(Shape.Const, StackEffectError.None, 0, 0, c, 0, null, int.MaxValue);
        /// <summary>a * oparg + c.</summary>
        public static EffectFormula Linear(int a, int c) => new EffectFormula(Shape.Linear, StackEffectError.None, a, 0, c, 0, null, int.MaxValue);
        /// <summary>oparg == k ? x : c.</summary>
        public static EffectFormula OneOff(int k, int x, int c) => new EffectFormula(Shape.OneOff, StackEffectError.None, k, x, c, 0, null, int.MaxValue);
        /// <summary>c + Σ w[i] * bit i of the oparg.</summary>
        public static EffectFormula Bits(int c, params int[] weights) => new EffectFormula(Shape.Bits, StackEffectError.None, 0, 0, c, 0, weights, int.MaxValue);
        /// <summary>c + a*(oparg &amp; 0xFF) + b*((oparg &gt;&gt; 8) &amp; 0xFF) + d*(oparg &gt;&gt; 16).</summary>
        public static EffectFormula Fields(int c, int a, int b, int d) => new EffectFormula(Shape.Fields, StackEffectError.None, a, b, c, d, null, int.MaxValue);

        /// <summary>The same formula, valid only up to <paramref name="maxArg"/>.</summary>
        public EffectFormula UpTo(int maxArg) => new EffectFormula(_shape, Error, _a, _b, _c, _d, _weights, maxArg);

        /// <summary>The value for a non-negative oparg, unchecked (see <see cref="StackEffectTable.Evaluate"/>).</summary>
        public int Value(int oparg)
        {
            unchecked
            {
                switch (_shape)
                {
                    case Shape.Const: return _c;
                    case Shape.Linear: return _a * oparg + _c;
                    case Shape.OneOff: return oparg == _a ? _b : _c;
                    case Shape.Bits:
                        int v = _c;
                        for (int i = 0; i < _weights!.Length; i++) v += _weights[i] * ((oparg >> i) & 1);
                        return v;
                    case Shape.Fields:
                        return _c + _a * (oparg & 0xFF) + _b * ((oparg >> 8) & 0xFF) + _d * (oparg >> 16);
                    default: return 0;
                }
            }
        }
    }

    /// <summary>One opcode's row: its answers without an oparg and with one, for each <see cref="JumpCase"/>.</summary>
    internal sealed class StackEffectEntry
    {
        public StackEffectEntry(int opcode, string name, EffectFormula[] noArg, EffectFormula[] withArg, bool compilerOnlySplit)
        {
            OpCode = opcode; Name = name; NoArg = noArg; WithArg = withArg; CompilerOnlySplit = compilerOnlySplit;
        }

        public int OpCode { get; }
        public string Name { get; }
        /// <summary>Indexed by <see cref="JumpCase"/>.</summary>
        public EffectFormula[] NoArg { get; }
        public EffectFormula[] WithArg { get; }
        /// <summary>3.7: the Taken/NotTaken split is the compiler's, which that release's dis does not expose.</summary>
        public bool CompilerOnlySplit { get; }
    }

    /// <summary>Factory the generated tables use (short names keep the tables readable).</summary>
    internal static class E
    {
        public static StackEffectEntry Op(int opcode, string name, EffectFormula noArg, EffectFormula withArg) =>
            new StackEffectEntry(opcode, name, new[] { noArg, noArg, noArg }, new[] { withArg, withArg, withArg }, false);

        public static StackEffectEntry Jumps(int opcode, string name, EffectFormula noArg, EffectFormula withArg,
            EffectFormula noArgTaken, EffectFormula withArgTaken, EffectFormula noArgNotTaken, EffectFormula withArgNotTaken) =>
            new StackEffectEntry(opcode, name, new[] { noArg, noArgTaken, noArgNotTaken },
                new[] { withArg, withArgTaken, withArgNotTaken }, false);

        public static StackEffectEntry CompilerJumps(int opcode, string name, EffectFormula noArg, EffectFormula withArg,
            EffectFormula withArgTaken, EffectFormula withArgNotTaken) =>
            new StackEffectEntry(opcode, name, new[] { noArg, noArg, noArg }, new[] { withArg, withArgTaken, withArgNotTaken }, true);
    }

    /// <summary>Short name for the generated tables.</summary>
    internal static class F
    {
        public static EffectFormula Err(StackEffectError e) => EffectFormula.Err(e);
        public static EffectFormula Const(int c) => EffectFormula.Const(c);
        public static EffectFormula Linear(int a, int c) => EffectFormula.Linear(a, c);
        public static EffectFormula OneOff(int k, int x, int c) => EffectFormula.OneOff(k, x, c);
        public static EffectFormula Bits(int c, params int[] w) => EffectFormula.Bits(c, w);
        public static EffectFormula Fields(int c, int a, int b, int d) => EffectFormula.Fields(c, a, b, d);
    }

    /// <summary>
    /// The stack effects of one CPython version: every opcode 0-255 and every 3.12+ pseudo opcode, as that
    /// release's dis.stack_effect answers (2.7, 3.0-3.3: as its compile.c's opcode_stack_effect, under the
    /// argument rules stack_effect got in 3.4). Generated (Flow/Generated) from tests/fixtures/stack.
    /// </summary>
    public sealed class StackEffectTable
    {
        private readonly Dictionary<int, StackEffectEntry> _byCode = new Dictionary<int, StackEffectEntry>();
        private readonly Dictionary<string, int> _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly (StackEffectError NoArg, StackEffectError WithArg) _above;
        private readonly bool _invalidSentinel;

        internal StackEffectTable(PyVersion version, string pythonBuild, string source, bool hasJumpKeyword, bool invalidSentinel,
            (StackEffectError, StackEffectError) above, int forIterExitSkip, StackEffectEntry[] entries)
        {
            Version = version;
            PythonBuild = pythonBuild;
            Source = source;
            HasJumpKeyword = hasJumpKeyword;
            _invalidSentinel = invalidSentinel;
            _above = above;
            ForIterExitSkip = forIterExitSkip;
            foreach (var e in entries)
            {
                _byCode[e.OpCode] = e;
                if (!e.Name.StartsWith("<", StringComparison.Ordinal) && !_byName.ContainsKey(e.Name)) _byName.Add(e.Name, e.OpCode);
                if (e.CompilerOnlySplit) HasCompilerSplit = true;
            }
        }

        public PyVersion Version { get; }
        /// <summary>The release whose answers the table holds, e.g. "3.12.1".</summary>
        public string PythonBuild { get; }
        /// <summary>Where the answers came from: "dis.stack_effect", or that release's compile.c.</summary>
        public string Source { get; }
        /// <summary>3.8+: stack_effect takes jump=.</summary>
        public bool HasJumpKeyword { get; }
        /// <summary>Whether jump-specific effects exist at all (3.8+, and 3.7's compiler-only split).</summary>
        public bool HasJumpSplit => HasJumpKeyword || HasCompilerSplit;
        private bool HasCompilerSplit { get; }

        /// <summary>
        /// How many instructions from FOR_ITER's dis target an exhausted loop skips (3.12+: END_FOR, 3.13+ also the
        /// POP_TOP / POP_ITER after it), as sys.monitoring saw it; 0 where dis's target is the real one.
        /// </summary>
        public int ForIterExitSkip { get; }

        /// <summary>The opcode of a name the table lists (base, specialised or pseudo), or -1.</summary>
        public int OpcodeOf(string name) => _byName.TryGetValue(name, out int op) ? op : -1;

        /// <summary>The name the table gives an opcode ("&lt;N&gt;" for a number the version does not define), or null.</summary>
        public string? NameOf(int opcode) => _byCode.TryGetValue(opcode, out var e) ? e.Name : null;

        /// <summary>Every opcode the table lists (0-255, then pseudo opcodes), in order.</summary>
        public IEnumerable<int> Opcodes
        {
            get
            {
                var codes = new List<int>(_byCode.Keys);
                codes.Sort();
                return codes;
            }
        }

        /// <summary>
        /// dis.stack_effect(opcode, oparg, jump=...) of this version: the effect, or the error CPython raises.
        /// <paramref name="oparg"/> must be 0 or more (an instruction's oparg); null is "no oparg".
        /// </summary>
        public StackEffectError TryEvaluate(int opcode, int? oparg, JumpCase jump, out int effect)
        {
            effect = 0;
            // CPython reads its tables with a negative opcode (3.11 answers 1 for -1): no answer to reproduce.
            if (opcode < 0) throw new ArgumentOutOfRangeException(nameof(opcode), "an opcode is 0 or more");
            if (oparg < 0) throw new ArgumentOutOfRangeException(nameof(oparg), "an oparg is 0 or more");
            if (jump != JumpCase.Either && !HasJumpKeyword) return StackEffectError.JumpNotSupported;
            return Evaluate(opcode, oparg, jump, out effect);
        }

        /// <summary>
        /// The effect as the version's compiler used it: like <see cref="TryEvaluate"/>, but 3.7's jump split
        /// (which its dis does not answer) is used as well.
        /// </summary>
        internal StackEffectError Evaluate(int opcode, int? oparg, JumpCase jump, out int effect)
        {
            effect = 0;
            if (!_byCode.TryGetValue(opcode, out var entry))
                return oparg is null ? _above.NoArg : _above.WithArg;
            var f = oparg is null ? entry.NoArg[(int)jump] : entry.WithArg[(int)jump];
            if (f.Error != StackEffectError.None) return f.Error;
            int arg = oparg ?? 0;
            if (arg > f.MaxArg) return StackEffectError.Invalid;
            effect = f.Value(arg);
            if (_invalidSentinel && effect == int.MaxValue) return StackEffectError.Invalid;  // C's PY_INVALID_STACK_EFFECT
            return StackEffectError.None;
        }
    }
}
