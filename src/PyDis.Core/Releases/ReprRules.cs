namespace PyDis.Core.Releases
{
    /// <summary>How a release's float repr chooses its digits.</summary>
    public enum FloatReprStyle
    {
        /// <summary>2.7, 3.1+: the shortest digits that round-trip (David Gay's algorithm, repr style 'r').</summary>
        Shortest,
        /// <summary>3.0: C's <c>%.17g</c> (format_double; complex numbers by 3.0's own complex_to_buf).</summary>
        G17,
    }

    /// <summary>The str (and bytes) hash function of a release's 64-bit build (with PYTHONHASHSEED=0).</summary>
    public enum StrHashFunction
    {
        /// <summary>
        /// 2.7-3.3: the multiplicative hash (x = (1000003*x) ^ unit) over the string's units: bytes, the UTF-16
        /// units of a 3.0-3.2 narrow build, the code points of 2.7's UCS4 unicode and of 3.3.
        /// </summary>
        Multiplicative,
        /// <summary>3.4-3.10: SipHash-2-4.</summary>
        SipHash24,
        /// <summary>3.11+: SipHash-1-3.</summary>
        SipHash13,
    }

    /// <summary>How a set table probes for a free slot (set_lookkey / set_insert_clean in Objects/setobject.c).</summary>
    public enum SetProbe
    {
        /// <summary>2.7-3.3: i = 5*i + perturb + 1, perturb shifted after each step.</summary>
        Perturb,
        /// <summary>3.4: first the 9 slots after i (wrapping around the table), then i = 5*i + 1 + perturb.</summary>
        LinearWrapping,
        /// <summary>3.5+: the 9 slots after i only when they fit before the table's end, then i = 5*i + 1 + perturb.</summary>
        Linear,
    }

    /// <summary>When a set table grows (set_add_entry in Objects/setobject.c).</summary>
    public enum SetGrowth
    {
        /// <summary>2.7-3.5: fill*3 &gt;= size*2.</summary>
        TwoThirdsOfSize,
        /// <summary>3.6: fill*3 &gt;= mask*2.</summary>
        TwoThirdsOfMask,
        /// <summary>3.7+: fill*5 &gt;= mask*3.</summary>
        ThreeFifthsOfMask,
    }

    /// <summary>
    /// What decides the order a release's set table iterates the elements marshal inserted: its hash functions
    /// and its set table (Objects/setobject.c). <see cref="Repr.SetOrder"/> runs it.
    /// </summary>
    public sealed class SetOrderRules
    {
        internal SetOrderRules(StrHashFunction strHash, bool strUnitsAreUtf16, bool numberHashIsModular, bool frozenSetHashIsShuffled,
            bool tupleHashIsXxHash, bool nanHashIsZero, bool noneHashIsConstant, SetProbe probe, SetGrowth growth)
        {
            StrHash = strHash;
            StrUnitsAreUtf16 = strUnitsAreUtf16;
            NumberHashIsModular = numberHashIsModular;
            FrozenSetHashIsShuffled = frozenSetHashIsShuffled;
            TupleHashIsXxHash = tupleHashIsXxHash;
            NanHashIsZero = nanHashIsZero;
            NoneHashIsConstant = noneHashIsConstant;
            Probe = probe;
            Growth = growth;
        }

        public StrHashFunction StrHash { get; }
        /// <summary>3.0-3.2 narrow builds hash a str's UTF-16 units (a non-BMP character is two).</summary>
        public bool StrUnitsAreUtf16 { get; }
        /// <summary>
        /// 3.2+: int and float hash modulo 2**61 - 1 (a numeric value hashes the same in every type). 2.7-3.1: an
        /// int hashes to itself (modulo 2**64 - 1 when larger), a float by its frexp parts, -inf to -271828.
        /// </summary>
        public bool NumberHashIsModular { get; }
        /// <summary>3.6+: frozenset_hash shuffles each element hash and the result; 2.7-3.5 xor the shuffled hashes only.</summary>
        public bool FrozenSetHashIsShuffled { get; }
        /// <summary>3.8+: the xxHash-based tuple hash.</summary>
        public bool TupleHashIsXxHash { get; }
        /// <summary>Before 3.10 hash(nan) is 0; from 3.10 it is the object's address.</summary>
        public bool NanHashIsZero { get; }
        /// <summary>3.12+: hash(None) is a constant; before, its address.</summary>
        public bool NoneHashIsConstant { get; }
        public SetProbe Probe { get; }
        public SetGrowth Growth { get; }
    }

    /// <summary>
    /// The repr rules of a release: how its <c>repr()</c> prints the constants marshal can hold.
    /// </summary>
    public sealed class ReprRules
    {
        internal static ReprRules Of(PyVersion v, string? unicodeVersion)
        {
            bool py2 = v.Major == 2;
            var sets = new SetOrderRules(
                v >= new PyVersion(3, 11) ? StrHashFunction.SipHash13 : v >= new PyVersion(3, 4) ? StrHashFunction.SipHash24 : StrHashFunction.Multiplicative,
                strUnitsAreUtf16: !py2 && v < new PyVersion(3, 3),
                numberHashIsModular: v >= new PyVersion(3, 2),
                frozenSetHashIsShuffled: v >= new PyVersion(3, 6),
                tupleHashIsXxHash: v >= new PyVersion(3, 8), nanHashIsZero: v < new PyVersion(3, 10),
                noneHashIsConstant: v >= new PyVersion(3, 12),
                v >= new PyVersion(3, 5) ? SetProbe.Linear : v >= new PyVersion(3, 4) ? SetProbe.LinearWrapping : SetProbe.Perturb,
                v >= new PyVersion(3, 7) ? SetGrowth.ThreeFifthsOfMask : v >= new PyVersion(3, 6) ? SetGrowth.TwoThirdsOfMask : SetGrowth.TwoThirdsOfSize);
            bool v30 = v == new PyVersion(3, 0);
            return new ReprRules(v, py2, v30 ? FloatReprStyle.G17 : FloatReprStyle.Shortest, py2 ? null : unicodeVersion, sets)
            {
                NarrowText = !py2 && v < new PyVersion(3, 3),
                PrintableTestTruncatesTo16Bits = !py2 && v < new PyVersion(3, 2),
            };
        }

        private ReprRules(PyVersion version, bool python2Objects, FloatReprStyle floats, string? unicodeVersion, SetOrderRules setOrder)
        {
            Version = version;
            Python2Objects = python2Objects;
            Floats = floats;
            UnicodeVersion = unicodeVersion;
            SetOrder = setOrder;
        }

        public PyVersion Version { get; }

        /// <summary>
        /// Python 2's object model: str is a byte string (names too), unicode prints with a u prefix and every
        /// non-ASCII character escaped, longs end in L, sets print as <c>set([...])</c>, StopIteration is
        /// <c>&lt;type 'exceptions.StopIteration'&gt;</c>, code reprs cut the name and file (%.100s, %.300s).
        /// </summary>
        public bool Python2Objects { get; }

        public FloatReprStyle Floats { get; }


        /// <summary>
        /// The Unicode database of a Python 3 release (<c>unicodedata.unidata_version</c>, e.g. "15.0"): str
        /// repr keeps the characters it calls printable (<see cref="Repr.Generated"/> PrintableTable). Null on
        /// Python 2, whose unicode repr escapes every non-ASCII character.
        /// </summary>
        public string? UnicodeVersion { get; }

        /// <summary>
        /// 3.0-3.2 (narrow UCS-2 builds, the configure default, as Windows and macOS shipped them): a str is UTF-16
        /// code units, so two lone surrogates that meet in marshal data are one character, a pair (len() counts
        /// units). From 3.3 (PEP 393) they stay two code points. The data is kept as read (a writer gives the same
        /// bytes back); repr follows the narrow build.
        /// </summary>
        public bool NarrowText { get; private set; }

        /// <summary>
        /// 3.0-3.1 narrow (UCS-2) builds: unicode_repr joins a surrogate pair into one code point but asks
        /// _PyUnicode_IsPrintable, which takes a 16-bit Py_UNICODE there, about its low 16 bits only (3.2 passes
        /// a Py_UCS4). So U+1F600 is escaped (U+F600 is private use) while U+10348 prints as is (U+0348 is a mark).
        /// </summary>
        public bool PrintableTestTruncatesTo16Bits { get; private set; }

        /// <summary>How frozenset and set constants are ordered.</summary>
        public SetOrderRules SetOrder { get; }

        // The printable table's level of UnicodeVersion, looked up once by Repr.TextRepr (-1: not yet); a cache
        // here because the table lives in the Repr layer above this one.
        internal int PrintableLevel = -1;
    }
}
