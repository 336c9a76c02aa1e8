"""Generate one complete C# opcode table per CPython version.

Input: tests/fixtures/opcodes/<X.Y>.json, written by tests/fixtures/generator/opcodes_dump.py under each
interpreter. Output: OpcodeTable_<X>_<Y>.cs beside this script, each a method OpcodeTables.V<X>_<Y>() that the release's
entry in src/PyDis.Core/Releases/SupportedReleases.cs names.
Run from anywhere with any python3:  python3 src/PyDis.Core/Opcodes/Generated/generate_tables.py

The ArgKind rules below restate, once, the branch order of each version's dis.py
(_get_instructions_bytes before 3.13, ArgResolver.get_argval_argrepr from 3.13; disassemble in 2.7 and 3.0-3.3).
Everything else (names, numbers, has* lists, caches, deopt map, argrepr lists) is data from the dump.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DUMPS = os.path.join(ROOT, "tests", "fixtures", "opcodes")

FLAG_LISTS = [("hasconst", "HasConst"), ("hasname", "HasName"), ("hasjrel", "HasJrel"), ("hasjabs", "HasJabs"),
              ("haslocal", "HasLocal"), ("hascompare", "HasCompare"), ("hasfree", "HasFree"),
              ("hasnargs", "HasNArgs"), ("hasarg", "HasArg"), ("hasexc", "HasExc"), ("hasjump", "HasJump")]


def vkey(text):
    a, b = text.split(".")
    return int(a), int(b)


def in_list(d, key, op):
    lst = d.get(key)
    return lst is not None and op in lst


def jump_kind(d, v, name, deop, backward):
    if in_list(d, "hasjabs", deop):
        return "JumpAbsolute"
    if backward:
        return "JumpBackwardFrom" if v >= (3, 14) and name == "END_ASYNC_FOR" else "JumpBackward"
    return "JumpForward"


def arg_kind(d, v, deop, has_arg, backward):
    """ArgKind of a base opcode, following that version's dis branch order."""
    if not has_arg:
        return "None"
    name = d["opname"][deop]
    if in_list(d, "hasconst", deop):
        # 3.11 _get_const_value resolves LOAD_CONST only; other hasconst ops get dis.UNKNOWN.
        if v == (3, 11) and name != "LOAD_CONST":
            return "UnknownConst"
        return "Const"
    if in_list(d, "hasname", deop):
        if v >= (3, 11) and name == "LOAD_GLOBAL":
            return "LoadGlobal"
        if v >= (3, 12) and name == "LOAD_ATTR":
            return "LoadAttr"
        if v >= (3, 12) and name == "LOAD_SUPER_ATTR":
            return "LoadSuperAttr"
        if v >= (3, 15) and name == "IMPORT_NAME":
            return "ImportName"
        return "Name"
    if v >= (3, 13):
        if in_list(d, "hasjump", deop) or in_list(d, "hasexc", deop):
            if in_list(d, "hasjabs", deop) or in_list(d, "hasjrel", deop):
                return jump_kind(d, v, name, deop, backward)
            return "Plain"
        fast_pairs = ["LOAD_FAST_LOAD_FAST", "STORE_FAST_LOAD_FAST", "STORE_FAST_STORE_FAST"]
        if v >= (3, 14):
            fast_pairs.append("LOAD_FAST_BORROW_LOAD_FAST_BORROW")
        if name in fast_pairs:
            return "FastPair"
    elif in_list(d, "hasjabs", deop) or in_list(d, "hasjrel", deop):
        return jump_kind(d, v, name, deop, backward)
    if in_list(d, "haslocal", deop):
        return "Local"
    if in_list(d, "hasfree", deop):
        return "Free"
    if in_list(d, "hascompare", deop):
        return "Compare"
    if v <= (3, 5):
        # 3.3-3.5 dis: "elif op in hasnargs" (CALL_FUNCTION*), after hasfree; hasnargs stays in opcode.py
        # through 3.11 but no later dis reads it.
        return "NArgs" if in_list(d, "hasnargs", deop) else "Plain"
    specials = {}
    if v <= (3, 12):
        specials["FORMAT_VALUE"] = "FormatValue"
    if (3, 8) <= v <= (3, 12):
        specials["MAKE_FUNCTION"] = "FunctionFlags"
    if v >= (3, 13):
        specials["CONVERT_VALUE"] = "ConvertValue"
        specials["SET_FUNCTION_ATTRIBUTE"] = "FunctionFlags"
    if v >= (3, 11):
        specials["BINARY_OP"] = "BinaryOp"
    if v >= (3, 12):
        specials["CALL_INTRINSIC_1"] = "Intrinsic1"
        specials["CALL_INTRINSIC_2"] = "Intrinsic2"
    if v >= (3, 14):
        specials.update(LOAD_COMMON_CONSTANT="LoadCommonConstant", LOAD_SPECIAL="LoadSpecial",
                        IS_OP="IsOp", CONTAINS_OP="ContainsOp", LOAD_SMALL_INT="LoadSmallInt")
    return specials.get(name, "Plain")


def cs_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cs_str_array(items):
    if not items:
        return "System.Array.Empty<string>()"
    return "new[] { " + ", ".join(cs_str(x) for x in items) + " }"


def flags_of(d, op):
    names = [flag for key, flag in FLAG_LISTS if in_list(d, key, op)]
    return " | ".join("OpcodeFlags." + n for n in names) if names else "OpcodeFlags.None"


def generate(path):
    d = json.load(open(path))
    ver = d["version"]
    v = vkey(ver)
    build = d["python"].split()[0]
    cache_entries = d.get("_inline_cache_entries") or {}
    cache_format = d.get("_cache_format") or {}
    opname = d["opname"]
    per_op = d["per_op"]

    def cache_fields(base_name):
        fields = cache_format.get(base_name)
        if not fields or not cache_entries.get(base_name):
            return "null"
        return "new[] { " + ", ".join("new CacheField(%s, %d)" % (cs_str(f), s) for f, s in fields) + " }"

    lines = []
    for p in per_op:
        op, name, deop = p["op"], p["name"], p["deop"]
        valid = not name.startswith("<")
        base_name = opname[deop]
        kind = arg_kind(d, v, deop, p["has_arg"], p["backward"])
        caches = cache_entries.get(base_name, 0) if valid else 0
        lines.append("                new OpcodeInfo(%d, %s, %s, %s, ArgKind.%s, %d, %d, %s, %s)," % (
            op, cs_str(name), "true" if valid else "false", "true" if p["has_arg"] else "false", kind,
            caches, deop, flags_of(d, op), cache_fields(base_name) if caches else "null"))

    pseudo = []
    for name, op in sorted(d["opmap"].items(), key=lambda kv: kv[1]):
        if op >= 256:
            pseudo.append("                new OpcodeInfo(%d, %s, true, %s, ArgKind.None, 0, %d, %s)," % (
                op, cs_str(name), "true" if in_list(d, "hasarg", op) else "false", op, flags_of(d, op)))

    extras = []
    if d.get("_nb_ops"):
        extras.append("NbOps = " + cs_str_array([b for a, b in d["_nb_ops"]]))
    if d.get("_intrinsic_1_descs"):
        extras.append("Intrinsic1 = " + cs_str_array(d["_intrinsic_1_descs"]))
    if d.get("_intrinsic_2_descs"):
        extras.append("Intrinsic2 = " + cs_str_array(d["_intrinsic_2_descs"]))
    if d.get("_special_method_names"):
        extras.append("SpecialMethodNames = " + cs_str_array(d["_special_method_names"]))
    if d.get("_common_constants"):
        extras.append("CommonConstantReprs = " + cs_str_array([a for a, b in d["_common_constants"]]))
        extras.append("CommonConstantArgReprs = " + cs_str_array([b for a, b in d["_common_constants"]]))
        # dis sets argval to the object itself from 3.15 (ArgResolver: "argval = obj").
        extras.append("CommonConstantArgValIsObject = " + ("true" if v >= (3, 15) else "false"))
    if d.get("conversion_reprs"):
        extras.append("ConversionReprs = " + cs_str_array(d["conversion_reprs"]))
    if d.get("MIN_INSTRUMENTED_OPCODE") is not None:
        # 3.12+: opcodes from here up exist only in instrumented code, never in a .pyc.
        extras.append("MinInstrumentedOpcode = %d" % d["MIN_INSTRUMENTED_OPCODE"])
    flag_names = d.get("FUNCTION_ATTR_FLAGS") if v >= (3, 13) else d.get("MAKE_FUNCTION_FLAGS")
    if flag_names:
        extras.append("FunctionFlagNames = " + cs_str_array(flag_names))

    ident = ver.replace(".", "_")
    out = []
    out.append("// <auto-generated>")
    out.append("// generated from CPython %s by generate_tables.py — do not edit." % build)
    out.append("// </auto-generated>")
    out.append("#nullable enable")
    out.append("namespace PyDis.Core.Opcodes")
    out.append("{")
    out.append("    internal static partial class OpcodeTables")
    out.append("    {")
    out.append("        /// <summary>CPython %s opcodes (%s).</summary>" % (ver, build))
    out.append("        internal static OpcodeTable V%s() =>" % ident)
    out.append("            new OpcodeTable(new PyVersion(%d, %d), %s, %d, %d," % (
        v[0], v[1], cs_str(build), d["HAVE_ARGUMENT"], d["EXTENDED_ARG"]))
    out.append("            new[]")
    out.append("            {")
    out.extend(lines)
    out.append("            },")
    if pseudo:
        out.append("            new[]")
        out.append("            {")
        out.extend(pseudo)
        out.append("            },")
    else:
        out.append("            System.Array.Empty<OpcodeInfo>(),")
    out.append("            %s)" % cs_str_array(d["cmp_op"]))
    if extras:
        out.append("            {")
        for e in extras:
            out.append("                %s," % e)
        out.append("            };")
    else:
        out[-1] += ";"
    out.append("    }")
    out.append("}")
    target = os.path.join(HERE, "OpcodeTable_%s.cs" % ident)
    with open(target, "w", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    return v, ident, build


def main():
    done = []
    for fn in sorted(os.listdir(DUMPS), key=lambda n: vkey(n[:-5])):
        if fn.endswith(".json"):
            done.append(generate(os.path.join(DUMPS, fn)))
    # No dispatcher: each release's entry in src/PyDis.Core/Releases/SupportedReleases.cs names its table
    # (OpcodeTables.V<X>_<Y>), and ReleaseRegistryTests check that every dump has an entry that uses it.
    sys.stdout.write("wrote %d tables: %s\n" % (len(done), ", ".join(b for _, _, b in done)))


if __name__ == "__main__":
    main()
