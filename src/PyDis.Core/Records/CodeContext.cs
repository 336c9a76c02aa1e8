using System;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// What the records of one walked code object share, made once per code object rather than per record: where it
    /// sits, its file, its version as a [version], its qualified name and its co_consts as values (converted on first use).
    /// </summary>
    internal sealed class CodeContext
    {
        private object?[]? _consts;
        private bool[]? _converted;
        private string[]? _freeNames;
        private string? _qualName;

        public CodeContext(WalkedCode where, string? path)
        {
            Where = where ?? throw new ArgumentNullException(nameof(where));
            Path = path;
            Version = where.Code.Version.AsSystemVersion();
        }

        public WalkedCode Where { get; }
        public CodeObject Code => Where.Code;
        public string? Path { get; }
        public Version Version { get; }

        /// <summary>
        /// co_qualname, or before 3.11 the name CPython's compiler gives it (<see cref="QualNames"/>); null for bare
        /// bytecode, which has no code object around it. Made once per code object.
        /// </summary>
        public string? QualName => _qualName ??= Code.BareBytecode ? null : QualNames.Of(Code);

        /// <summary>co_consts[<paramref name="index"/>] as a value (<see cref="RecordValues"/>).</summary>
        public object? Const(int index)
        {
            var consts = Code.Consts;
            _consts ??= new object?[consts.Length];
            _converted ??= new bool[consts.Length];
            if (!_converted[index])
            {
                _consts[index] = RecordValues.Of(consts[index], Code.Release.Repr, Where.Path);
                _converted[index] = true;
            }
            return _consts[index];
        }

        /// <summary>Names a closure index refers to before 3.11 (cellvars then freevars), made once.</summary>
        public string[] FreeNames => _freeNames ??= Code.CellAndFreeNames();
    }
}
