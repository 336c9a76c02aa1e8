using System;
using PyDis.Core.Releases;

namespace PyDis.Core.Pyc
{
    /// <summary>The PEP 552 flags word (3.7+). Bit 0: hash-based; bit 1: check the source hash on import.</summary>
    [Flags]
    public enum PycFlags : uint
    {
        Timestamp = 0,
        HashBased = 1,
        CheckSource = 2,
    }

    /// <summary>How an importer decides whether the pyc is stale.</summary>
    public enum PycInvalidation
    {
        /// <summary>Source mtime (and, from 3.3, size) recorded in the header.</summary>
        Timestamp,
        /// <summary>Hash-based, flags 3: the importer compares the source hash.</summary>
        CheckedHash,
        /// <summary>Hash-based, flags 1: the importer trusts the pyc.</summary>
        UncheckedHash,
    }

    /// <summary>
    /// A pyc header. 8 bytes (2.7, 3.0-3.2: magic, mtime), 12 bytes (3.3-3.6: + source size),
    /// 16 bytes (3.7+: magic, PEP 552 flags, then mtime and size or an 8-byte source hash).
    /// </summary>
    public sealed class PycHeader
    {
        private PycHeader(MagicInfo magic, int size)
        {
            MagicInfo = magic;
            Size = size;
        }

        /// <summary>The longest header any release writes (3.7+: magic, flags, two words or an 8-byte hash).</summary>
        public const int MaxSize = 16;

        public MagicInfo MagicInfo { get; }
        public ushort Magic => MagicInfo.Magic;
        public PyVersion Version => MagicInfo.Version;
        /// <summary>The rules of the release line the magic names.</summary>
        public Release Release => ReleaseRegistry.Supported.Get(MagicInfo.Version);

        /// <summary>Header length in bytes; the marshalled code starts here.</summary>
        public int Size { get; }

        /// <summary>The flags word as stored (0 before 3.7).</summary>
        public PycFlags Flags { get; private set; }

        public PycInvalidation Invalidation =>
            (Flags & PycFlags.HashBased) == 0 ? PycInvalidation.Timestamp
            : (Flags & PycFlags.CheckSource) != 0 ? PycInvalidation.CheckedHash : PycInvalidation.UncheckedHash;

        public bool IsHashBased => Invalidation != PycInvalidation.Timestamp;

        /// <summary>Source modification time in Unix seconds; null for hash-based pycs.</summary>
        public uint? Mtime { get; private set; }

        public DateTimeOffset? MtimeUtc => Mtime is uint t ? DateTimeOffset.FromUnixTimeSeconds(t) : (DateTimeOffset?)null;

        /// <summary>Source size modulo 2**32 (3.3+, timestamp pycs); null otherwise.</summary>
        public uint? SourceSize { get; private set; }

        /// <summary>The 8-byte SipHash of the source (hash-based pycs); null otherwise.</summary>
        public byte[]? SourceHash { get; private set; }

        /// <summary>
        /// A timestamp header for <paramref name="version"/>, stamped with the newest release magic of the line:
        /// the source's mtime (Unix seconds) and, from 3.3, its size.
        /// </summary>
        public static PycHeader Timestamp(PyVersion version, uint mtime, uint sourceSize)
        {
            var info = ReleaseMagicInfo(version);
            var h = new PycHeader(info, info.HeaderSize) { Mtime = mtime };
            if (h.Size >= 12) h.SourceSize = sourceSize;
            return h;
        }

        /// <summary>A PEP 552 hash-based header (3.7+): the 8-byte SipHash of the source; checked or unchecked on import.</summary>
        public static PycHeader HashBased(PyVersion version, byte[] sourceHash, bool checkSource)
        {
            if (sourceHash is null) throw new ArgumentNullException(nameof(sourceHash));
            if (sourceHash.Length != 8) throw new ArgumentException("a pyc source hash is 8 bytes", nameof(sourceHash));
            var info = ReleaseMagicInfo(version);
            int size = info.HeaderSize;
            if (size != 16)
            {
                var pep552 = ReleaseRegistry.Supported.First(r => ReleaseMagicInfo(r).HeaderSize == 16);
                throw new ArgumentException($"Python {version} pyc files have no hash-based form (PEP 552 came in {pep552?.Version})", nameof(version));
            }
            return new PycHeader(info, size)
            {
                Flags = PycFlags.HashBased | (checkSource ? PycFlags.CheckSource : 0),
                SourceHash = (byte[])sourceHash.Clone(),
            };
        }

        private static MagicInfo ReleaseMagicInfo(PyVersion version)
        {
            if (!ReleaseRegistry.Supported.TryGet(version, out var release))
                throw new ArgumentOutOfRangeException(nameof(version), $"PyDis does not write Python {version}.");
            return ReleaseMagicInfo(release);
        }

        // The MagicInfo of the magic the newest release of the line writes.
        private static MagicInfo ReleaseMagicInfo(Release release)
        {
            ushort magic = release.Pyc.ReleaseMagic;
            foreach (var m in release.Pyc.Magics)
                if (m.Magic == magic) return m;
            throw new InvalidOperationException($"Python {release.Version}'s release magic {magic} is not among its magics.");
        }

        /// <summary>The header's bytes, as the importer wrote them (<see cref="Size"/> bytes).</summary>
        public byte[] ToBytes()
        {
            var w = new ByteWriter(16);
            Write(w);
            return w.ToArray();
        }

        public void Write(ByteWriter w)
        {
            if (w is null) throw new ArgumentNullException(nameof(w));
            w.WriteUInt16(Magic);
            w.WriteUInt16(MagicNumbers.CrLf);
            if (Size == 16) w.WriteUInt32((uint)Flags);
            if (IsHashBased) w.WriteBytes(SourceHash!);
            else
            {
                w.WriteUInt32(Mtime ?? 0);
                if (Size >= 12) w.WriteUInt32(SourceSize ?? 0);
            }
        }

        /// <summary>Reads the header at the start of <paramref name="data"/>.</summary>
        public static PycHeader Read(byte[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Read(new ByteReader(data));
        }

        /// <summary>Reads the header at <paramref name="r"/>'s position, leaving it where the marshalled code starts.</summary>
        internal static PycHeader Read(ByteReader r)
        {
            long start = r.Offset;
            ushort magic = r.ReadUInt16("pyc magic number");
            ushort crlf = r.ReadUInt16("pyc magic number");
            if (crlf != MagicNumbers.CrLf)
                throw new PycFormatException(start + 2, "pyc magic number",
                    $"bytes 2-3 are {crlf & 0xFF:x2} {crlf >> 8:x2}, not 0d 0a (\\r\\n): not a pyc file, or one damaged by a text-mode copy");
            if (!MagicNumbers.TryGet(magic, out var info))
                throw new PycFormatException(start, "pyc magic number", MagicNumbers.DescribeUnknown(magic));

            var h = new PycHeader(info, info.HeaderSize);
            if (h.Size == 16)
            {
                long at = r.Offset;
                uint flags = r.ReadUInt32("pyc flags (PEP 552)");
                if ((flags & ~3u) != 0)
                    throw new PycFormatException(at, "pyc flags (PEP 552)", $"flags word is 0x{flags:x8}; only bits 0 and 1 are defined");
                h.Flags = (PycFlags)flags;
            }
            if (h.IsHashBased)
                h.SourceHash = r.ReadBytes(8, "pyc source hash");
            else
            {
                h.Mtime = r.ReadUInt32("pyc source mtime");
                if (h.Size >= 12) h.SourceSize = r.ReadUInt32("pyc source size");
            }
            return h;
        }
    }
}
