using System;
using PyDis.Core.Model;

namespace PyDis.Core.Repr
{
    /// <summary>The CPython build whose hash functions decide frozenset order.</summary>
    public enum PyHashBuild
    {
        /// <summary>A 64-bit CPython build with the release's default str hash (SipHash-2-4 3.4-3.10, SipHash-1-3 3.11+).</summary>
        Native64,

        /// <summary>
        /// Pyodide (wasm32): 32-bit Py_hash_t and the FNV str hash, as sys.hash_info reports on 3.14 and 3.15.
        /// The fixtures' 3.14 and 3.15 expectations come from Pyodide, so compare them with this build.
        /// </summary>
        Pyodide,
    }

    /// <summary>Choices repr() cannot take from the value itself.</summary>
    public sealed class PyReprOptions
    {
        internal static readonly PyReprOptions Default = new PyReprOptions();

        /// <summary>
        /// The build whose set iteration order to reproduce (with PYTHONHASHSEED=0). frozenset elements are
        /// printed in the order that build's set table gives them; see <see cref="PyRepr"/> for when the
        /// marshal order is kept instead.
        /// </summary>
        public PyHashBuild HashBuild { get; set; } = PyHashBuild.Native64;

        /// <summary>Print set and frozenset elements in marshal order instead of reproducing the hash table order.</summary>
        public bool MarshalOrder { get; set; }

        /// <summary>
        /// The address printed in a code object's repr (CPython prints the object's memory address with %p).
        /// Default: a number derived from the code object's co_name chain in its tree (<see cref="Repr.CodeAddress"/>), the same
        /// across runs and across builds in which that code object kept its place.
        /// The fixtures write every code address as 0x0; <c>_ =&gt; 0</c> reproduces that.
        /// </summary>
        public Func<CodeObject, ulong>? CodeAddress { get; set; }
    }
}
