using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Formatting
{
    /// <summary>
    /// The text of <c>dis.code_info(code)</c> (3.2+), as that version prints it: the aligned "Key: value"
    /// block, then the indexed constants (repr), names, variable, free and cell variable names.
    /// </summary>
    public static class CodeInfoFormatter
    {
        /// <summary><c>dis.code_info(code)</c>: no trailing newline, as the function returns it.</summary>
        /// <exception cref="ArgumentException">The version's dis has no code_info (before 3.2).</exception>
        public static string Format(CodeObject code, PyReprOptions? reprOptions = null)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var release = code.Release;
            var profile = release.Format;
            if (!profile.HasCodeInfo) throw new ArgumentException(NoCodeInfo(release), nameof(code));

            var sb = new StringBuilder(256);
            Line(sb, "Name:              ", code.Name);
            Line(sb, "Filename:          ", code.Filename);
            Line(sb, "Argument count:    ", Int(code.ArgCount));
            if (profile.HasPosOnlyArgs) Line(sb, "Positional-only arguments: ", Int(code.PosOnlyArgCount));
            Line(sb, "Kw-only arguments: ", Int(code.KwOnlyArgCount));
            Line(sb, "Number of locals:  ", Int(code.NLocals));
            Line(sb, "Stack size:        ", Int(code.StackSize));
            Line(sb, "Flags:             ", PrettyFlags(code.RawFlags, profile.FlagNames));
            if (code.Consts.Length > 0)
            {
                sb.Append("\nConstants:");
                for (int i = 0; i < code.Consts.Length; i++)
                    Indexed(sb, i, PyRepr.Repr(code.Consts[i], release.Repr, reprOptions));
            }
            List(sb, "Names:", code.Names);
            List(sb, "Variable names:", code.VarNames);
            List(sb, "Free variables:", code.FreeVars);
            List(sb, "Cell variables:", code.CellVars);
            return sb.ToString();
        }

        /// <summary>
        /// code_info of <paramref name="root"/> and every nested code object in walk order (parent first),
        /// each followed by a newline and separated by a blank line.
        /// </summary>
        public static void WriteAll(CodeObject root, TextWriter writer, PyReprOptions? reprOptions = null)
        {
            if (root is null) throw new ArgumentNullException(nameof(root));
            if (writer is null) throw new ArgumentNullException(nameof(writer));
            bool first = true;
            foreach (var code in root.Walk())
            {
                if (!first) writer.Write('\n');
                writer.Write(Format(code, reprOptions));
                writer.Write('\n');
                first = false;
            }
        }

        /// <summary>Why <paramref name="release"/> has no code_info: "Python 3.1's dis has no code_info (it was added in Python 3.2)."</summary>
        public static string NoCodeInfo(Release release) =>
            $"Python {release.Version}'s dis has no code_info (it was added in Python {DisOptions.Since(DisFeature.CodeInfo)}).";

        /// <summary><c>dis.pretty_flags(flags)</c> with the release's COMPILER_FLAG_NAMES.</summary>
        public static string PrettyFlags(uint flags, Release release) => PrettyFlags(flags, release.Format.FlagNames);

        private static string PrettyFlags(uint flags, string?[] names)
        {
            var parts = new List<string>();
            for (int i = 0; i < 32; i++)
            {
                uint flag = 1u << i;
                if ((flags & flag) == 0) continue;
                parts.Add(names[i] ?? Hex(flag));
                flags ^= flag;
                if (flags == 0) return string.Join(", ", parts);
            }
            // The loop ran out without clearing every bit (only when flags was 0): Python appends hex(flags).
            parts.Add(Hex(flags));
            return string.Join(", ", parts);
        }

        private static string Hex(uint v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

        private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static void Line(StringBuilder sb, string key, string value)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(key).Append(value);
        }

        private static void List(StringBuilder sb, string title, IReadOnlyList<string> items)
        {
            if (items.Count == 0) return;
            sb.Append('\n').Append(title);
            for (int i = 0; i < items.Count; i++) Indexed(sb, i, items[i]);
        }

        // "%4d: %s"
        private static void Indexed(StringBuilder sb, int index, string text)
        {
            sb.Append('\n');
            string n = Int(index);
            if (n.Length < 4) sb.Append(' ', 4 - n.Length);
            sb.Append(n).Append(": ").Append(text);
        }
    }
}
