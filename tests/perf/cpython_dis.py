"""CPython's own dis over a list of .pyc files, in one process: writes <out>/<path>.dis for each.

usage: python cpython_dis.py OUTDIR LISTFILE   (LISTFILE: one .pyc path per line, as given to pydis)
       python cpython_dis.py --stdout FILE...  (the text of each file on standard output, as `pydis FILE...` prints it)
"""
import dis
import marshal
import os
import sys


def main(out_dir, list_file):
    with open(list_file) as f:
        paths = [line.rstrip('\n') for line in f if line.strip()]
    for path in paths:
        with open(path, 'rb') as f:
            data = f.read()
        co = marshal.loads(data[16:])
        target = os.path.join(out_dir, path + '.dis')
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w', encoding='utf-8') as out:
            dis.dis(co, file=out)


def to_stdout(paths):
    for path in paths:
        with open(path, 'rb') as f:
            dis.dis(marshal.loads(f.read()[16:]))


if __name__ == '__main__':
    if sys.argv[1] == '--stdout':
        to_stdout(sys.argv[2:])
    else:
        main(sys.argv[1], sys.argv[2])
