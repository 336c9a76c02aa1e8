using System;
using PyDis.Core.Model;

namespace PyDis.Core
{
    /// <summary>
    /// One input the query facade works on: a loaded .pyc file, or a single code object piped in from
    /// Get-PyCodeObject. Immutable; nothing here is shared between calls or runspaces.
    /// </summary>
    public sealed class PycSource
    {
        public PycSource(string? path, PyVersion version, CodeObject code, object? header, string codePath, bool isCodeObject)
        {
            Path = path;
            Version = version;
            Code = code ?? throw new ArgumentNullException(nameof(code));
            Header = header;
            CodePath = codePath;
            IsCodeObject = isCodeObject;
        }

        /// <summary>The file the code came from, when known.</summary>
        public string? Path { get; }
        public PyVersion Version { get; }
        /// <summary>The top code object of this input (the module for a file).</summary>
        public CodeObject Code { get; }
        /// <summary>The container's header object for a file; null for a piped code object.</summary>
        public object? Header { get; }
        /// <summary>co_name chain of <see cref="Code"/> from the file's top level.</summary>
        public string CodePath { get; }
        /// <summary>True when the input is one code object rather than a whole file.</summary>
        public bool IsCodeObject { get; }

        /// <summary>
        /// How deep the record cmdlets walk when -Depth is not given: a whole file walks every code object;
        /// a piped code object stands for itself only (Get-PyCodeObject already emitted its children).
        /// </summary>
        public int? DefaultDepth(int? requested) => requested ?? (IsCodeObject ? 0 : (int?)null);
    }

    /// <summary>Options of <see cref="Query.GetInstructions"/>.</summary>
    public sealed class InstructionOptions
    {
        /// <summary>Nesting levels below the input's code to include; null = as <see cref="PycSource.DefaultDepth"/>.</summary>
        public int? Depth { get; set; }
        /// <summary>Also yield CACHE entries (3.11-3.12 get_instructions(show_caches=True)).</summary>
        public bool ShowCaches { get; set; }
        /// <summary>Keep only instructions whose OpName matches.</summary>
        public Func<string, bool>? OpNameFilter { get; set; }
    }

    /// <summary>Options of <see cref="Query.ShowCode"/>, named as dis.dis's keywords.</summary>
    public sealed class ShowCodeOptions
    {
        public bool ShowCaches { get; set; }
        public bool ShowOffsets { get; set; }
        public bool ShowPositions { get; set; }
        /// <summary>dis.dis(depth=): null recurses fully.</summary>
        public int? Depth { get; set; }
        /// <summary>Print dis.code_info of every code object instead of the disassembly.</summary>
        public bool Info { get; set; }
    }
}
