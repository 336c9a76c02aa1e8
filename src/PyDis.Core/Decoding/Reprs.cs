using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Decoding
{
    /// <summary>repr() of the plain strings dis puts in argval (names, cmp_op entries).</summary>
    internal static class Reprs
    {
        /// <summary>
        /// Python's str repr of a name, through <see cref="PyRepr"/>: 3.x str (each release's printable table);
        /// 2.x names are byte strings, held as Latin-1 text.
        /// </summary>
        public static string Str(string s, ReprRules rules)
        {
            if (!rules.Python2Objects) return PyRepr.Repr(new PyStr(s), rules);
            return PyRepr.Repr(new PyBytes(Latin1(s)), rules);
        }

        private static byte[] Latin1(string s)
        {
            var b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
            return b;
        }
    }
}
