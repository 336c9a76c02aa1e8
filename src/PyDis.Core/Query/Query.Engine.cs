using System;
using System.Collections.Generic;
using System.Linq;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Opcodes;
using PyDis.Core.Pyc;
using PyDis.Core.Records;
using PyDis.Core.Releases;
using PyDis.Core.Repr;
using PyDis.Core.CodeTables;

namespace PyDis.Core
{
    // The facade's use of the engine layers: container, tables, decoder, repr, opcode tables.
    public static partial class Query
    {
        // ---- container -------------------------------------------------------------------------------

        /// <summary>
        /// The release line a magic number belongs to: a line PyDis reads, an older line it names
        /// (1.5-2.6), or a newer 3.x than it knows (a higher magic with the same \r\n shape).
        /// </summary>
        private static bool TryVersionOfMagic(int magic, out PyVersion version, out string label)
        {
            version = default;
            label = "";
            if (MagicNumbers.TryGet((ushort)magic, out var info))
            {
                version = info.Version;
                label = info.Label;
                return true;
            }
            if (MagicNumbers.TryGetUnsupported((ushort)magic, out var older))
            {
                label = older;
                return true;
            }
            var newest = ReleaseRegistry.Supported.Newest;
            if (magic > newest.Pyc.Magics.Max(m => m.Magic) && magic < 10000)
            {
                label = "newer than " + newest.Version;
                return true;
            }
            return false;
        }

        private static bool TryVersionOfMagic(int magic, out PyVersion version) =>
            TryVersionOfMagic(magic, out version, out _) && ReleaseRegistry.Supported.Contains(version);

        private static PycSource LoadFile(byte[] data, string path)
        {
            var pyc = PycFile.Load(data, path);
            return new PycSource(path, pyc.Version, pyc.Code, pyc.Header, pyc.Code.Name, isCodeObject: false);
        }

        public static PycInfo GetPycInfo(PycSource source)
        {
            var h = source.Header as PycHeader
                ?? throw new ArgumentException("a piped code object has no pyc header; pass the file instead", nameof(source));
            return new PycInfo
            {
                Path = source.Path,
                Magic = h.Magic,
                PythonVersion = h.Version.ToString(),
                Flags = (int)h.Flags,
                Validation = h.Invalidation.ToString(),
                IsHashBased = h.IsHashBased,
                SourceModified = h.MtimeUtc?.UtcDateTime,
                Timestamp = h.Mtime,
                SourceSize = h.SourceSize,
                SourceHash = h.SourceHash is null ? null : Hex(h.SourceHash),
                HeaderSize = h.Size,
            };
        }

        // ---- decoder -----------------------------------------------------------------------------------

        /// <summary>dis.get_instructions of one code object; with <paramref name="showCaches"/>, CACHE entries as 3.11-3.12 yield them.</summary>
        private static IEnumerable<Instruction> DecodeCode(CodeObject code, bool showCaches) =>
            CodeDecoder.Decode(code, showCaches ? ShowCachesOptions : DecodeOptions.GetInstructions);

        private static readonly DecodeOptions ShowCachesOptions = new DecodeOptions(showCaches: true);

        // ---- tables ------------------------------------------------------------------------------------

        private static IEnumerable<(int Offset, int? Line)> LineStartsOf(CodeObject code) =>
            LineTable.FindLineStarts(code).Select(s => (s.Offset, s.Line));

        public static IEnumerable<PyExceptionTableEntry> GetExceptionTable(PycSource source, int? depth)
        {
            foreach (var (code, codePath, _) in Walk(source, source.DefaultDepth(depth)))
            {
                var entries = ExceptionTable.Parse(code);
                if (entries.Length == 0) continue;
                var labels = code.Release.Decode.ExceptionLabels == ExceptionLabelRule.StartEndTarget
                    ? LabelMap.Build(CodeDecoder.FindLabels(code), entries.Select(e => new ExceptionRange(e.Start, e.End, e.Target)).ToArray())
                    : null;
                foreach (var e in entries)
                    yield return new PyExceptionTableEntry
                    {
                        Path = source.Path, PythonVersion = code.Version.ToString(), CodeName = code.Name,
                        QualName = code.QualName, CodePath = codePath,
                        Start = e.Start, End = e.End, Target = e.Target, Depth = e.Depth, Lasti = e.Lasti,
                        StartLabel = labels?[e.Start], EndLabel = labels?[e.End], TargetLabel = labels?[e.Target],
                    };
            }
        }

        // ---- repr --------------------------------------------------------------------------------------

        private static string ConstRepr(PyObject value, Release release) => PyRepr.Repr(value, release.Repr);

        private static string NameRepr(string name, Release release) => Reprs.Str(name, release.Repr);

        private static string PrettyFlags(uint flags, Release release) => Formatting.CodeInfoFormatter.PrettyFlags(flags, release);

        // ---- opcode tables -----------------------------------------------------------------------------

        public static IEnumerable<PyOpcode> GetOpcodes(PyVersion version, Func<string, bool>? nameFilter)
        {
            if (!ReleaseRegistry.Supported.TryGet(version, out var release) || !release.HasOpcodes) yield break;
            var table = release.Opcodes;
            foreach (var op in table.Ops)
            {
                if (!op.IsValid || (nameFilter != null && !nameFilter(op.Name))) continue;
                yield return new PyOpcode
                {
                    PythonVersion = version.ToString(), Name = op.Name, OpCode = op.Code, HasArgument = op.HasArg,
                    CacheCount = op.CacheCount, ArgKind = op.ArgKind.ToString(), BaseName = table[op.BaseOpCode].Name,
                };
            }
        }
    }
}
