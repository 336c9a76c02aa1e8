"""Generate the per-version stack-effect tables (StackEffects_<X>_<Y>.cs, each a method StackEffectTables.V<X>_<Y>()).

Input: tests/fixtures/stack/<X.Y>.json, what each release said: dis.stack_effect of its interpreter (3.4+,
tests/fixtures/generator/stack_effect_dump.py) or its compile.c's opcode_stack_effect (2.7, 3.0-3.3,
stack_effect_c.py). Run from anywhere with any python3:
    python3 src/PyDis.Core/Opcodes/Generated/generate_stack_effects.py

For every opcode and jump= value the answers over the sampled opargs are fitted to the first of a few formula
shapes that reproduces every one of them, and the generator stops with an error when none does:
    Const      c
    Linear     a*oparg + c
    OneOff     (oparg == k) ? x : c
    Bits       c + sum(w[i] * ((oparg >> i) & 1)), i < 8
    Fields     c + a*(oparg & 0xFF) + b*((oparg >> 8) & 0xFF) + d*(oparg >> 16)
evaluated in 32-bit wrapping arithmetic like the C they come from, valid for 0 <= oparg <= MaxArg (the
largest valid oparg, exact where the dump bisected the boundary) and, for dis.stack_effect (3.4+), where the value is not INT_MAX
(C's PY_INVALID_STACK_EFFECT, which a wrapped-around value can hit: 3.6's BUILD_MAP at oparg 2**30 + 1). The answer without an oparg is kept as
given. Nothing else is assumed: a shape that fits is re-checked against every answer before it is written.

One fact is not in any dump: 3.7's compiler already split an effect by jump (compile.c stack_effect(jump),
bpo-24340), but its dis.stack_effect answers only the maximum. The depth walk needs the split, so for 3.7 it
is taken from 3.8's answers for the opcodes whose name and maximum agree (SETUP_EXCEPT, gone in 3.8, shares
SETUP_FINALLY's case label in 3.7's compile.c); the generator checks that the split's maximum equals every
3.7 answer. StackEffectDumpTests checks the generated tables against every answer of every dump.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
DUMPS = os.path.join(ROOT, "tests", "fixtures", "stack")
INT_MAX = 2 ** 31 - 1

# Compiler-only jump split borrowed from the next release's answers (see the module docstring).
COMPILER_SPLIT_FROM = {"3.7": "3.8"}
COMPILER_SPLIT_ALIASES = {"3.7": {"SETUP_EXCEPT": "SETUP_FINALLY"}}

ERROR_NAMES = {
    "ValueError: invalid opcode or oparg": "Invalid",
    "ValueError: stack_effect: opcode does not permit oparg but oparg was specified": "OpargNotPermitted",
    "ValueError: stack_effect: opcode requires oparg but oparg was not specified": "OpargRequired",
}


class FitError(Exception):
    pass


def wrap(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def vkey(text):
    a, b = text.split(".")
    return int(a), int(b)


def decode_row(text, errors):
    out = []
    for item in text.split(","):
        value, _, count = item.partition("*")
        v = ("E", ERROR_NAMES[errors[int(value[1:])]]) if value.startswith("!") else int(value)
        out.extend([v] * (int(count) if count else 1))
    return out


def decode_value(v, errors):
    if isinstance(v, str) and v.startswith("!"):
        return ("E", ERROR_NAMES[errors[int(v[1:])]])
    return int(v)


def is_err(v):
    return isinstance(v, tuple)


# ---- shapes -------------------------------------------------------------------------------------------

def evaluate(f, o):
    kind = f[0]
    if kind == "Const":
        return f[1]
    if kind == "Linear":
        return wrap(f[1] * o + f[2])
    if kind == "OneOff":
        return f[2] if o == f[1] else f[3]
    if kind == "Bits":
        c, w = f[1], f[2]
        return wrap(c + sum(w[i] * ((o >> i) & 1) for i in range(len(w))))
    if kind == "Fields":
        c, a, b, d = f[1], f[2], f[3], f[4]
        return wrap(c + a * (o & 0xFF) + b * ((o >> 8) & 0xFF) + d * (o >> 16))
    raise AssertionError(kind)


def candidates(points):
    """Formula candidates from a few anchor answers, simplest first."""
    at = dict(points)
    v0 = at.get(0)
    if v0 is None:
        return
    yield ("Const", v0)
    if 1 in at:
        yield ("Linear", wrap(at[1] - v0), v0)
    values = [v for _, v in points]
    common = max(set(values), key=values.count)
    odd = [(o, v) for o, v in points if v != common]
    if len(odd) == 1:
        yield ("OneOff", odd[0][0], odd[0][1], common)
    if all((1 << i) in at for i in range(8)):
        w = [wrap(at[1 << i] - v0) for i in range(8)]
        while w and w[-1] == 0:
            w.pop()
        yield ("Bits", v0, w)
    if 1 in at and 256 in at and 65536 in at:
        yield ("Fields", v0, wrap(at[1] - v0), wrap(at[256] - v0), wrap(at[65536] - v0))


def fit(points):
    for f in candidates(points):
        if all(evaluate(f, o) == v for o, v in points):
            return f
    raise FitError("no formula shape fits")


def fit_row(opargs, row, extra, sentinel):
    """Formula and MaxArg of one row of answers, or an error kind for a row that is an error throughout."""
    pairs = list(zip(opargs, row)) + [(o, v) for o, v in extra]
    pairs.sort(key=lambda p: p[0])
    if all(is_err(v) for _, v in pairs):
        kinds = set(v[1] for _, v in pairs)
        if len(kinds) != 1:
            raise FitError("mixed errors %s" % sorted(kinds))
        return ("Error", kinds.pop()), -1
    if is_err(pairs[0][1]):
        raise FitError("an error at oparg 0 but answers above it")
    valid = [(o, v) for o, v in pairs if not is_err(v)]
    formula = fit(valid)
    # Errors amid answers: either the computed value is the C sentinel PY_INVALID_STACK_EFFECT (INT_MAX,
    # reached by 32-bit wrap-around), or the valid opargs end at MaxArg and every larger one is an error.
    max_arg = INT_MAX
    for k, (o, v) in enumerate(pairs):
        if not is_err(v) or (sentinel and evaluate(formula, o) == INT_MAX):
            if is_err(v) and v[1] != "Invalid":
                raise FitError("a %s error where the formula gives the sentinel" % v[1])
            continue
        if v[1] != "Invalid" or any(not is_err(w) for _, w in pairs[k:]):
            raise FitError("errors in the middle of the oparg range")
        max_arg = pairs[k - 1][0]
        break
    return formula, max_arg


# ---- C# output ----------------------------------------------------------------------------------------

def cs_formula(f, max_arg):
    kind = f[0]
    if kind == "Error":
        return "F.Err(StackEffectError.%s)" % f[1]
    if kind == "Const":
        s = "F.Const(%d)" % f[1]
    elif kind == "Linear":
        s = "F.Linear(%d, %d)" % (f[1], f[2])
    elif kind == "OneOff":
        s = "F.OneOff(%d, %d, %d)" % (f[1], f[2], f[3])
    elif kind == "Bits":
        s = "F.Bits(%d, %s)" % (f[1], ", ".join(str(x) for x in f[2]))
    else:
        s = "F.Fields(%d, %d, %d, %d)" % (f[1], f[2], f[3], f[4])
    if max_arg != INT_MAX:
        s += ".UpTo(%d)" % max_arg
    return s


def cs_noarg(v):
    return "F.Err(StackEffectError.%s)" % v[1] if is_err(v) else "F.Const(%d)" % v


def jkey(j):
    return "null" if j is None else ("true" if j else "false")


def has_sentinel(d):
    """dis.stack_effect (3.4+) reports PY_INVALID_STACK_EFFECT (INT_MAX) as an error; compile.c has no sentinel."""
    return d["source"] == "dis.stack_effect"


def fit_dump(d):
    """{opcode: (name, {jump: (noarg, formula, max_arg)})} of one dump."""
    errors = d["errors"]
    opargs = d["opargs"]
    out = {}
    for op in d["ops"]:
        per_jump = {}
        for j in d["jumps"]:
            key = jkey(j)
            row = decode_row(op["rows"][key], errors)
            extra = [(o, decode_value(v, errors)) for o, v in op.get("extra", {}).get(key, [])]
            try:
                formula, max_arg = fit_row(opargs, row, extra, has_sentinel(d))
            except FitError as e:
                sys.exit("%s %s (%d) jump=%s: %s" % (d["version"], op["name"], op["opcode"], key, e))
            # Re-check every answer, including the bisected boundaries.
            for o, v in list(zip(opargs, row)) + extra:
                got = ("E", formula[1]) if formula[0] == "Error" else (
                    ("E", "Invalid") if o > max_arg or (has_sentinel(d) and evaluate(formula, o) == INT_MAX)
                    else evaluate(formula, o))
                if got != v:
                    sys.exit("%s %s jump=%s oparg %d: fitted %r, answer %r" % (d["version"], op["name"], key, o, got, v))
            per_jump[key] = (decode_value(op["noarg"][key], errors), formula, max_arg)
        out[op["opcode"]] = (op["name"], per_jump)
    return out


def compiler_split(version, fitted, dumps):
    """3.7: jump=True/False rows borrowed from the next release (see the module docstring)."""
    donor_version = COMPILER_SPLIT_FROM.get(version)
    if donor_version is None:
        return {}
    donor = fit_dump(dumps[donor_version])
    by_name = dict((name, per) for name, per in donor.values())
    aliases = COMPILER_SPLIT_ALIASES.get(version, {})
    d = dumps[version]
    opargs = d["opargs"]
    split = {}
    for op, (name, per) in fitted.items():
        source = by_name.get(aliases.get(name, name))
        if source is None or per["null"][1][0] == "Error":
            continue
        t, f = source["true"], source["false"]
        if t[1] == f[1] and t[2] == f[2]:
            continue
        for o in opargs:
            if o > per["null"][2]:
                continue
            mx = max(evaluate(t[1], o), evaluate(f[1], o))
            if mx != evaluate(per["null"][1], o):
                sys.exit("%s %s: the %s split's maximum %d is not %s's answer %d at oparg %d"
                         % (version, name, donor_version, mx, version, evaluate(per["null"][1], o), o))
        split[op] = (t, f)
    return split


def outside_rule(d):
    """(noarg, oparg) error kinds for opcodes above the table, consistent over the dumped samples."""
    errors = d["errors"]
    rule = None
    for o in d["outside"]:
        pair = (decode_value(o["noarg"], errors), decode_value(o["oparg0"], errors))
        if not is_err(pair[0]) or not is_err(pair[1]):
            sys.exit("%s: opcode %d outside the table has an answer" % (d["version"], o["opcode"]))
        if rule is not None and rule != pair:
            sys.exit("%s: opcodes above the table answer differently" % d["version"])
        rule = pair
    return rule


def generate(version, d, fitted, split):
    major, minor = vkey(version)
    has_jump = len(d["jumps"]) > 1
    lines = []
    w = lines.append
    w("// <auto-generated>")
    w("// generated by generate_stack_effects.py from tests/fixtures/stack/%s.json (%s, %s) — do not edit."
      % (version, d["python"], d["source"]))
    w("// </auto-generated>")
    w("#nullable enable")
    w("namespace PyDis.Core.Opcodes")
    w("{")
    w("    internal static partial class StackEffectTables")
    w("    {")
    w("        /// <summary>CPython %s stack effects (%s, %s).</summary>" % (version, d["python"], d["source"]))
    w("        internal static StackEffectTable V%d_%d() =>" % (major, minor))
    above = outside_rule(d)
    exit_info = d.get("for_iter_exit")
    skip = 0 if exit_info is None else len(exit_info["skipped"])
    if exit_info is not None and exit_info["skipped"][:1] != [exit_info["dis_target"]]:
        sys.exit("%s: an exhausted FOR_ITER does not resume past dis's target" % version)
    w('            new StackEffectTable(new PyVersion(%d, %d), "%s", "%s", hasJumpKeyword: %s, invalidSentinel: %s,'
      % (major, minor, d["python"], d["source"], "true" if has_jump else "false",
         "true" if has_sentinel(d) else "false"))
    w("            above: (StackEffectError.%s, StackEffectError.%s), forIterExitSkip: %d, new[]"
      % (above[0][1], above[1][1], skip))
    w("            {")
    for op in sorted(fitted):
        name, per = fitted[op]
        n = per["null"]
        if has_jump and (per["true"] != n or per["false"] != n):
            t, f = per["true"], per["false"]
            w('                E.Jumps(%d, "%s", %s, %s, %s, %s, %s, %s),' % (
                op, name, cs_noarg(n[0]), cs_formula(n[1], n[2]), cs_noarg(t[0]), cs_formula(t[1], t[2]),
                cs_noarg(f[0]), cs_formula(f[1], f[2])))
        elif op in split:
            t, f = split[op]
            w('                E.CompilerJumps(%d, "%s", %s, %s, %s, %s),' % (
                op, name, cs_noarg(n[0]), cs_formula(n[1], n[2]), cs_formula(t[1], t[2]), cs_formula(f[1], f[2])))
        else:
            w('                E.Op(%d, "%s", %s, %s),' % (op, name, cs_noarg(n[0]), cs_formula(n[1], n[2])))
    w("            });")
    w("    }")
    w("}")
    return "\n".join(lines) + "\n"


def main():
    dumps = {}
    for f in sorted(os.listdir(DUMPS)):
        if f.endswith(".json"):
            with open(os.path.join(DUMPS, f)) as fh:
                d = json.load(fh)
            dumps[d["version"]] = d
    versions = sorted(dumps, key=vkey)
    for v in versions:
        fitted = fit_dump(dumps[v])
        split = compiler_split(v, fitted, dumps)
        text = generate(v, dumps[v], fitted, split)
        major, minor = vkey(v)
        with open(os.path.join(HERE, "StackEffects_%d_%d.cs" % (major, minor)), "w", newline="\n") as fh:
            fh.write(text)
    # No dispatcher: each release's entry in src/PyDis.Core/Releases/SupportedReleases.cs names its table
    # (StackEffectTables.V<X>_<Y>), and StackEffectDumpTests check that every dump has an entry that uses it.
    print("wrote %d tables: %s" % (len(versions), ", ".join(versions)))


if __name__ == "__main__":
    main()
