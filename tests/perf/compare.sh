#!/usr/bin/env bash
# Speed of pydis against CPython's own dis on the 3.12 and 3.13 standard libraries.
#   tests/perf/compare.sh [SCRATCH_DIR]     (default /tmp/pydis-perf; kept outside the repository)
#   PYDIS_AOT=1 tests/perf/compare.sh       (the same with a Native AOT build of pydis)
# It compiles each stdlib into SCRATCH_DIR, publishes pydis (Release, ReadyToRun), then times:
#   (a) pydis --output-dir over every .pyc, (b) that CPython's dis over the same files in one process,
#   (c) the largest 3.12 .pyc (test/test_typing) alone, start-up included, best of 10.
# It also counts how many files' texts are identical between the two. Figures: docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${1:-/tmp/pydis-perf}"
pyenv="${PYENV_ROOT:-/root/.pyenv}/versions"
declare -A interp=([3.12]="$pyenv/3.12.1/bin/python" [3.13]="$pyenv/3.13.0/bin/python")
export PYTHONHASHSEED=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

now() { date +%s.%N; }
elapsed() { python3 -c "print('%.3f' % ($2 - $1))"; }
# CPU seconds (user + sys) of a command, from /usr/bin/time when it exists: on a shared machine the wall clock
# depends on the other load, CPU time much less.
cpu_of() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$scratch/.cpu" "$@" || true
    awk '{printf "%.2f", $1 + $2}' "$scratch/.cpu"
  else
    "$@" || true
    printf 'n/a'
  fi
}

mkdir -p "$scratch"
if [ "${PYDIS_AOT:-0}" = 1 ]; then
  echo "== publishing pydis (Release, Native AOT, linux-x64)"
  dotnet publish "$repo/src/PyDis.Cli" -c Release -r linux-x64 -p:PydisAot=true -o "$scratch/pydis-aot" >/dev/null
  pydis="$scratch/pydis-aot/pydis"
else
  echo "== publishing pydis (Release, ReadyToRun, linux-x64)"
  dotnet publish "$repo/src/PyDis.Cli" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$scratch/pydis" >/dev/null
  pydis="$scratch/pydis/pydis"
fi

cd "$scratch"
for v in 3.12 3.13; do
  py="${interp[$v]}"
  lib="$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
  if [ ! -d "stdlib-$v" ]; then
    echo "== compiling the $v stdlib into $scratch/stdlib-$v"
    mkdir -p "stdlib-$v"
    (cd "$lib" && find . -name '*.py' -not -path './site-packages/*' -exec cp --parents -t "$scratch/stdlib-$v" {} +)
    "$py" -m compileall -q -j 2 "stdlib-$v" >/dev/null 2>&1 || true   # a few test files are meant not to compile
  fi
  find "stdlib-$v" -name '*.pyc' | LC_ALL=C sort > "files-$v.txt"
  count=$(wc -l < "files-$v.txt")
  bytes=$(xargs -a "files-$v.txt" -d '\n' cat | wc -c)
  rm -rf "out-pydis-$v" "out-cpython-$v"
  t0=$(now); ca=$(cpu_of "$pydis" --output-dir "out-pydis-$v" "stdlib-$v" 2> "pydis-$v.err"); t1=$(now)
  t2=$(now); cb=$(cpu_of "$py" "$here/cpython_dis.py" "out-cpython-$v" "files-$v.txt"); t3=$(now)
  a=$(elapsed "$t0" "$t1"); b=$(elapsed "$t2" "$t3")
  echo "== $v: $count files, $bytes bytes of .pyc (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "   pydis --output-dir : ${a} s wall, ${ca} s CPU ($(wc -l < "pydis-$v.err") files failed)"
  echo "   CPython $v dis     : ${b} s wall, ${cb} s CPU"
  python3 -c "print('   speed-up           : %.1fx wall' % ($b / $a))"
  "$py" "$here/same_text.py" "out-pydis-$v" "out-cpython-$v" "files-$v.txt" | sed 's/^/   /'
done

typing="$(grep '/test/__pycache__/test_typing\.' files-3.12.txt | head -1)"
echo "== $typing ($(wc -c < "$typing") bytes), best of 10, start-up included"
best_p=999; best_c=999
for i in $(seq 10); do
  t0=$(now); "$pydis" "$typing" > /dev/null; t1=$(now)
  t2=$(now); "${interp[3.12]}" -c "import dis, marshal, sys; dis.dis(marshal.loads(open(sys.argv[1], 'rb').read()[16:]), file=open('/dev/null', 'w'))" "$typing"; t3=$(now)
  best_p=$(python3 -c "print(min($best_p, $t1 - $t0))"); best_c=$(python3 -c "print(min($best_c, $t3 - $t2))")
done
python3 -c "print('   pydis      : %.1f ms' % ($best_p * 1000)); print('   CPython 3.12: %.1f ms' % ($best_c * 1000))"
echo "   pydis CPU  : $(cpu_of "$pydis" "$typing" > /dev/null; awk '{printf "%.2f", $1 + $2}' "$scratch/.cpu") s (one run)"
echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
