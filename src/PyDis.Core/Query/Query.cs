using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Decoding;
using PyDis.Core.Hosting;
using PyDis.Core.Opcodes;
using PyDis.Core.Records;
using PyDis.Core.Releases;

namespace PyDis.Core
{
    /// <summary>
    /// The facade the PowerShell cmdlets call: one method per cmdlet, records out. Stateless (every call
    /// works on its arguments only), so several runspaces may use it at once.
    /// </summary>
    public static partial class Query
    {
        // ---- input ------------------------------------------------------------------------------------

        /// <summary>Reads and loads one .pyc file; on failure returns false and the error to report.</summary>
        public static bool TryOpen(string path, out PycSource? source, out PyDisError? error)
        {
            source = null;
            byte[] data;
            try
            {
                if (!File.Exists(path))
                {
                    error = Directory.Exists(path)
                        ? new PyDisError(PyDisError.ReadError, PyDisErrorCategory.ReadError, $"'{path}' is a directory; pass the .pyc files in it (Get-ChildItem -Recurse -Filter *.pyc).", path)
                        : PyDisError.NotFound(path);
                    return false;
                }
                data = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                error = PyDisError.FromException(ex, path);
                return false;
            }
            catch (Exception ex) when (ex is NotSupportedException || ex is ArgumentException)
            {
                // An ill-formed path (bad characters, a device name): nothing to read.
                error = new PyDisError(PyDisError.ReadError, PyDisErrorCategory.ReadError, ex.Message, path, ex);
                return false;
            }
            return TryLoad(data, path, out source, out error);
        }

        /// <summary>Loads .pyc bytes: unknown magic, unsupported version and malformed data become errors.</summary>
        public static bool TryLoad(byte[] data, string path, out PycSource? source, out PyDisError? error)
        {
            source = null;
            error = CheckMagic(data, path);
            if (error != null) return false;
            try
            {
                source = LoadFile(data, path);
                return true;
            }
            catch (PycFormatException ex)
            {
                error = PyDisError.FromException(ex.WithPath(path), path);
                return false;
            }
        }

        /// <summary>The input for a code object piped in from Get-PyCodeObject.</summary>
        public static PycSource FromCodeObject(PyCodeObject code) =>
            new PycSource(code.Path, code.GetCodeObject().Version, code.GetCodeObject(), null, code.CodePath, isCodeObject: true);

        private static PyDisError? CheckMagic(byte[] data, string path)
        {
            if (data.Length < 4 || data[2] != '\r' || data[3] != '\n')
                return new PyDisError(PyDisError.UnknownMagic, PyDisErrorCategory.InvalidData,
                    $"'{path}' is not a compiled Python file: it does not start with a magic number followed by \\r\\n.", path);
            int magic = data[0] | data[1] << 8;
            if (TryVersionOfMagic(magic, out var version, out var label))
            {
                if (ReleaseRegistry.Supported.Contains(version)) return null;
                return new PyDisError(PyDisError.UnsupportedVersion, PyDisErrorCategory.NotImplemented,
                    $"'{path}' was compiled by Python {label} (magic {magic}); PyDis reads {PyDisError.SupportedList()}.", path);
            }
            return new PyDisError(PyDisError.UnknownMagic, PyDisErrorCategory.InvalidData,
                $"'{path}' has magic number {magic}, which no CPython release PyDis knows uses.", path);
        }

        // ---- walking code objects ------------------------------------------------------------------

        /// <summary>The input's code objects with their co_name chain and level, parent first, down to <paramref name="depth"/>.</summary>
        public static IEnumerable<(CodeObject Code, string CodePath, int Level)> Walk(PycSource source, int? depth)
        {
            var stack = new Stack<(CodeObject, string, int)>();
            stack.Push((source.Code, source.CodePath, 0));
            while (stack.Count > 0)
            {
                var (code, path, level) = stack.Pop();
                yield return (code, path, level);
                if (depth.HasValue && level >= depth.Value) continue;
                var children = code.NestedCode().ToList();
                for (int i = children.Count - 1; i >= 0; i--)
                    stack.Push((children[i], path + "." + children[i].Name, level + 1));
            }
        }

        // ---- Get-PyInstruction ---------------------------------------------------------------------

        public static IEnumerable<PyInstruction> GetInstructions(PycSource source, InstructionOptions options)
        {
            foreach (var (code, codePath, _) in Walk(source, source.DefaultDepth(options.Depth)))
                foreach (var i in DecodeCode(code, options.ShowCaches))
                {
                    if (options.OpNameFilter != null && !options.OpNameFilter(i.OpName)) continue;
                    yield return ToRecord(i, source.Path, code, codePath);
                }
        }

        /// <summary>Maps the decoder's instruction to the flat record (positions split into scalars).</summary>
        public static PyInstruction ToRecord(Instruction i, string? path, CodeObject code, string codePath) => new PyInstruction
        {
            Path = path,
            PythonVersion = code.Version.ToString(),
            CodeName = code.Name,
            QualName = code.QualName,
            CodePath = codePath,
            Offset = i.Offset,
            StartOffset = i.StartOffset,
            OpName = i.OpName,
            OpCode = i.OpCode,
            Arg = i.Arg,
            ArgVal = i.ArgVal,
            ArgRepr = i.ArgRepr,
            StartsLine = i.StartsLine,
            // 3.13+ line_number; 3.11-3.12 the co_positions line dis has; earlier the line in effect.
            LineNumber = i.LineNumber,
            IsJumpTarget = i.IsJumpTarget,
            JumpTarget = i.JumpTarget,
            Label = i.Label,
            EndLineNumber = i.Positions.EndLineNumber,
            ColOffset = i.Positions.ColOffset,
            EndColOffset = i.Positions.EndColOffset,
            CacheCount = i.CacheCount,
            BaseOpName = i.BaseOpName.Length > 0 ? i.BaseOpName : i.OpName,
            IsValid = i.IsValid,
        };

        // ---- ConvertFrom-PyBytecode ----------------------------------------------------------------

        /// <summary>Decodes bare co_code as dis.dis(bytes) does: no constants, names or line table.</summary>
        public static IEnumerable<PyInstruction> ConvertFromBytecode(byte[] code, PyVersion version, bool showCaches)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var co = new CodeObject(version) { Code = code, Name = "", Filename = "", BareBytecode = true };
            foreach (var i in DecodeCode(co, showCaches))
            {
                var r = ToRecord(i, null, co, "");
                r.CodeName = "";
                yield return r;
            }
        }

        /// <summary>Hex text (whitespace, "0x" prefix and "-"/":" separators allowed) to bytes; null when it is not hex.</summary>
        public static byte[]? TryParseHex(string? text)
        {
            if (text is null) return null;
            var digits = new StringBuilder(text.Length);
            string t = text.Trim();
            if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) t = t.Substring(2);
            foreach (char c in t)
            {
                if (char.IsWhiteSpace(c) || c == '-' || c == ':') continue;
                if (!Uri.IsHexDigit(c)) return null;
                digits.Append(c);
            }
            if (digits.Length % 2 != 0) return null;
            var bytes = new byte[digits.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = byte.Parse(digits.ToString(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return bytes;
        }

        // ---- Show-PyCode ---------------------------------------------------------------------------

        /// <summary>dis.dis (or code_info) text as lines, without line terminators.</summary>
        public static IEnumerable<string> ShowCode(PycSource source, ShowCodeOptions options)
        {
            var text = ShowCodeText(source, options);
            if (text.Length == 0) yield break;
            if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
            foreach (var line in text.Split('\n')) yield return line;
        }

        // ---- Get-PyLineStart -----------------------------------------------------------------------

        public static IEnumerable<PyLineStart> GetLineStarts(PycSource source, int? depth)
        {
            foreach (var (code, codePath, _) in Walk(source, source.DefaultDepth(depth)))
                foreach (var (offset, line) in LineStartsOf(code))
                    yield return new PyLineStart
                    {
                        Path = source.Path, PythonVersion = code.Version.ToString(), CodeName = code.Name,
                        QualName = code.QualName, CodePath = codePath, Offset = offset, LineNumber = line,
                    };
        }

        // ---- Get-PyCodeObject ----------------------------------------------------------------------

        public static IEnumerable<PyCodeObject> GetCodeObjects(PycSource source, Func<string, bool>? nameFilter)
        {
            foreach (var (code, codePath, level) in Walk(source, null))
            {
                if (nameFilter != null && !nameFilter(code.Name) && !(code.QualName != null && nameFilter(code.QualName))) continue;
                var v = code.Version;
                yield return new PyCodeObject(code)
                {
                    Path = source.Path, PythonVersion = v.ToString(), CodePath = codePath, Level = level,
                    Name = code.Name, QualName = code.QualName, Filename = code.Filename, FirstLineNo = code.FirstLineNo,
                    ArgCount = code.ArgCount, PosOnlyArgCount = code.PosOnlyArgCount, KwOnlyArgCount = code.KwOnlyArgCount,
                    NLocals = code.NLocals, StackSize = code.StackSize, Flags = PrettyFlags(code.RawFlags, code.Release), FlagsValue = code.RawFlags,
                    Code = Hex(code.Code), CodeSize = code.Code.Length,
                    Consts = TupleRepr(code.Consts.Select(c => ConstRepr(c, code.Release))),
                    Names = StrTupleRepr(code.Names, code.Release), VarNames = StrTupleRepr(code.VarNames, code.Release),
                    FreeVars = StrTupleRepr(code.FreeVars, code.Release), CellVars = StrTupleRepr(code.CellVars, code.Release),
                    LineTable = Hex(code.LineTable), ExceptionTable = Hex(code.ExceptionTable),
                };
            }
        }

        // ---- Get-PyConstant ------------------------------------------------------------------------

        public static IEnumerable<PyConstant> GetConstants(PycSource source, int? depth)
        {
            foreach (var (code, codePath, _) in Walk(source, source.DefaultDepth(depth)))
                for (int i = 0; i < code.Consts.Length; i++)
                    yield return new PyConstant
                    {
                        Path = source.Path, PythonVersion = code.Version.ToString(), CodeName = code.Name,
                        QualName = code.QualName, CodePath = codePath, Index = i,
                        Type = PythonTypeName(code.Consts[i], code.Release), Repr = ConstRepr(code.Consts[i], code.Release),
                    };
        }

        // ---- Get-PyOpcode / completion ---------------------------------------------------------------

        /// <summary>OpNames starting with <paramref name="prefix"/> (case-insensitive) in any of the versions, sorted.</summary>
        public static IEnumerable<string> CompleteOpName(string? prefix, IEnumerable<PyVersion> versions)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var v in versions)
                foreach (var op in GetOpcodes(v, null))
                    if (op.Name.StartsWith(prefix ?? "", StringComparison.OrdinalIgnoreCase)) names.Add(op.Name);
            return names;
        }

        /// <summary>
        /// The versions whose tables complete -OpName: the -PythonVersion value when valid, else the version of
        /// the named file, else every supported version.
        /// </summary>
        public static IReadOnlyList<PyVersion> CompletionVersions(string? pythonVersion, string? filePath)
        {
            if (PyVersion.TryParse(pythonVersion, out var v) && ReleaseRegistry.Supported.Contains(v)) return new[] { v };
            if (filePath != null && TryReadVersion(filePath, out v)) return new[] { v };
            return ReleaseRegistry.Supported.All.Select(r => r.Version).ToArray();
        }

        /// <summary>The version named by a file's magic number (the file itself, or a .py source's first compiled file).</summary>
        public static bool TryReadVersion(string path, out PyVersion version)
        {
            version = default;
            try
            {
                if (PycPathExpander.IsSource(path))
                {
                    var compiled = PycPathExpander.CompiledFilesOf(path);
                    if (compiled.Count == 0) return false;
                    path = compiled[0];
                }
                var head = new byte[4];
                using (var f = File.OpenRead(path))
                    if (f.Read(head, 0, 4) != 4) return false;
                return CheckMagic(head, path) is null && TryVersionOfMagic(head[0] | head[1] << 8, out version);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return false;
            }
        }

        // ---- small renderings ------------------------------------------------------------------------

        internal static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>repr() of a tuple whose items' reprs are given: "()", "(x,)", "(x, y)".</summary>
        internal static string TupleRepr(IEnumerable<string> itemReprs)
        {
            var items = itemReprs.ToList();
            if (items.Count == 1) return "(" + items[0] + ",)";
            return "(" + string.Join(", ", items) + ")";
        }

        /// <summary>type(x).__name__ of a constant as that release names it.</summary>
        public static string PythonTypeName(PyObject value, Release release)
        {
            bool py2 = release.Repr.Python2Objects;
            switch (value.Kind)
            {
                case PyKind.None: return "NoneType";
                case PyKind.True: case PyKind.False: return "bool";
                case PyKind.Int: return py2 && value is PyInt i && i.IsPy2Long ? "long" : "int";
                case PyKind.Float: return "float";
                case PyKind.Complex: return "complex";
                case PyKind.Bytes: return py2 ? "str" : "bytes";
                case PyKind.Str: return py2 ? "unicode" : "str";
                case PyKind.Tuple: return "tuple";
                case PyKind.List: return "list";
                case PyKind.Dict: return "dict";
                case PyKind.Set: return "set";
                case PyKind.FrozenSet: return "frozenset";
                case PyKind.FrozenDict: return "frozendict";
                case PyKind.Code: return "code";
                case PyKind.Slice: return "slice";
                case PyKind.Ellipsis: return "ellipsis";
                case PyKind.StopIteration: return "type";
                default: return "NULL";
            }
        }

        private static string StrTupleRepr(string[] names, Release release) =>
            TupleRepr(names.Select(n => NameRepr(n, release)));
    }
}
