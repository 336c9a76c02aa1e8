using System.Globalization;
using System.Text;
using PyDis.Core.Marshal;
using PyDis.Core.Repr;

namespace PyDis.Core.Decoding
{
    /// <summary>repr() of the plain strings dis puts in argval (names, cmp_op entries).</summary>
    internal static class Reprs
    {
        /// <summary>
        /// Python's str repr. 3.x: <see cref="PyRepr"/>, which knows each release's printable table.
        /// 2.x names are byte strings (held as Latin-1): single quotes unless the text has ' and no ";
        /// backslash escapes for \\, the quote, \t \n \r; every other byte outside printable ASCII as \xNN.
        /// </summary>
        public static string Str(string s, PyVersion version)
        {
            if (version.Major >= 3) return PyRepr.Repr(new PyStr(s), version);
            char quote = s.IndexOf('\'') >= 0 && s.IndexOf('"') < 0 ? '"' : '\'';
            var sb = new StringBuilder(s.Length + 2);
            sb.Append(quote);
            foreach (char c in s)
            {
                if (c == quote || c == '\\') sb.Append('\\').Append(c);
                else if (c == '\t') sb.Append("\\t");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c < 0x20 || c >= 0x7f) sb.Append("\\x").Append(((int)c & 0xff).ToString("x2", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            sb.Append(quote);
            return sb.ToString();
        }
    }
}
