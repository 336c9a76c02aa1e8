using System;
using PyDis.Core.Pyc;

namespace PyDis.Core.Records
{
    /// <summary>The values of <see cref="PycInfo.BodyStatus"/>: whether the code after a .pyc's header was read, and how that went.</summary>
    public static class PycBodyStatus
    {
        /// <summary>The marshalled code object after the header was read in full.</summary>
        public const string Intact = "Intact";
        /// <summary>The header is sound but the code after it is not (truncated, corrupt): see BodyError.</summary>
        public const string Damaged = "Damaged";
        /// <summary>Only the header was read (-HeaderOnly).</summary>
        public const string NotRead = "NotRead";
    }

    /// <summary>The header of a .pyc file: magic number, version, and what ties it to its source.</summary>
    public sealed class PycInfo
    {
        public string? Path { get; set; }
        /// <summary>The 16-bit magic number (the first two bytes, little-endian).</summary>
        public int Magic { get; set; }
        public Version PythonVersion { get; set; } = new Version(0, 0);
        /// <summary>PEP 552 flags word (3.7+), else 0.</summary>
        public int Flags { get; set; }
        /// <summary>"Timestamp", "CheckedHash" or "UncheckedHash" (PEP 552).</summary>
        public string Validation { get; set; } = "";
        public bool IsHashBased { get; set; }
        /// <summary>Source modification time (UTC) for timestamp-based files.</summary>
        public DateTime? SourceModified { get; set; }
        /// <summary>The raw 32-bit mtime field for timestamp-based files.</summary>
        public long? Timestamp { get; set; }
        /// <summary>Source size (3.3+ timestamp-based files), else null.</summary>
        public long? SourceSize { get; set; }
        /// <summary>SipHash of the source as hex (hash-based files), else null.</summary>
        public string? SourceHash { get; set; }
        public int HeaderSize { get; set; }
        /// <summary>"Intact", "Damaged" or "NotRead": whether the code after the header was read and found sound (<see cref="PycBodyStatus"/>).</summary>
        public string BodyStatus { get; set; } = PycBodyStatus.Intact;
        /// <summary>What is wrong with the body when <see cref="BodyStatus"/> is Damaged: "at byte N (context): what was expected".</summary>
        public string? BodyError { get; set; }

        /// <summary>The record of a pyc header.</summary>
        public static PycInfo From(PycHeader h, string? path) => new PycInfo
        {
            Path = path,
            Magic = h.Magic,
            PythonVersion = h.Version.AsSystemVersion(),
            Flags = (int)h.Flags,
            Validation = h.Invalidation.ToString(),
            IsHashBased = h.IsHashBased,
            SourceModified = h.MtimeUtc?.UtcDateTime,
            Timestamp = h.Mtime,
            SourceSize = h.SourceSize,
            SourceHash = h.SourceHash is null ? null : Hex.Of(h.SourceHash),
            HeaderSize = h.Size,
        };

        public override string ToString() => $"{Magic} {PythonVersion} {Validation}";
    }
}
