using System;
using System.Globalization;

namespace PyDis.Core
{
    /// <summary>A CPython release line (major.minor), the unit every format rule is keyed on.</summary>
    public readonly struct PyVersion : IEquatable<PyVersion>, IComparable<PyVersion>
    {
        public PyVersion(int major, int minor)
        {
            if (major < 2 || major > 3 || minor < 0 || minor > 99)
                throw new ArgumentOutOfRangeException(nameof(major), $"{major}.{minor} is not a CPython version this library knows.");
            Major = major;
            Minor = minor;
        }

        public int Major { get; }
        public int Minor { get; }

        public static readonly PyVersion V2_7 = new PyVersion(2, 7);
        public static readonly PyVersion V3_0 = new PyVersion(3, 0);
        public static readonly PyVersion V3_4 = new PyVersion(3, 4);
        public static readonly PyVersion V3_6 = new PyVersion(3, 6);
        public static readonly PyVersion V3_7 = new PyVersion(3, 7);
        public static readonly PyVersion V3_8 = new PyVersion(3, 8);
        public static readonly PyVersion V3_10 = new PyVersion(3, 10);
        public static readonly PyVersion V3_11 = new PyVersion(3, 11);
        public static readonly PyVersion V3_12 = new PyVersion(3, 12);
        public static readonly PyVersion V3_13 = new PyVersion(3, 13);
        public static readonly PyVersion V3_14 = new PyVersion(3, 14);
        public static readonly PyVersion V3_15 = new PyVersion(3, 15);

        /// <summary>Every release line PyDis reads, oldest first.</summary>
        public static readonly PyVersion[] Supported =
        {
            V2_7, V3_0, new PyVersion(3, 1), new PyVersion(3, 2), new PyVersion(3, 3), V3_4, new PyVersion(3, 5),
            V3_6, V3_7, V3_8, new PyVersion(3, 9), V3_10, V3_11, V3_12, V3_13, V3_14, V3_15,
        };

        public bool IsSupported
        {
            get
            {
                // A loop, not Array.IndexOf<PyVersion>: ReadyToRun cannot precompile that instantiation.
                foreach (var v in Supported)
                    if (v.Major == Major && v.Minor == Minor) return true;
                return false;
            }
        }

        public static PyVersion Parse(string text)
        {
            if (TryParse(text, out var v)) return v;
            throw new FormatException($"'{text}' is not a Python version of the form X.Y (for example 3.12).");
        }

        public static bool TryParse(string? text, out PyVersion version)
        {
            version = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var parts = text!.Trim().Split('.');
            if (parts.Length < 2 || parts.Length > 3) return false;
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)) return false;
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)) return false;
            if (major < 2 || major > 3 || minor > 99) return false;
            version = new PyVersion(major, minor);
            return true;
        }

        public bool Equals(PyVersion other) => Major == other.Major && Minor == other.Minor;
        public override bool Equals(object? obj) => obj is PyVersion v && Equals(v);
        public override int GetHashCode() => Major * 100 + Minor;
        public int CompareTo(PyVersion other) => GetHashCode().CompareTo(other.GetHashCode());
        public override string ToString() => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture);

        public static bool operator ==(PyVersion a, PyVersion b) => a.Equals(b);
        public static bool operator !=(PyVersion a, PyVersion b) => !a.Equals(b);
        public static bool operator <(PyVersion a, PyVersion b) => a.CompareTo(b) < 0;
        public static bool operator >(PyVersion a, PyVersion b) => a.CompareTo(b) > 0;
        public static bool operator <=(PyVersion a, PyVersion b) => a.CompareTo(b) <= 0;
        public static bool operator >=(PyVersion a, PyVersion b) => a.CompareTo(b) >= 0;
    }
}
