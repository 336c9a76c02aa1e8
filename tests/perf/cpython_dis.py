"""CPython's own dis over a list of .pyc files, in one process: writes <out>/<path>.dis for each.

usage: python cpython_dis.py OUTDIR LISTFILE   (LISTFILE: one .pyc path per line, as given to pydis)
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


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
