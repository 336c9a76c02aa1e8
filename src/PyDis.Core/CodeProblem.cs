using System.Collections.Generic;

namespace PyDis.Core
{
    /// <summary>
    /// An inconsistency inside one code object whose container was sound: co_code cut inside an instruction, a
    /// line or exception table that does not fit co_code, an oparg past its table. The engine reads on as the
    /// version's dis does and reports the problem beside the output (hosts: a warning naming the code path).
    /// </summary>
    public sealed class CodeProblem
    {
        public CodeProblem(string context, long offset, string problem, bool disFails)
        {
            Context = context;
            Offset = offset;
            Problem = problem;
            DisFails = disFails;
        }

        /// <summary>What holds the problem: "co_code", "co_lnotab", "co_linetable" or "co_exceptiontable".</summary>
        public string Context { get; }

        /// <summary>Byte offset inside <see cref="Context"/> (an instruction's offset for co_code).</summary>
        public long Offset { get; }

        /// <summary>What is wrong, and how the output copes.</summary>
        public string Problem { get; }

        /// <summary>
        /// True when the version's own dis raises on this code object (IndexError): PyDis's output then goes on
        /// where dis stops, and hosts report an error rather than a warning.
        /// </summary>
        public bool DisFails { get; }

        /// <summary>"co_linetable at byte 3: problem".</summary>
        public override string ToString() => $"{Context} at byte {Offset}: {Problem}";
    }

    /// <summary>
    /// Collects the problems a lenient reader met, at most one per kind (a table, or one kind of co_code problem):
    /// a garbage table or a run of bad jumps would flood.
    /// </summary>
    internal sealed class ProblemSink
    {
        // Made on the first problem: the common case, a sound code object, allocates nothing.
        private List<CodeProblem>? _problems;
        private List<string>? _kinds;

        public IReadOnlyList<CodeProblem> Problems => (IReadOnlyList<CodeProblem>?)_problems ?? System.Array.Empty<CodeProblem>();

        public bool IsEmpty => _problems is null || _problems.Count == 0;

        /// <summary>Forgets every problem, for the next code object.</summary>
        public void Clear()
        {
            _problems?.Clear();
            _kinds?.Clear();
        }

        /// <summary>Adds the problem unless one of its <paramref name="kind"/> (default: the context) is there already.</summary>
        public void Add(string context, long offset, string problem, bool disFails = false, string? kind = null)
        {
            kind ??= context;
            _kinds ??= new List<string>();
            if (_kinds.Contains(kind)) return;
            _kinds.Add(kind);
            AddAlways(context, offset, problem, disFails);
        }

        /// <summary>Every problem, not only the first per context (operands: each bad instruction is named).</summary>
        public void AddAlways(string context, long offset, string problem, bool disFails) =>
            (_problems ??= new List<CodeProblem>()).Add(new CodeProblem(context, offset, problem, disFails));
    }
}
