#!/usr/bin/env bash
# End-to-end check of README's install: pack the pydis tool package, install it from that folder into a fresh tool
# path, run it on the bundled sample and check what got installed.
#   tests/perf/install_check.sh [DIR]     (default: a new temporary folder, removed afterwards)
# With DIR the packages (DIR/nupkg) and the installed tool (DIR/tool/pydis) are kept: tests/perf/compare.sh times them.
#
# It fails when the pack or the install fails, when the install does not pick the package of this machine's RID,
# when the installed pydis prints anything but samples/hello.cpython-312.dis (CPython 3.12.1's own dis output of
# samples/hello.cpython-312.pyc, code object addresses aside), or when it is not the Native AOT executable although
# the pack built one.
# When the pack could not build Native AOT here because the toolchain is missing (no clang/gcc, or no ILCompiler
# package on the package source), the tool package is ReadyToRun: the check says so and passes, unless
# PYDIS_REQUIRE_NATIVE=1. Any other Native AOT failure fails the check.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ $# -ge 1 ]; then
  work="$1"; mkdir -p "$work"; work="$(cd "$work" && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/pydis-install.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
fail() { echo "install check: FAILED: $*" >&2; exit 1; }
start=$(date +%s)

rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
version="$(dotnet msbuild "$repo/src/PyDis.Cli" -getProperty:Version)"
rm -rf "$work/nupkg" "$work/tool"
echo "== dotnet pack src/PyDis.Cli -c Release -o $work/nupkg   (machine RID $rid, version $version)"
if ! dotnet pack "$repo/src/PyDis.Cli" -c Release -o "$work/nupkg" > "$work/pack.log" 2>&1; then
  tail -40 "$work/pack.log" >&2; fail "dotnet pack failed (log: $work/pack.log)"
fi
ls "$work/nupkg" | sed 's/^/   /'

native_built=0; native_missing_toolchain=0
if grep -q "pydis: the tool package for $rid is the Native AOT executable" "$work/pack.log"; then
  native_built=1
elif grep -q "pydis: the Native AOT build for $rid failed" "$work/pack.log"; then
  if grep -Eq "Platform linker .* not found|NU1101|NU1102|NU1103|NU1301" "$work/pack.log"; then
    native_missing_toolchain=1
  else
    grep -E "error|Error" "$work/pack.log" | tail -20 >&2
    fail "the Native AOT build for $rid failed for another reason than a missing toolchain (log: $work/pack.log)"
  fi
fi

echo "== dotnet tool install --tool-path $work/tool --add-source $work/nupkg PyDis.Cli --version $version"
dotnet tool install --tool-path "$work/tool" --add-source "$work/nupkg" PyDis.Cli --version "$version" \
  > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dotnet tool install failed"; }
pydis="$work/tool/pydis"
[ -x "$pydis" ] || fail "no pydis command in $work/tool"

normalise() { sed -E 's/(<code object [^>]* at )0x[0-9a-fA-F]+/\10x0/'; }
"$pydis" "$repo/samples/hello.cpython-312.pyc" > "$work/hello.out" || fail "pydis exited with $?"
if ! diff <(normalise < "$repo/samples/hello.cpython-312.dis") <(normalise < "$work/hello.out") > "$work/hello.diff"; then
  head -20 "$work/hello.diff" >&2; fail "the installed pydis does not print CPython 3.12's dis text of samples/hello.cpython-312.pyc"
fi
echo "   samples/hello.cpython-312.pyc: identical to CPython 3.12.1's dis output"

# What did the install put behind the command?
binary="$(readlink -f "$pydis")"
dir="$(dirname "$binary")"
case "$binary" in
  */pydis.cli.$rid/*) ;;
  *) fail "dotnet tool install did not pick the $rid package: $binary" ;;
esac
echo "   installed: ${binary#$work/}"
echo "   beside it: $(cd "$dir" && ls | tr '\n' ' ')"
is_native=0
if [ "$(head -c 4 "$binary" | od -An -c | tr -d ' ')" = '177ELF' ] && [ ! -e "$dir/pydis.dll" ] \
   && [ ! -e "$dir/pydis.runtimeconfig.json" ] && grep -aq DotNetRuntimeDebugHeader "$binary"; then
  is_native=1   # an ELF executable with the Native AOT runtime inside and no managed assembly beside it
fi
case "$native_built$is_native" in
  11) echo "   native: yes (ELF executable with the Native AOT runtime, no pydis.dll or runtimeconfig beside it)" ;;
  01) fail "the pack reported no Native AOT build, yet the installed pydis looks native" ;;
  10) fail "the pack built the Native AOT executable for $rid, but the installed pydis is not it" ;;
  00)
    [ -e "$dir/pydis.dll" ] || fail "the installed pydis is neither native nor the managed build"
    if [ "$native_missing_toolchain" = 1 ]; then
      echo "   native: NO - the Native AOT toolchain is missing here (see $work/pack.log); the $rid package is ReadyToRun"
      [ "${PYDIS_REQUIRE_NATIVE:-0}" = 1 ] && fail "PYDIS_REQUIRE_NATIVE=1 and the installed pydis is not native"
    else
      fail "the pack made no Native AOT package for $rid (is $rid the machine's SDK RID?)"
    fi ;;
esac
echo "install check: passed in $(( $(date +%s) - start )) s"
