using System;

namespace PyDis.Core
{
    public static partial class Query
    {
        /// <summary>dis.dis text (or code_info with Info) of the input, exactly as its version prints it.</summary>
        public static string ShowCodeText(PycSource source, ShowCodeOptions options) =>
            throw new NotSupportedException("dis text needs the formatter, which is not merged into this branch yet");
    }
}
