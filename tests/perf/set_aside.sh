#!/usr/bin/env bash
# tests/perf/set_aside.sh DIR: moves DIR (a batch's output folder) into DIR.set-aside/ under a new name, instead of
# deleting it before the next timed run. ext4 does not reuse an inode freed in the last 60 s (300 s while its table
# block is dirty): right after 1,723 files were deleted, creating 1,723 new ones searched past them all
# (`__ext4_new_inode` -> `recently_deleted`, 27 % of pydis's batch on this disk, perf record), a cost of the benchmark's
# own clean-up, not of the tool timed. compare.sh deletes what was set aside once all its runs are timed.
set -euo pipefail
dir="$1"
[ -e "$dir" ] || exit 0
mkdir -p "$dir.set-aside"
mv "$dir" "$dir.set-aside/$(date +%s%N)"
