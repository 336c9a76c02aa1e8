"""Generates PrintableTable.cs: which code points str.isprintable() accepts in each CPython 3.x release line.

repr() of a 3.x str keeps a non-ASCII character as is when it is printable and escapes it otherwise, so the
escapes depend on the Unicode database the release carries. The table is asked from the interpreters themselves
(str.isprintable over every code point): CPython 3.0-3.5 built from CPython's history
(tests/fixtures/generator/interpreters.sh), pyenv CPython 3.6-3.13 and Pyodide 3.14/3.15.

3.0-3.2 are narrow (UCS-2) builds, whose chr() of a non-BMP code point is a surrogate pair that isprintable()
rejects unit by unit. Their repr tests the combined code point instead: 3.2 with the full value, so its non-BMP
entries are asked of repr(); 3.0 and 3.1 with only its low 16 bits (_PyUnicode_IsPrintable takes a Py_UNICODE,
ReprRules.PrintableTestTruncatesTo16Bits), so their level never answers for a non-BMP code point and records none.

Every level's set is a subset of the next one's (checked), so one table serves all releases: range starts and, per
range, the first level from which the range is printable.

usage: python3 gen_printable.py [--pyenv /root/.pyenv/versions] [--oldpy /work/oldpy]
                               [--pyodide DIR_WITH_pyodide314_AND_pyodide315]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "..", "..", "..", "..", "tests", "fixtures", "generator", "repr_pyodide.mjs")
MAX = 0x110000

# (Unicode version, release lines, interpreter: pyenv release, oldpy/<release>/<exe> or pyodide31x)
LEVELS = [
    ("5.1", ["3.0", "3.1"], "oldpy/3.1.5/python3.1"),
    ("6.0", ["3.2"], "oldpy/3.2.6/python3.2"),
    ("6.1", ["3.3"], "oldpy/3.3.6/python3.3"),
    ("6.3", ["3.4"], "oldpy/3.4.4/python3.4"),
    ("8.0", ["3.5"], "oldpy/3.5.2/python3.5"),
    ("9.0", ["3.6"], "3.6.15"),
    ("11.0", ["3.7"], "3.7.16"),
    ("12.1", ["3.8"], "3.8.18"),
    ("13.0", ["3.9", "3.10"], "3.9.18"),
    ("14.0", ["3.11"], "3.11.7"),
    ("15.0", ["3.12"], "3.12.1"),
    ("15.1", ["3.13"], "3.13.0"),
    ("16.0", ["3.14"], "pyodide314"),
    ("17.0", ["3.15"], "pyodide315"),
]
# Releases sharing a level with the interpreter that was asked: checked to give the same table.
ALSO_CHECK = {"3.10.13": "13.0", "oldpy/3.0.1/python3.0": "5.1"}

SNIPPET = r'''
import sys, json, unicodedata
narrow = sys.maxunicode < 0x110000
def printable(cp):
    if cp < 0x7F:  # repr decides ASCII itself (3.0's isprintable even rejects the space)
        return cp >= 0x20
    c = chr(cp)
    if cp < 0x10000 or not narrow:
        return c.isprintable()
    return sys.version_info >= (3, 2) and repr(c)[1:-1] == c
r = []
start = None
for cp in range(0x110000):
    np = not printable(cp)
    if np and start is None: start = cp
    elif not np and start is not None: r.append(start); r.append(cp); start = None
if start is not None: r.append(start); r.append(0x110000)
print(json.dumps({"python": sys.version.split()[0], "unicode": unicodedata.unidata_version, "ranges": r}))
'''


def ask(interp, args):
    if interp.startswith("pyodide"):
        script = os.path.join(HERE, "_snippet.py")
        with open(script, "w") as f:
            f.write(SNIPPET)
        try:
            out = subprocess.check_output(["node", RUNNER, os.path.join(args.pyodide, interp), script, HERE])
        finally:
            os.remove(script)
    elif interp.startswith("oldpy/"):
        _, release, name = interp.split("/")
        exe = os.path.join(args.oldpy, release, "bin", name)
        out = subprocess.check_output([exe, "-c", SNIPPET], env=dict(os.environ, PYTHONHASHSEED="0"))
    else:
        exe = os.path.join(args.pyenv, interp, "bin", "python")
        out = subprocess.check_output([exe, "-c", SNIPPET], env=dict(os.environ, PYTHONHASHSEED="0"))
    line = [l for l in out.decode().splitlines() if l.startswith("{")][-1]
    return json.loads(line)


def to_flags(ranges):
    flags = bytearray([1]) * MAX  # 1 = printable
    for i in range(0, len(ranges), 2):
        flags[ranges[i]:ranges[i + 1]] = bytes(ranges[i + 1] - ranges[i])
    return flags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyenv", default="/root/.pyenv/versions")
    ap.add_argument("--oldpy", default="/work/oldpy")
    ap.add_argument("--pyodide", default=os.path.join(HERE, "node_modules"))
    args = ap.parse_args()

    sources = []
    flags = [None] * len(LEVELS)
    for i, (uv, _, interp) in enumerate(LEVELS):
        got = ask(interp, args)
        if not got["unicode"].startswith(uv):
            sys.exit("%s reports Unicode %s, expected %s" % (interp, got["unicode"], uv))
        flags[i] = to_flags(got["ranges"])
        sources.append("CPython %s (Unicode %s)" % (got["python"], got["unicode"]))
    for interp, uv in ALSO_CHECK.items():
        got = ask(interp, args)
        level = [l[0] for l in LEVELS].index(uv)
        if to_flags(got["ranges"]) != flags[level]:
            sys.exit("%s differs from the table of its Unicode version %s" % (interp, uv))

    # since[cp]: first level from which cp is printable (255: never); printability must only grow.
    since = bytearray([255]) * MAX
    for i in range(len(LEVELS) - 1, -1, -1):
        f, later = flags[i], flags[i + 1] if i + 1 < len(LEVELS) else None
        for cp in range(MAX):
            if f[cp]:
                if later is not None and not later[cp]:
                    sys.exit("U+%04X is printable at level %d but not at the next" % (cp, i))
                since[cp] = i
    starts, levels = [], []
    for cp in range(MAX):
        if cp == 0 or since[cp] != since[cp - 1]:
            starts.append(cp)
            levels.append(since[cp])

    def rows(values, fmt, per):
        out = []
        for i in range(0, len(values), per):
            out.append("            " + ", ".join(fmt % v for v in values[i:i + per]) + ",")
        return "\n".join(out)

    text = """// <auto-generated>
// Generated by gen_printable.py from %s. Do not edit.
// </auto-generated>
namespace PyDis.Core.Repr.Generated
{
    /// <summary>str.isprintable() of every code point in every 3.x release line, as ranges.</summary>
    internal static class PrintableTable
    {
        /// <summary>Unicode version of each level; a release names its own (ReprRules.UnicodeVersion).</summary>
        internal static readonly string[] UnicodeVersions = { %s };

        /// <summary>Ascending range starts; a range ends where the next starts (the last at 0x110000).</summary>
        internal static readonly int[] Starts =
        {
%s
        };

        /// <summary>First level from which each range is printable; 255: never.</summary>
        internal static readonly byte[] Since =
        {
%s
        };
    }
}
""" % ("; ".join(sources), ", ".join('"%s"' % l[0] for l in LEVELS),
       rows(starts, "0x%X", 12), rows(levels, "%d", 32))
    with open(os.path.join(HERE, "PrintableTable.cs"), "w", newline="\n") as f:
        f.write(text)
    print("%d ranges" % len(starts))


if __name__ == "__main__":
    main()
