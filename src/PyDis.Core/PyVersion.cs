using System;
using System.Globalization;

namespace PyDis.Core
{
    /// <summary>
    /// A CPython release line (major.minor): the key of the release registry (<see cref="Releases.ReleaseRegistry"/>),
    /// which says whether PyDis reads it and holds its rules. Compare versions only there.
    /// </summary>
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

        private static readonly Version?[] SystemVersions = new Version?[400];

        /// <summary>This version as a <see cref="System.Version"/> (X.Y), what the records' PythonVersion holds; one shared instance per version.</summary>
        public Version AsSystemVersion() => SystemVersions[Major * 100 + Minor] ??= new Version(Major, Minor);

        public static bool operator ==(PyVersion a, PyVersion b) => a.Equals(b);
        public static bool operator !=(PyVersion a, PyVersion b) => !a.Equals(b);
        public static bool operator <(PyVersion a, PyVersion b) => a.CompareTo(b) < 0;
        public static bool operator >(PyVersion a, PyVersion b) => a.CompareTo(b) > 0;
        public static bool operator <=(PyVersion a, PyVersion b) => a.CompareTo(b) <= 0;
        public static bool operator >=(PyVersion a, PyVersion b) => a.CompareTo(b) >= 0;
    }
}
