using System;
using PyDis.Core.Model;
using PyDis.Core.Pyc;
using PyDis.Core.Releases;

namespace PyDis.Core.Hosting
{
    /// <summary>
    /// One input a host works on: a loaded .pyc file (or bare marshal data), or a single code object piped in
    /// from Get-PyCodeObject. Immutable; nothing here is shared between calls or runspaces.
    /// </summary>
    public sealed class PycInput
    {
        public PycInput(string? path, CodeObject code, PycHeader? header, string codePath, bool isCodeObject)
        {
            Path = path;
            Code = code ?? throw new ArgumentNullException(nameof(code));
            Header = header;
            CodePath = codePath ?? throw new ArgumentNullException(nameof(codePath));
            IsCodeObject = isCodeObject;
        }

        /// <summary>The file the code came from, when known.</summary>
        public string? Path { get; }
        /// <summary>The rules of the release that wrote the code.</summary>
        public Release Release => Code.Release;
        public PyVersion Version => Code.Version;
        /// <summary>The top code object of this input (the module for a file).</summary>
        public CodeObject Code { get; }
        /// <summary>The pyc header for a file; null for bare marshal data and a piped code object.</summary>
        public PycHeader? Header { get; }
        /// <summary>co_name chain of <see cref="Code"/> from the file's top level.</summary>
        public string CodePath { get; }
        /// <summary>True when the input is one code object rather than a whole file.</summary>
        public bool IsCodeObject { get; }

        /// <summary>How messages name this input: the file, a piped code object as "file (code path)".</summary>
        public string DisplayName =>
            Path is null ? CodePath : IsCodeObject ? $"{Path} ({CodePath})" : Path;

        /// <summary>
        /// How deep the record cmdlets walk when -Depth is not given: a whole file walks every code object;
        /// a piped code object stands for itself only (Get-PyCodeObject already emitted its children).
        /// </summary>
        public int? DefaultDepth(int? requested) => requested ?? (IsCodeObject ? 0 : (int?)null);

        /// <summary>The input's code objects, parent first, down to <paramref name="depth"/> levels below its top.</summary>
        public System.Collections.Generic.IEnumerable<WalkedCode> Walk(int? depth) => Code.Walk(CodePath, depth);
    }
}
