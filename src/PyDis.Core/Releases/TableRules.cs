namespace PyDis.Core.Releases
{
    /// <summary>Which line-number encoding a release uses and how its dis.findlinestarts reads it.</summary>
    public enum LineFormat
    {
        /// <summary>2.7, 3.0–3.5: co_lnotab, unsigned line increments.</summary>
        LnotabUnsigned,
        /// <summary>3.6–3.9: co_lnotab, signed line increments.</summary>
        LnotabSigned,
        /// <summary>3.10: PEP 626 co_linetable of (byte delta, line delta) pairs.</summary>
        Linetable310,
        /// <summary>3.11+: the location table.</summary>
        Locations,
    }

    /// <summary>
    /// The table rules of a release: how the tables beside its bytecode (line table, location table, exception
    /// table) are encoded and how its dis reads them (<see cref="CodeTables"/>).
    /// </summary>
    public sealed class TableRules
    {
        internal static TableRules Of(PyVersion v)
        {
            if (v < new PyVersion(3, 6)) return new TableRules(v, LineFormat.LnotabUnsigned, false, false, false);
            if (v < new PyVersion(3, 8)) return new TableRules(v, LineFormat.LnotabSigned, false, false, false);
            if (v < new PyVersion(3, 10)) return new TableRules(v, LineFormat.LnotabSigned, true, false, false);
            if (v < new PyVersion(3, 11)) return new TableRules(v, LineFormat.Linetable310, false, false, false);
            return new TableRules(v, LineFormat.Locations, false, v >= new PyVersion(3, 13), v >= new PyVersion(3, 12))
            {
                HasExceptionTable = true,
            };
        }

        private TableRules(PyVersion version, LineFormat format, bool stopsAtCodeEnd, bool startsKeepNoLine, bool mergesEqualLines)
        {
            Version = version;
            LineFormat = format;
            StopsAtCodeEnd = stopsAtCodeEnd;
            StartsKeepNoLine = startsKeepNoLine;
            MergesEqualLines = mergesEqualLines;
        }

        public PyVersion Version { get; }

        public LineFormat LineFormat { get; }

        /// <summary>co_lnotab (before 3.10): no co_lines, line ranges derive from findlinestarts.</summary>
        public bool IsLnotab => LineFormat == LineFormat.LnotabUnsigned || LineFormat == LineFormat.LnotabSigned;

        /// <summary>3.8–3.9 findlinestarts returns once an lnotab address reaches len(co_code) (bpo-36912).</summary>
        public bool StopsAtCodeEnd { get; }

        /// <summary>3.13+ findlinestarts yields every co_lines range, None lines included; 3.10–3.12 skip None and repeats.</summary>
        public bool StartsKeepNoLine { get; }

        /// <summary>3.12+ co_lines joins neighbouring entries of the same line (lineiter_next); 3.11 yields one range per entry.</summary>
        public bool MergesEqualLines { get; }

        /// <summary>3.10–3.11 co_lines report any negative line as None; 3.12+ only -1 (the no-line value).</summary>
        public bool NegativeLineIsNone => LineFormat == LineFormat.Linetable310 || (LineFormat == LineFormat.Locations && !MergesEqualLines);

        /// <summary>3.11+: co_positions (line, end line, column, end column per code unit) from the location table.</summary>
        public bool HasPositions => LineFormat == LineFormat.Locations;

        /// <summary>Writer rule, 3.11: one location entry (or more, 8 code units each) per instruction; 3.12+ one per run of equal locations.</summary>
        public bool LocationEntryPerInstruction => LineFormat == LineFormat.Locations && !MergesEqualLines;

        /// <summary>3.11+: co_exceptiontable (zero-cost exception handling).</summary>
        public bool HasExceptionTable { get; private set; }
    }
}
