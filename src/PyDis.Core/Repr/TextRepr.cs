using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr.Generated;

namespace PyDis.Core.Repr
{
    /// <summary>repr of text and byte strings: unicode_repr, bytes_repr and 2.x unicodeescape_string.</summary>
    internal static class TextRepr
    {
        private const string Hex = "0123456789abcdef";

        /// <summary>Printable-table level of a Python 3 release: the level of its Unicode version (see <see cref="PrintableTable"/>).</summary>
        /// <exception cref="NotSupportedException">The table has no level for the release's Unicode version.</exception>
        public static int LevelOf(ReprRules rules)
        {
            int cached = rules.PrintableLevel;
            if (cached >= 0) return cached;
            return rules.PrintableLevel = FindLevel(rules);
        }

        private static int FindLevel(ReprRules rules)
        {
            var versions = PrintableTable.UnicodeVersions;
            for (int i = 0; i < versions.Length; i++)
                if (versions[i] == rules.UnicodeVersion) return i;
            throw new System.NotSupportedException(
                $"Python {rules.Version}'s Unicode version {rules.UnicodeVersion ?? "(none)"} has no level in PrintableTable (regenerate it with gen_printable.py).");
        }

        /// <summary>str.isprintable() of one code point at a table level.</summary>
        public static bool IsPrintable(int cp, int level)
        {
            if (cp >= 0x20 && cp < 0x7F) return true;
            if (cp < 0xA0) return false;
            var starts = PrintableTable.Starts;
            int lo = 0, hi = starts.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (starts[mid] <= cp) lo = mid; else hi = mid - 1;
            }
            return level >= PrintableTable.Since[lo];
        }

        /// <summary>
        /// 3.x str repr. <paramref name="py2Unicode"/>: 2.x unicode repr (u prefix, every non-ASCII escaped).
        /// <paramref name="narrow"/>: 3.0-3.2 hold UTF-16 units, so lone surrogates that meet form a pair;
        /// <paramref name="truncate16"/>: 3.0-3.1 narrow builds test a non-BMP character's printability on its low 16 bits.
        /// </summary>
        public static void AppendStr(StringBuilder sb, PyStr s, bool py2Unicode, int level, bool narrow = false, bool truncate16 = false)
        {
            bool squote = false, dquote = false;
            bool explicitCodePoints = s.HasExplicitCodePoints && !narrow;
            if (explicitCodePoints)
            {
                foreach (int cp in s.CodePoints)
                {
                    if (cp == '\'') squote = true;
                    else if (cp == '"') dquote = true;
                }
            }
            else
            {
                string v = s.Value;
                squote = v.IndexOf('\'') >= 0;
                dquote = v.IndexOf('"') >= 0;
            }
            char quote = squote && !dquote ? '"' : '\'';
            if (py2Unicode) sb.Append('u');
            sb.Append(quote);
            if (explicitCodePoints)
            {
                foreach (int cp in s.CodePoints) AppendCodePoint(sb, cp, quote, py2Unicode, level, truncate16);
            }
            else
            {
                string v = s.Value;
                for (int i = 0; i < v.Length; i++)
                {
                    int cp = v[i];
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < v.Length && v[i + 1] >= 0xDC00 && v[i + 1] <= 0xDFFF)
                    {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (v[i + 1] - 0xDC00);
                        i++;
                    }
                    AppendCodePoint(sb, cp, quote, py2Unicode, level, truncate16);
                }
            }
            sb.Append(quote);
        }

        private static void AppendCodePoint(StringBuilder sb, int cp, char quote, bool py2Unicode, int level, bool truncate16)
        {
            if (cp == quote || cp == '\\')
            {
                sb.Append('\\').Append((char)cp);
                return;
            }
            if (cp >= 0x20 && cp < 0x7F)
            {
                sb.Append((char)cp);
                return;
            }
            if (cp == '\t') { sb.Append("\\t"); return; }
            if (cp == '\n') { sb.Append("\\n"); return; }
            if (cp == '\r') { sb.Append("\\r"); return; }
            if (cp < 0x7F || (!py2Unicode && cp < 0xA0) || (py2Unicode && cp < 0x100))
            {
                AppendHex(sb, 'x', cp, 2);
                return;
            }
            if (!py2Unicode && IsPrintable(truncate16 ? cp & 0xFFFF : cp, level))
            {
                if (cp < 0x10000) sb.Append((char)cp);
                else sb.Append((char)(0xD800 + ((cp - 0x10000) >> 10))).Append((char)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
                return;
            }
            if (cp < 0x100) AppendHex(sb, 'x', cp, 2);
            else if (cp < 0x10000) AppendHex(sb, 'u', cp, 4);
            else AppendHex(sb, 'U', cp, 8);
        }

        /// <summary>3.x bytes repr (b prefix) or 2.x str repr (no prefix).</summary>
        public static void AppendBytes(StringBuilder sb, byte[] b, bool prefix)
        {
            bool squote = false, dquote = false;
            foreach (byte c in b)
            {
                if (c == '\'') squote = true;
                else if (c == '"') dquote = true;
            }
            char quote = squote && !dquote ? '"' : '\'';
            if (prefix) sb.Append('b');
            sb.Append(quote);
            foreach (byte c in b)
            {
                if (c == quote || c == '\\') sb.Append('\\').Append((char)c);
                else if (c == '\t') sb.Append("\\t");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (c < 0x20 || c >= 0x7F) AppendHex(sb, 'x', c, 2);
                else sb.Append((char)c);
            }
            sb.Append(quote);
        }

        private static void AppendHex(StringBuilder sb, char kind, int value, int width)
        {
            sb.Append('\\').Append(kind);
            for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) sb.Append(Hex[(value >> shift) & 0xF]);
        }
    }
}
