#!/usr/bin/env bash
# Writes countdown.cpython-35.pyc (countdown.py compiled by CPython 3.5.2, source mtime 2020-01-01 UTC) and
# countdown.cpython-35.dis: what 3.5.2's dis.disassemble printed for every code object, parent first, joined
# by a newline (3.5's dis.dis shows the top level only; `Get-PyCodeObject file | Show-PyCode` shows each).
# The interpreter comes from tests/fixtures/generator/interpreters.sh (CPython 3.5.2 built from its history).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/fixtures/generator/interpreters.sh"
py=$(native_python 3.5)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$here/countdown.py" "$scratch/"
touch -d '2020-01-01 00:00:00 UTC' "$scratch/countdown.py"
PYTHONHASHSEED=0 "$py" - "$scratch/countdown.py" "$here" <<'PY'
import dis, io, marshal, py_compile, re, sys
src, out = sys.argv[1], sys.argv[2]
pyc = out + '/countdown.cpython-35.pyc'
py_compile.compile(src, cfile=pyc, dfile='countdown.py', doraise=True)
with open(pyc, 'rb') as f:
    co = marshal.loads(f.read()[12:])
def walk(c):
    yield c
    for k in c.co_consts:
        if hasattr(k, 'co_code'):
            yield from walk(k)
texts = []
for c in walk(co):
    buf = io.StringIO()
    dis.disassemble(c, file=buf)
    texts.append(buf.getvalue())
text = re.sub(r'(<code object \S+ at )0x[0-9a-f]+', r'\g<1>0x0', '\n'.join(texts))
with open(out + '/countdown.cpython-35.dis', 'w', encoding='utf-8', newline='\n') as f:
    f.write(text)
PY
