using System;
using System.Collections.Generic;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Opcodes;
using PyDis.Core.Releases;
using PyDis.Core.Repr;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// Resolves an oparg into dis's argval (as its repr) and argrepr, one case per <see cref="ArgKind"/>.
    /// <see cref="Reset"/> per decoded code object (an instance can serve one after another): name reprs are
    /// computed once per code object, on first use; texts that depend only on the opcode table are kept.
    /// An index outside its table (dis would raise IndexError) degrades to the raw number and no argrepr.
    /// </summary>
    internal sealed class ArgResolver
    {
        // dis.py spells these argreprs inline (FORMAT_VALUE / CONVERT_VALUE) in every version that has them.
        private static readonly string[] ConversionNames = { "", "str", "repr", "ascii" };

        // repr(dis.UNKNOWN), 3.11+.
        private const string UnknownRepr = "<unknown>";

        private CodeObject _code = null!;
        private DecodeContext _facts = null!;
        private OpcodeTable _table = null!;
        private ReprRules _reprRules = null!;
        private DecodeRules _s = null!;
        private long[]? _labels;  // 3.13+: labelled offsets, ascending (the first _labelCount); label = index + 1
        private int _labelCount;
        // False for the text formatter, which prints argrepr only: a name's argval (its repr, a new string per
        // name) is then left as the oparg's text.
        private bool _nameArgVals;
        // True for the text formatter: const reprs, the NULL / lazy markers and jump targets and labels are left for
        // it to write (Instruction.DeferredConst, ArgReprPrefix, ArgReprSuffix, ArgReprNumber) instead of made into
        // strings, and the argval, which it does not print, is not made.
        private bool _deferArgReprs;

        // Per code object (dropped by Reset).
        private string?[]? _nameReprs;
        private string?[]? _localReprs;
        private string?[]? _freeReprs;
        // "NULL + name" / "name + NULL" and the NULL|self forms, built once per name (most loads repeat names).
        private string?[]? _nullNames;
        private string?[]? _nullSelfNames;

        // Per opcode table and repr rules (kept while they stay the same).
        private string[]? _cmpReprs;
        private string?[]? _boolCmpReprs;
        private string?[]? _formatValueReprs;
        private string?[]? _functionFlagTexts;

        // "to N" (offsets) and "to LN" / "from LN" (labels), shared by every code object: most jumps are small.
        private static readonly NumberTextCache JumpToText = new NumberTextCache(8192);
        private static readonly NumberTextCache ToLabelText = new NumberTextCache(1024);
        private static readonly NumberTextCache FromLabelText = new NumberTextCache(1024);
        // "N positional, M keyword pair" (before 3.6) by the low 16 bits of the oparg, for the small ones.
        private static readonly NumberTextCache NArgsText = new NumberTextCache(1024);

        public void Reset(CodeObject code, DecodeContext facts, OpcodeTable table, DecodeRules s, long[]? labels, int labelCount,
            bool nameArgVals, bool deferArgReprs)
        {
            var reprRules = code.Release.Repr;
            if (!ReferenceEquals(table, _table) || !ReferenceEquals(reprRules, _reprRules))
            {
                _cmpReprs = null;
                _boolCmpReprs = _formatValueReprs = _functionFlagTexts = null;
            }
            _code = code; _facts = facts; _table = table; _reprRules = reprRules; _s = s;
            _labels = labels; _labelCount = labelCount;
            _nameArgVals = nameArgVals;
            _deferArgReprs = deferArgReprs;
            _nameReprs = _localReprs = _freeReprs = _nullNames = _nullSelfNames = null;
        }

        /// <summary>Drops the references to the last code object (<see cref="Reset"/> comes before any further use).</summary>
        public void Forget()
        {
            _code = null!;
            _facts = null!;
            _labels = null;
            _nameReprs = _localReprs = _freeReprs = _nullNames = _nullSelfNames = null;
        }

        public void Resolve(Instruction ins, OpcodeInfo info, long arg, int offset, int length)
        {
            // Default, as dis: argval = arg, argrepr = ''.
            ins.ArgVal = _deferArgReprs ? "" : CodeDecoder.IntText(arg);
            ins.ArgValNumber = FitsInt(arg) ? (int?)arg : null;
            ins.ArgRepr = "";
            if (_code.BareBytecode && ReadsTable(info.ArgKind))
            {
                ResolveBare(ins, info.ArgKind, arg);
                return;
            }
            switch (info.ArgKind)
            {
                case ArgKind.None:
                case ArgKind.Plain:
                case ArgKind.LoadSmallInt:
                    return;
                case ArgKind.Const:
                {
                    int k = Index(arg, _facts.ConstCount);
                    if (k < 0) return;
                    if (_deferArgReprs) ins.DeferredConst = k;
                    else ins.ArgVal = ins.ArgRepr = _facts.ConstRepr(k);
                    ins.ArgValNumber = null;
                    return;
                }
                case ArgKind.UnknownConst:
                    ins.ArgVal = UnknownRepr;
                    ins.ArgValNumber = null;
                    return;
                case ArgKind.Name:
                    SetName(ins, _code.NameList, ref _nameReprs, arg);
                    return;
                case ArgKind.LoadGlobal:
                    if (SetName(ins, _code.NameList, ref _nameReprs, arg >> 1) && (arg & 1) != 0 && ins.ArgRepr.Length > 0)
                        AddNull(ins, ref _nullNames, arg >> 1, NullMarker.Null);
                    return;
                case ArgKind.LoadAttr:
                    if (SetName(ins, _code.NameList, ref _nameReprs, arg >> 1) && (arg & 1) != 0 && ins.ArgRepr.Length > 0)
                        AddNull(ins, ref _nullSelfNames, arg >> 1, NullMarker.NullOrSelf);
                    return;
                case ArgKind.LoadSuperAttr:
                    if (SetName(ins, _code.NameList, ref _nameReprs, arg >> 2) && (arg & 1) != 0 && ins.ArgRepr.Length > 0)
                        AddNull(ins, ref _nullSelfNames, arg >> 2, NullMarker.NullOrSelf);
                    return;
                case ArgKind.ImportName:
                    if (SetName(ins, _code.NameList, ref _nameReprs, arg >> 2) && ins.ArgRepr.Length > 0)
                    {
                        string? mode = (arg & 1) != 0 ? " + lazy" : (arg & 2) != 0 ? " + eager" : null;
                        if (mode != null && _deferArgReprs) ins.ArgReprSuffix = mode;
                        else if (mode != null) ins.ArgRepr += mode;
                    }
                    return;
                case ArgKind.JumpForward:
                case ArgKind.JumpBackward:
                case ArgKind.JumpBackwardFrom:
                case ArgKind.JumpAbsolute:
                    ResolveJump(ins, info, arg, offset, length);
                    return;
                case ArgKind.Local:
                    SetName(ins, _code.FastNameList, ref _localReprs, arg);
                    return;
                case ArgKind.Free:
                    if (_s.FreeIndexIsLocalsPlus) SetName(ins, _code.FastNameList, ref _localReprs, arg);
                    else SetCellOrFreeName(ins, arg);
                    return;
                case ArgKind.Compare:
                {
                    int k = Index(arg >> _s.CompareShift, _table.CmpOp.Count);
                    if (k < 0) return;
                    _cmpReprs ??= ReprAll(_table.CmpOp);
                    ins.ArgVal = _cmpReprs[k];
                    ins.ArgValNumber = null;
                    string op = _table.CmpOp[k];
                    ins.ArgRepr = _s.CompareHasBoolBit && (arg & 16) != 0
                        ? (_boolCmpReprs ??= new string?[_table.CmpOp.Count])[k] ??= "bool(" + op + ")"
                        : op;
                    return;
                }
                case ArgKind.FormatValue:
                {
                    int conv = (int)(arg & 3);
                    bool withFormat = (arg & 4) != 0;
                    ins.ArgVal = (_formatValueReprs ??= new string?[8])[arg & 7] ??=
                        "(" + _table.ConversionReprs[conv] + ", " + (withFormat ? "True" : "False") + ")";
                    ins.ArgValNumber = null;
                    string text = ConversionNames[conv];
                    if (withFormat) text = text.Length > 0 ? text + ", with format" : "with format";
                    ins.ArgRepr = text;
                    return;
                }
                case ArgKind.ConvertValue:
                {
                    int k = Index(arg, ConversionNames.Length);
                    if (k < 0) return;
                    ins.ArgVal = _table.ConversionReprs[k];
                    ins.ArgValNumber = null;
                    ins.ArgRepr = ConversionNames[k];
                    return;
                }
                case ArgKind.FunctionFlags:
                {
                    if (arg >= 0 && arg < 256)
                        ins.ArgRepr = (_functionFlagTexts ??= new string?[256])[arg] ??= FunctionFlagText(arg);
                    else ins.ArgRepr = FunctionFlagText(arg);
                    return;
                }
                case ArgKind.BinaryOp:
                    ins.ArgRepr = Lookup(_table.NbOps, arg);
                    return;
                case ArgKind.Intrinsic1:
                    ins.ArgRepr = Lookup(_table.Intrinsic1, arg);
                    return;
                case ArgKind.Intrinsic2:
                    ins.ArgRepr = Lookup(_table.Intrinsic2, arg);
                    return;
                case ArgKind.LoadSpecial:
                    ins.ArgRepr = Lookup(_table.SpecialMethodNames, arg);
                    return;
                case ArgKind.NArgs:
                {
                    // Before wordcode an EXTENDED_ARG prefix only adds bits above the instruction's own 16.
                    long n = _s.NArgsFromFullArg ? arg : arg & 0xFFFF;
                    ins.ArgRepr = NArgsText.Find(n) ?? NArgsText.Keep(n, NArgs(n));
                    return;
                }
                case ArgKind.IsOp:
                    ins.ArgRepr = arg != 0 ? "is not" : "is";
                    return;
                case ArgKind.ContainsOp:
                    ins.ArgRepr = arg != 0 ? "not in" : "in";
                    return;
                case ArgKind.LoadCommonConstant:
                {
                    int k = Index(arg, _table.CommonConstantArgReprs.Count);
                    if (k < 0) return;
                    ins.ArgRepr = _table.CommonConstantArgReprs[k];
                    if (_table.CommonConstantArgValIsObject)
                    {
                        ins.ArgVal = _table.CommonConstantReprs[k];
                        ins.ArgValNumber = null;
                    }
                    return;
                }
                case ArgKind.FastPair:
                {
                    var names = _code.FastNameList;
                    int a = Index(arg >> 4, names.Length), b = Index(arg & 15, names.Length);
                    if (a < 0 || b < 0) return;
                    if (_nameArgVals)
                    {
                        var reprs = _localReprs ??= new string?[names.Length];
                        ins.ArgVal = "(" + NameRepr(names, reprs, a) + ", " + NameRepr(names, reprs, b) + ")";
                        ins.ArgValNumber = null;
                    }
                    ins.ArgRepr = names[a] + ", " + names[b];
                    return;
                }
            }
        }

        private string FunctionFlagText(long arg)
        {
            var names = _table.FunctionFlagNames;
            StringBuilder? sb = null;
            for (int bit = 0; bit < names.Count; bit++)
            {
                if ((arg & (1L << bit)) == 0) continue;
                if (sb == null) sb = new StringBuilder();
                else sb.Append(", ");
                sb.Append(names[bit]);
            }
            return sb?.ToString() ?? "";
        }

        private static string NArgs(long n) =>
            CodeDecoder.IntText(n % 256) + " positional, " + CodeDecoder.IntText(n / 256) + " keyword pair";

        // The kinds whose argval comes from co_consts, co_names or the locals (all None for bare bytecode).
        private static bool ReadsTable(ArgKind kind)
        {
            switch (kind)
            {
                case ArgKind.Const:
                case ArgKind.Name:
                case ArgKind.LoadGlobal:
                case ArgKind.LoadAttr:
                case ArgKind.LoadSuperAttr:
                case ArgKind.ImportName:
                case ArgKind.Local:
                case ArgKind.Free:
                case ArgKind.FastPair:
                    return true;
                default:
                    return false;
            }
        }

        private void ResolveBare(Instruction ins, ArgKind kind, long arg)
        {
            switch (_s.BareArgs)
            {
                case BareArgRule.Index:
                    ins.ArgRepr = CodeDecoder.IntText(arg);
                    return;
                case BareArgRule.IndexExceptFree:
                    if (kind != ArgKind.Free) ins.ArgRepr = CodeDecoder.IntText(arg);
                    return;
                default:
                    // A pair is two _get_name_info results: (UNKNOWN, UNKNOWN) and "" + ", " + "".
                    bool pair = kind == ArgKind.FastPair;
                    ins.ArgVal = pair ? "(" + UnknownRepr + ", " + UnknownRepr + ")" : UnknownRepr;
                    ins.ArgValNumber = null;
                    ins.ArgRepr = pair ? ", " : "";
                    return;
            }
        }

        private void ResolveJump(Instruction ins, OpcodeInfo info, long arg, int offset, int length)
        {
            if (info.ArgKind == ArgKind.JumpAbsolute && !_s.AbsoluteJumpShowsTarget)
            {
                // Before 3.10 dis leaves hasjabs alone: argval = arg (already the target offset), no argrepr.
                ins.JumpTarget = ins.ArgValNumber;
                return;
            }
            long target = _s.JumpTarget(info.ArgKind, arg, offset, length, info.CacheCount);
            ins.ArgValNumber = FitsInt(target) ? (int?)target : null;
            ins.JumpTarget = ins.ArgValNumber;
            if (_labels != null)
            {
                if (!_deferArgReprs) ins.ArgVal = CodeDecoder.IntText(target);
                bool from = info.ArgKind == ArgKind.JumpBackwardFrom;
                int k = Array.BinarySearch(_labels, 0, _labelCount, target);
                if (k < 0) ins.ArgRepr = "";
                else if (_deferArgReprs) DeferNumber(ins, from ? "from L" : "to L", k + 1);
                else ins.ArgRepr = LabelText(from ? FromLabelText : ToLabelText, from ? "from L" : "to L", k + 1);
            }
            else if (_deferArgReprs && !ins.ArgIsLong) DeferNumber(ins, "to ", target);
            else
            {
                string text = CodeDecoder.IntText(target);
                ins.ArgVal = text;
                ins.ArgRepr = ins.ArgIsLong ? "to " + text + "L" : JumpToText.Find(target) ?? JumpToText.Keep(target, "to " + text);
            }
        }

        // The formatter's argrepr "prefix" + n, left for it to write (ArgRepr stays empty).
        private static void DeferNumber(Instruction ins, string prefix, long n)
        {
            ins.ArgReprPrefix = prefix;
            ins.HasArgReprNumber = true;
            ins.ArgReprNumber = n;
        }

        private static string LabelText(NumberTextCache cache, string prep, int label) =>
            cache.Find(label) ?? cache.Keep(label, prep + CodeDecoder.IntText(label));

        private enum NullMarker { Null, NullOrSelf }

        // The markers of a name load that also pushes NULL (3.11+), before or after the name (NullMarkerIsSuffix).
        private static readonly string[] MarkerPrefix = { "NULL + ", "NULL|self + " };
        private static readonly string[] MarkerSuffix = { " + NULL", " + NULL|self" };

        // The argrepr of a name load that also pushes NULL: the marker and the name, or the two parts for the formatter.
        private void AddNull(Instruction ins, ref string?[]? cache, long index, NullMarker marker)
        {
            if (_deferArgReprs)
            {
                if (_s.NullMarkerIsSuffix) ins.ArgReprSuffix = MarkerSuffix[(int)marker];
                else ins.ArgReprPrefix = MarkerPrefix[(int)marker];
                return;
            }
            cache ??= new string?[_code.NameList.Length];
            int k = Index(index, cache.Length);
            string name = ins.ArgRepr;
            ins.ArgRepr = cache[k] ??= _s.NullMarkerIsSuffix ? name + MarkerSuffix[(int)marker] : MarkerPrefix[(int)marker] + name;
        }

        private bool SetName(Instruction ins, NameList names, ref string?[]? reprs, long index)
        {
            int k = Index(index, names.Length);
            if (k < 0) return false;
            SetName(ins, names[k], k, names.Length, ref reprs);
            return true;
        }

        private void SetName(Instruction ins, string name, int k, int count, ref string?[]? reprs)
        {
            if (_nameArgVals)
            {
                reprs ??= new string?[count];
                ins.ArgVal = reprs[k] ??= PyRepr.Name(name, _reprRules);
                ins.ArgValNumber = null;
            }
            ins.ArgRepr = name;
        }

        // Before 3.11 a closure index counts co_cellvars then co_freevars.
        private void SetCellOrFreeName(Instruction ins, long index)
        {
            var cells = _code.CellVars;
            var frees = _code.FreeVars;
            int count = cells.Length + frees.Length;
            int k = Index(index, count);
            if (k < 0) return;
            SetName(ins, k < cells.Length ? cells[k] : frees[k - cells.Length], k, count, ref _freeReprs);
        }

        private string NameRepr(NameList names, string?[] reprs, int k) =>
            reprs[k] ??= PyRepr.Name(names[k], _reprRules);

        private string[] ReprAll(IReadOnlyList<string> items)
        {
            var r = new string[items.Count];
            for (int k = 0; k < r.Length; k++) r[k] = PyRepr.Name(items[k], _reprRules);
            return r;
        }

        private static string Lookup(IReadOnlyList<string> list, long arg)
        {
            int k = Index(arg, list.Count);
            return k < 0 ? "" : list[k];
        }

        /// <summary>Python sequence indexing: negative indexes count from the end; -1 when out of range.</summary>
        private static int Index(long index, int length)
        {
            if (index < 0) index += length;
            return index >= 0 && index < length ? (int)index : -1;
        }

        private static bool FitsInt(long v) => v >= int.MinValue && v <= int.MaxValue;
    }
}
