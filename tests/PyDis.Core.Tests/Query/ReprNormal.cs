using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace PyDis.Core.Tests.Query
{
    /// <summary>
    /// Normalisations for comparing facade output with interpreter text where the difference is not the
    /// facade's: code object addresses (each process prints its own) and frozenset element order (hash-table
    /// order, which the Repr tests own; 3.11's hash(None) is address-based and cannot be reproduced at all).
    /// </summary>
    internal static class ReprNormal
    {
        public static string Addresses(string s) => Regex.Replace(s, "at 0x[0-9a-f]+", "at 0x0");

        public static string Frozensets(string s)
        {
            var sb = new StringBuilder(s.Length);
            int i = 0;
            while (true)
            {
                int at = s.IndexOf("frozenset({", i, StringComparison.Ordinal);
                if (at < 0) break;
                int start = at + "frozenset({".Length;
                int end = ItemsEnd(s, start);
                if (end < 0) break;
                sb.Append(s, i, start - i);
                sb.Append(string.Join(", ", SortedItems(s.Substring(start, end - start))));
                i = end;
            }
            sb.Append(s, i, s.Length - i);
            return sb.ToString();
        }

        public static string Both(string s) => Frozensets(Addresses(s));

        // Index of the '}' that closes the set body starting at start (quotes and nesting respected), or -1.
        private static int ItemsEnd(string s, int start)
        {
            int depth = 0;
            char quote = '\0';
            for (int i = start; i < s.Length; i++)
            {
                char ch = s[i];
                if (quote != '\0') { if (ch == '\\') i++; else if (ch == quote) quote = '\0'; continue; }
                if (ch == '\'' || ch == '"') quote = ch;
                else if (ch == '(' || ch == '[' || ch == '{') depth++;
                else if (ch == ')' || ch == ']' || ch == '}') { if (depth == 0) return i; depth--; }
            }
            return -1;
        }

        private static List<string> SortedItems(string body)
        {
            var items = new List<string>();
            int depth = 0, start = 0;
            char quote = '\0';
            for (int i = 0; i < body.Length; i++)
            {
                char ch = body[i];
                if (quote != '\0') { if (ch == '\\') i++; else if (ch == quote) quote = '\0'; continue; }
                if (ch == '\'' || ch == '"') quote = ch;
                else if (ch == '(' || ch == '[' || ch == '{') depth++;
                else if (ch == ')' || ch == ']' || ch == '}') depth--;
                else if (ch == ',' && depth == 0) { items.Add(body.Substring(start, i - start).Trim()); start = i + 1; }
            }
            items.Add(body.Substring(start).Trim());
            items.Sort(StringComparer.Ordinal);
            return items;
        }
    }
}
