using System.Globalization;
using System.Text;

namespace PyDis.Core.Records
{
    /// <summary>Bytes as the records show them: lowercase hex, no separators.</summary>
    internal static class Hex
    {
        public static string Of(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
