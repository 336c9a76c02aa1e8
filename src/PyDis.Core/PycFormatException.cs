using System;

namespace PyDis.Core
{
    /// <summary>
    /// The one exception the engine throws for bad data: truncated, corrupt or hostile input.
    /// It names where (byte offset, and the file when known), what was being read and what was expected.
    /// Misuse of the API (a null argument, an unsupported option) uses the ordinary ArgumentException family.
    /// </summary>
    public sealed class PycFormatException : Exception
    {
        public PycFormatException(long offset, string context, string problem, string? path = null, Exception? inner = null)
            : base(Compose(offset, context, problem, path), inner)
        {
            Offset = offset;
            Context = context;
            Problem = problem;
            Path = path;
        }

        /// <summary>Byte offset in the input (file or marshal body) where the problem was found.</summary>
        public long Offset { get; }

        /// <summary>What was being read, e.g. "marshal tuple item 3" or "co_linetable".</summary>
        public string Context { get; }

        /// <summary>What was wrong and what was expected.</summary>
        public string Problem { get; }

        /// <summary>The file the data came from, when known.</summary>
        public string? Path { get; }

        /// <summary>The error without the file: "at byte N (context): problem".</summary>
        public string Description => Describe(Offset, Context, Problem);

        /// <summary>The same error, now naming the file it came from.</summary>
        public PycFormatException WithPath(string path) =>
            Path == path ? this : new PycFormatException(Offset, Context, Problem, path, InnerException);

        private static string Compose(long offset, string context, string problem, string? path) =>
            (path is null ? "" : path + ": ") + Describe(offset, context, problem);

        private static string Describe(long offset, string context, string problem) => $"at byte {offset} ({context}): {problem}";
    }
}
