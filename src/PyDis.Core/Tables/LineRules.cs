namespace PyDis.Core.Tables
{
    /// <summary>Which line-number encoding a version uses and how its dis.findlinestarts reads it.</summary>
    internal enum LineFormat
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

    /// <summary>The per-version line rules, in one place.</summary>
    internal readonly struct LineRules
    {
        private LineRules(LineFormat format, bool stopsAtCodeEnd, bool startsKeepNoLine, bool mergesEqualLines)
        {
            Format = format; StopsAtCodeEnd = stopsAtCodeEnd; StartsKeepNoLine = startsKeepNoLine; MergesEqualLines = mergesEqualLines;
        }

        public LineFormat Format { get; }

        /// <summary>3.8–3.9 findlinestarts returns once an lnotab address reaches len(co_code) (bpo-36912).</summary>
        public bool StopsAtCodeEnd { get; }

        /// <summary>3.13+ findlinestarts yields every co_lines range, None lines included; 3.10–3.12 skip None and repeats.</summary>
        public bool StartsKeepNoLine { get; }

        /// <summary>3.12+ co_lines joins neighbouring entries of the same line (lineiter_next); 3.11 yields one range per entry.</summary>
        public bool MergesEqualLines { get; }

        /// <summary>3.10–3.11 co_lines report any negative line as None; 3.12+ only -1 (the no-line value).</summary>
        public bool NegativeLineIsNone => Format == LineFormat.Linetable310 || (Format == LineFormat.Locations && !MergesEqualLines);

        public static LineRules For(PyVersion v)
        {
            if (v < PyVersion.V3_6) return new LineRules(LineFormat.LnotabUnsigned, false, false, false);
            if (v < PyVersion.V3_8) return new LineRules(LineFormat.LnotabSigned, false, false, false);
            if (v < PyVersion.V3_10) return new LineRules(LineFormat.LnotabSigned, true, false, false);
            if (v < PyVersion.V3_11) return new LineRules(LineFormat.Linetable310, false, false, false);
            return new LineRules(LineFormat.Locations, false, v >= PyVersion.V3_13, v >= PyVersion.V3_12);
        }
    }
}
