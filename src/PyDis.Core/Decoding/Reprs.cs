using System.Globalization;
using System.Text;

namespace PyDis.Core.Decoding
{
    /// <summary>repr() of the plain strings dis puts in argval (names, cmp_op entries).</summary>
    internal static class Reprs
    {
        /// <summary>
        /// Python's str repr: single quotes unless the text has ' and no "; backslash escapes for \\, the
        /// quote, \t \n \r and other control characters. 2.x names are byte strings, so every non-ASCII
        /// character is escaped as \xNN; 3.x keeps printable non-ASCII characters.
        /// </summary>
        public static string Str(string s, PyVersion version)
        {
            char quote = s.IndexOf('\'') >= 0 && s.IndexOf('"') < 0 ? '"' : '\'';
            var sb = new StringBuilder(s.Length + 2);
            sb.Append(quote);
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == quote || c == '\\') sb.Append('\\').Append(c);
                else if (c == '\t') sb.Append("\\t");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c < 0x20 || c == 0x7f || (version.Major == 2 && c >= 0x80 && c <= 0xff))
                    sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                else if (c >= 0x80 && !IsPrintable(s, i))
                {
                    int cp = char.IsSurrogatePair(s, i) ? char.ConvertToUtf32(s[i], s[i + 1]) : c;
                    if (cp > 0xffff) i++;
                    sb.Append(cp <= 0xff ? "\\x" + cp.ToString("x2", CultureInfo.InvariantCulture)
                        : cp <= 0xffff ? "\\u" + cp.ToString("x4", CultureInfo.InvariantCulture)
                        : "\\U" + cp.ToString("x8", CultureInfo.InvariantCulture));
                }
                else sb.Append(c);
            }
            sb.Append(quote);
            return sb.ToString();
        }

        private static bool IsPrintable(string s, int i)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(s, i))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.SpaceSeparator:
                    return false;
                default:
                    return true;
            }
        }
    }
}
