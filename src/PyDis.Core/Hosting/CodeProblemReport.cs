using System.Collections.Generic;
using PyDis.Core.Decoding;
using PyDis.Core.Model;

namespace PyDis.Core.Hosting
{
    /// <summary>One inconsistency found in an input, with the code object it is in.</summary>
    public sealed class ReportedProblem
    {
        public ReportedProblem(string? path, string codePath, CodeProblem problem)
        {
            Path = path;
            CodePath = codePath;
            Problem = problem;
        }

        /// <summary>The file, when known.</summary>
        public string? Path { get; }
        /// <summary>The code object's co_name chain from the file's top level ("&lt;module&gt;.f").</summary>
        public string CodePath { get; }
        public CodeProblem Problem { get; }
        /// <summary>True when the version's own dis raises on this code object: hosts report an error, not a warning.</summary>
        public bool DisFails => Problem.DisFails;

        /// <summary>"FILE: CODEPATH: co_linetable at byte 3: ..." (the same text in the module and pydis).</summary>
        public string Message => (Path is null ? "" : Path + ": ") + CodePath + ": " + Problem;
    }

    /// <summary>
    /// The inconsistencies of every code object of an input (a file: all of them; a piped code object: itself),
    /// for the hosts: a warning each, or an error where the version's dis itself raises (<see cref="CodeProblem.DisFails"/>).
    /// </summary>
    public static class CodeProblemReport
    {
        public static List<ReportedProblem> Find(PycInput input) => Find(input.Code, input.CodePath, input.Path, input.IsCodeObject ? 0 : (int?)null);

        /// <summary>
        /// <see cref="Find(PycInput)"/> after a <see cref="Formatting.DisFormatter"/> has written the input with
        /// <paramref name="sound"/> as its <see cref="Formatting.DisFormatter.SoundCode"/>: the code objects it found
        /// sound are not checked again.
        /// </summary>
        public static List<ReportedProblem> Find(PycInput input, SoundCode sound) =>
            Find(input.Code, input.CodePath, input.Path, input.IsCodeObject ? 0 : (int?)null, sound);

        public static List<ReportedProblem> Find(CodeObject root, string rootPath, string? path, int? depth, SoundCode? sound = null)
        {
            var found = new List<ReportedProblem>();
            // Most often the formatter found every code object sound: then no walk with paths (a WalkedCode per code
            // object, ~90 KB of fresh memory for a large file) is made.
            if (sound != null && sound.HasWholeWalk(root, depth)) return found;
            foreach (var walked in root.Walk(rootPath, depth))
            {
                if (sound != null && sound.Take(walked.Code)) continue;
                foreach (var p in CodeProblems.Find(walked.Code))
                    found.Add(new ReportedProblem(path, walked.Path, p));
            }
            return found;
        }
    }
}
