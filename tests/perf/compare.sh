#!/usr/bin/env bash
# Speed of pydis as a user installs it (README: dotnet pack + dotnet tool install) against CPython's own dis over the
# same files, all in one run.
#   tests/perf/compare.sh [SCRATCH_DIR]     (default /tmp/pydis-perf; kept outside the repository)
# Environment: PYCDAS=/path/to/pycdas adds pycdas (C++, built by hand from zrax/pycdc; nothing of it is in this
#   repository) to the single-file rows; PYDIS_PERF_VERSIONS="3.12 3.13" also times the 3.13 stdlib batch;
#   RUNS_BATCH (default 5), RUNS_CPYTHON_BATCH (3), RUNS_FILE (11), RUNS_STARTUP (21) set the number of timed runs;
#   PYDIS_PERF_REUSE=1 times the tools an earlier run installed in SCRATCH_DIR instead of packing and installing again;
#   PYDIS_PERF_OUT=DIR writes the batch outputs (of pydis and CPython alike) under DIR instead of SCRATCH_DIR, e.g. a
#   tmpfs (/dev/shm/pydis-out) to take the file system's costs (ext4 with discard here: a run's 1,723 new files and the
#   previous run's deleted ones) out of both sides.
# Before each timed batch run the previous output folder is set aside (tests/perf/set_aside.sh: renamed, not deleted:
# ext4 skips recently freed inodes when it creates files); the folders set aside are deleted after the last timed run.
# A second compare.sh started within 5 minutes of the first still meets the first one's deletions on this disk.
#
# The pydis builds, each installed the way a user gets it:
#   native - tests/perf/install_check.sh SCRATCH/install: README's pack and install (Native AOT for this machine's RID)
#   r2r    - the same pack with -p:PydisNativeTool=false, installed: the ReadyToRun package of this RID
#   plain  - PyDis.Cli.any of that pack (IL, started as `dotnet pydis.dll`, as the tool's `dotnet` runner does): what
#            `dotnet tool install` gave before the RID-specific packages
# What is timed (hyperfine when it is installed, else tests/perf/timing.py's own loop; median wall time, mean CPU
# time = user + sys, per run):
#   (a) the whole stdlib: pydis --output-dir OUT stdlib-X.Y against tests/perf/cpython_dis.py writing the same files
#       from the same list in one process; every build's files are then compared with CPython's (same_text.py);
#   (b) test/test_typing (the largest 3.12 .pyc) alone, text to /dev/null, start-up included;
#   (c) start-up: samples/hello.cpython-312.pyc.
# The table of docs/performance.md is written to SCRATCH/table.md (ratio = CPython's median / pydis's median).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${1:-/tmp/pydis-perf}"
pyenv="${PYENV_ROOT:-/root/.pyenv}/versions"
declare -A interp=([3.12]="$pyenv/3.12.1/bin/python" [3.13]="$pyenv/3.13.0/bin/python")
versions="${PYDIS_PERF_VERSIONS:-3.12}"
runs_batch="${RUNS_BATCH:-5}"; runs_cpython_batch="${RUNS_CPYTHON_BATCH:-3}"
runs_file="${RUNS_FILE:-11}"; runs_startup="${RUNS_STARTUP:-21}"
export PYTHONHASHSEED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$scratch"; scratch="$(cd "$scratch" && pwd)"
outroot="${PYDIS_PERF_OUT:-$scratch}"
mkdir -p "$outroot"; outroot="$(cd "$outroot" && pwd)"
cd "$scratch"
: > results.txt
started=$(date +%s)

load() { cut -d' ' -f1-3 /proc/loadavg; }
# measure NAME RUNS WARMUP PREPARE CMD...: times CMD (output discarded), appends "NAME wall cpu" to results.txt.
measure() {
  local name="$1" runs="$2" warmup="$3" prepare="$4"; shift 4
  local json="$scratch/t-$name.json" wall cpu n
  if command -v hyperfine > /dev/null; then
    local args=(-N --style none --runs "$runs" --warmup "$warmup" --export-json "$json")
    if [ -n "$prepare" ]; then args+=(--prepare "$prepare"); fi
    hyperfine "${args[@]}" "$*" > /dev/null
  else
    python3 "$here/timing.py" run "$json" "$runs" "$warmup" "$prepare" -- "$@"
  fi
  read -r wall cpu n < <(python3 "$here/timing.py" summary "$json")
  echo "$name $wall $cpu" >> results.txt
  printf '   %-22s %10.1f ms wall (median of %d), %10.1f ms CPU (mean)   load %s\n' \
    "$name" "$(python3 -c "print($wall * 1000)")" "$n" "$(python3 -c "print($cpu * 1000)")" "$(load)"
}

echo "== pydis as installed ($(cd "$repo" && git rev-parse --short HEAD), $(dotnet --version), $(command -v hyperfine > /dev/null && hyperfine --version || echo 'no hyperfine: timing.py'); $(date -u '+%F %H:%M UTC'), load average $(load))"
if [ "${PYDIS_PERF_REUSE:-0}" = 1 ] && [ -x install/tool/pydis ] && [ -x tool-r2r/pydis ] && [ -d plain ]; then
  echo "   PYDIS_PERF_REUSE=1: timing the tools installed by an earlier run (install/, tool-r2r/, plain/)"
else
  PYDIS_REQUIRE_NATIVE=1 bash "$here/install_check.sh" "$scratch/install" | sed 's/^/   /'
  rm -rf nupkg-r2r tool-r2r plain
  dotnet pack "$repo/src/PyDis.Cli" -c Release -o nupkg-r2r -p:PydisNativeTool=false > pack-r2r.log 2>&1 \
    || { tail -20 pack-r2r.log; exit 1; }
  dotnet tool install --tool-path tool-r2r --add-source nupkg-r2r PyDis.Cli \
    --version "$(dotnet msbuild "$repo/src/PyDis.Cli" -getProperty:Version)" > /dev/null
  mkdir plain && (cd plain && unzip -q ../nupkg-r2r/PyDis.Cli.any.*.nupkg)
  # The packs leave MSBuild and compiler servers running; on two cores they would share the timed runs.
  dotnet build-server shutdown > /dev/null 2>&1 || true
fi
declare -A tool=([native]="$scratch/install/tool/pydis" [r2r]="$scratch/tool-r2r/pydis"
                 [plain]="dotnet $scratch/plain/tools/net10.0/any/pydis.dll")
builds=(plain r2r native)
echo "   r2r: $(readlink -f tool-r2r/pydis | sed "s|$scratch/||"), pydis.dll $(stat -c %s "$(dirname "$(readlink -f tool-r2r/pydis)")/pydis.dll") bytes (IL only: $(stat -c %s plain/tools/net10.0/any/pydis.dll))"

for v in $versions; do
  py="${interp[$v]}"
  lib="$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
  if [ ! -d "stdlib-$v" ]; then
    echo "== compiling the $v stdlib into $scratch/stdlib-$v"
    mkdir -p "stdlib-$v"
    (cd "$lib" && find . -name '*.py' -not -path './site-packages/*' -exec cp --parents -t "$scratch/stdlib-$v" {} +)
    "$py" -m compileall -q -j 2 "stdlib-$v" > /dev/null 2>&1 || true   # a few test files are meant not to compile
  fi
  find "stdlib-$v" -name '*.pyc' | LC_ALL=C sort > "files-$v.txt"
  echo "== $v stdlib: $(wc -l < "files-$v.txt") files, $(xargs -a "files-$v.txt" -d '\n' cat | wc -c) bytes of .pyc"
  for b in "${builds[@]}"; do
    # shellcheck disable=SC2086  # the plain build's command is two words
    measure "batch-$v-$b" "$runs_batch" 1 "bash $here/set_aside.sh $outroot/out-$b-$v" ${tool[$b]} --output-dir "$outroot/out-$b-$v" "stdlib-$v"
  done
  measure "batch-$v-cpython" "$runs_cpython_batch" 0 "bash $here/set_aside.sh $outroot/out-cpython-$v" \
    "$py" "$here/cpython_dis.py" "$outroot/out-cpython-$v" "files-$v.txt"
  for b in "${builds[@]}"; do
    echo "   $b, same text as CPython $v: $("$py" "$here/same_text.py" "$outroot/out-$b-$v" "$outroot/out-cpython-$v" "files-$v.txt" | head -3 | tr '\n' ' ')"
  done
done

typing="$(grep '/test/__pycache__/test_typing\.' files-3.12.txt | head -1)"
hello="$repo/samples/hello.cpython-312.pyc"
echo "== $typing: $(wc -c < "$typing") bytes"
for b in "${builds[@]}"; do
  # shellcheck disable=SC2086
  measure "typing-$b" "$runs_file" 2 "" ${tool[$b]} "$typing"
done
measure typing-cpython "$runs_file" 1 "" "${interp[3.12]}" "$here/cpython_dis.py" --stdout "$typing"
pycdas_ok=0
if [ -n "${PYCDAS:-}" ]; then
  if "$PYCDAS" "$typing" > /dev/null 2> pycdas.err && "$PYCDAS" "$hello" > /dev/null 2>> pycdas.err; then
    pycdas_ok=1; measure typing-pycdas "$runs_file" 2 "" "$PYCDAS" "$typing"
  else
    echo "   pycdas failed on these files: $(head -3 pycdas.err)"
  fi
fi
echo "== start-up: samples/hello.cpython-312.pyc"
for b in "${builds[@]}"; do
  # shellcheck disable=SC2086
  measure "hello-$b" "$runs_startup" 3 "" ${tool[$b]} "$hello"
done
measure hello-cpython "$runs_startup" 1 "" "${interp[3.12]}" "$here/cpython_dis.py" --stdout "$hello"
if [ "$pycdas_ok" = 1 ]; then measure hello-pycdas "$runs_startup" 3 "" "$PYCDAS" "$hello"; fi

python3 - "$versions" "$(wc -l < files-3.12.txt)" > table.md <<'EOF'
import sys
versions, files = sys.argv[1].split(), sys.argv[2]
r = {}
for line in open('results.txt'):
    name, wall, cpu = line.split()
    r[name] = (float(wall), float(cpu))
names = {'plain': 'plain IL (JIT), PyDis.Cli.any', 'r2r': 'ReadyToRun, PyDis.Cli.linux-x64 packed without AOT',
         'native': 'Native AOT, PyDis.Cli.linux-x64 as README installs it', 'pycdas': 'pycdas (C++)',
         'cpython': 'CPython 3.12.1 `dis`'}
def ms(key, i=0):
    return '%.1f ms' % (r[key][i] * 1000) if key in r else '–'
def s(key, i=0):
    return '%.2f s' % r[key][i] if key in r else '–'
def ratio(key, base):
    return '**%.1f×**' % (r[base][0] / r[key][0]) if key in r and base in r and key != base else ''
head = ['build']
for v in versions:
    head += ['%s stdlib batch: wall' % v, 'CPU', 'vs CPython']
head += ['test_typing', 'vs CPython', 'start-up (hello)', 'vs CPython']
print('| ' + ' | '.join(head) + ' |')
print('|' + ' --- |' * len(head))
for b in ['plain', 'r2r', 'native', 'pycdas', 'cpython']:
    row = [names[b]]
    for v in versions:
        k = 'batch-%s-%s' % (v, b)
        row += [s(k), s(k, 1), ratio(k, 'batch-%s-cpython' % v)]
    row += [ms('typing-' + b), ratio('typing-' + b, 'typing-cpython'), ms('hello-' + b), ratio('hello-' + b, 'hello-cpython')]
    if any(c not in ('–', '') for c in row[1:]):
        print('| ' + ' | '.join(row) + ' |')
EOF
echo "== table ($scratch/table.md; load average now $(load); compare.sh took $(( ($(date +%s) - started + 30) / 60 )) min)"
cat table.md
# Only now, after every timed run: deleting them earlier would slow the following batch runs' file creation.
rm -rf "$outroot"/out-*.set-aside
