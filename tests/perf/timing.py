"""Timing helper of compare.sh: one figure per measured command, from hyperfine or, where it is missing, from its own loop.

usage: python timing.py summary RESULT.json
         prints "median_wall_s mean_cpu_s runs" of a hyperfine --export-json file (CPU = user + system)
       python timing.py run RESULT.json RUNS WARMUP PREPARE -- CMD [ARG...]
         runs CMD RUNS times after WARMUP runs (PREPARE, a shell command or '', before each), output discarded,
         and writes the same JSON fields hyperfine does (times, user, system), so `summary` reads either
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def summary(path):
    with open(path) as f:
        result = json.load(f)['results'][0]
    times = result['times']
    # hyperfine's user/system are means per run; our own loop writes the same.
    print('%.6f %.6f %d' % (statistics.median(times), result['user'] + result['system'], len(times)))


def run(path, runs, warmup, prepare, cmd):
    times, cpu = [], []
    for i in range(warmup + runs):
        if prepare:
            subprocess.run(prepare, shell=True, check=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        t1 = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i >= warmup:
            times.append(t1 - t0)
            cpu.append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
    result = {'command': ' '.join(cmd), 'times': times,
              'user': statistics.mean(u for u, _ in cpu), 'system': statistics.mean(s for _, s in cpu)}
    with open(path, 'w') as f:
        json.dump({'results': [result]}, f)


if __name__ == '__main__':
    if sys.argv[1] == 'summary':
        summary(sys.argv[2])
    elif sys.argv[1] == 'run':
        split = sys.argv.index('--')
        out, runs, warmup, prepare = sys.argv[2:split]
        run(out, int(runs), int(warmup), prepare, sys.argv[split + 1:])
    else:
        sys.exit(__doc__)
