#!/usr/bin/env bash
# Instructions executed by the Native AOT pydis, counted with callgrind: the same at any machine load, so engine
# changes can be measured on a busy machine where wall-clock times say little.
#   tests/perf/callgrind.sh [SCRATCH_DIR]     (default /tmp/pydis-callgrind; the stdlib of compare.sh is reused)
# Environment: PYDIS_BIN=/path/to/pydis counts that binary instead of publishing one from this tree (it should be
#   linked as below for the per-function report); CALLGRIND_RUNS="typing quarter hello" picks the runs.
#
# The binary is the installed tool's code: dotnet publish -r <rid> -p:PydisAot=true (the settings the pack uses), with
# -p:StripSymbols=false and then objcopy --strip-debug, so callgrind can name the functions.
# Runs (text to /dev/null or --output-dir, as compare.sh does):
#   typing  - test/test_typing.pyc of the 3.12 stdlib (704 KB, 61,089 instructions), alone
#   quarter - every 4th file of the 3.12 stdlib (431 files) with --output-dir
#   hello   - samples/hello.cpython-312.pyc (start-up)
# Printed per run: all instructions, those without the garbage collections (gc_heap::garbage_collect, inclusive:
# one collection more or less moves a run by millions), and the number of collections. The callgrind files stay in
# SCRATCH_DIR for callgrind_annotate (e.g. --inclusive=yes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${1:-/tmp/pydis-callgrind}"
runs="${CALLGRIND_RUNS:-typing quarter hello}"
export PYTHONHASHSEED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$scratch"; scratch="$(cd "$scratch" && pwd)"
command -v valgrind > /dev/null || { echo "callgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

if [ -n "${PYDIS_BIN:-}" ]; then
  bin="$PYDIS_BIN"
else
  rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
  echo "== dotnet publish src/PyDis.Cli -c Release -r $rid -p:PydisAot=true -p:StripSymbols=false ($(cd "$repo" && git rev-parse --short HEAD))"
  rm -rf "$scratch/aot"
  dotnet publish "$repo/src/PyDis.Cli" -c Release -r "$rid" -p:PydisAot=true -p:StripSymbols=false -o "$scratch/aot" \
    > "$scratch/publish.log" 2>&1 || { tail -20 "$scratch/publish.log"; exit 1; }
  objcopy --strip-debug "$scratch/aot/pydis"
  bin="$scratch/aot/pydis"
fi

# The 3.12 stdlib compiled by CPython 3.12.1, as compare.sh makes it (reused from its scratch folder when there).
stdlib=""
for d in "$scratch/stdlib-3.12" /tmp/pydis-perf/stdlib-3.12; do
  if [ -d "$d" ]; then stdlib="$d"; break; fi
done
if [ -z "$stdlib" ]; then
  py="${PYENV_ROOT:-/root/.pyenv}/versions/3.12.1/bin/python"
  lib="$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
  stdlib="$scratch/stdlib-3.12"
  mkdir -p "$stdlib"
  (cd "$lib" && find . -name '*.py' -not -path './site-packages/*' -exec cp --parents -t "$stdlib" {} +)
  "$py" -m compileall -q -j 2 "$stdlib" > /dev/null 2>&1 || true
fi
(cd "$(dirname "$stdlib")" && find "$(basename "$stdlib")" -name '*.pyc' | LC_ALL=C sort | awk 'NR % 4 == 1') > "$scratch/quarter.txt"
typing="$stdlib/test/__pycache__/test_typing.cpython-312.pyc"

# count NAME CMD...: runs CMD under callgrind, prints its figures.
count() {
  local name="$1"; shift
  local out="$scratch/cg-$name.out"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" > /dev/null 2> "$scratch/cg-$name.log"
  python3 - "$name" "$out" <<'EOF'
import re, sys
name, path = sys.argv[1], sys.argv[2]
total = 0
gc = 0
gcs = 0
fns = {}
cur = None
cfn = None
pending = None
for line in open(path):
    if line.startswith('summary:') or line.startswith('totals:'):
        total = max(total, int(line.split()[1]))
    m = re.match(r'(c?fn)=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(3): fns[m.group(2)] = m.group(3).strip()
        f = fns.get(m.group(2), '')
        if m.group(1) == 'fn': cur = f
        else: cfn = f
        continue
    if line.startswith('calls='):
        pending = int(line[6:].split()[0]); continue
    if pending is not None:
        # Inclusive cost of calls into the collector from outside it.
        if 'gc_heap::garbage_collect(' in (cfn or '') and 'garbage_collect(' not in (cur or ''):
            gc += int(line.split()[1]); gcs += pending
        pending = None
print('%-8s %12s instructions, %12s without the %d garbage collection(s)' % (name, format(total, ','), format(total - gc, ','), gcs))
EOF
}

echo "== $bin"
for r in $runs; do
  case "$r" in
    typing) count typing "$bin" "$typing" ;;
    quarter)
      mapfile -t quarter < "$scratch/quarter.txt"
      rm -rf "$scratch/out-quarter"
      (cd "$(dirname "$stdlib")" && count quarter "$bin" --output-dir "$scratch/out-quarter" "${quarter[@]}")
      ;;
    hello) count hello "$bin" "$repo/samples/hello.cpython-312.pyc" ;;
    *) echo "callgrind.sh: unknown run $r" >&2; exit 2 ;;
  esac
done
