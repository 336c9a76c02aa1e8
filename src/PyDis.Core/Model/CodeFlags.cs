using System;

namespace PyDis.Core.Model
{
    /// <summary>co_flags with CPython's names (Include/cpython/code.h; dis.COMPILER_FLAG_NAMES).</summary>
    [Flags]
    public enum CodeFlags : uint
    {
        None = 0,
        OPTIMIZED = 0x1,
        NEWLOCALS = 0x2,
        VARARGS = 0x4,
        VARKEYWORDS = 0x8,
        NESTED = 0x10,
        GENERATOR = 0x20,
        NOFREE = 0x40,
        COROUTINE = 0x80,
        ITERABLE_COROUTINE = 0x100,
        ASYNC_GENERATOR = 0x200,
        HAS_DOCSTRING = 0x4000000,
        METHOD = 0x8000000,
    }
}
