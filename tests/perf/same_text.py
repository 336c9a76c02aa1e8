"""Counts the files whose pydis text equals CPython's (code object addresses normalised on both sides).

usage: python same_text.py PYDIS_OUT CPYTHON_OUT LISTFILE
"""
import re
import sys

ADDRESS = re.compile(rb'(<code object [^\n]*? at )0x[0-9a-fA-F]+')


def main(a_dir, b_dir, list_file):
    same, differ = 0, []
    with open(list_file) as f:
        paths = [line.rstrip('\n') for line in f if line.strip()]
    for path in paths:
        texts = []
        for d in (a_dir, b_dir):
            try:
                with open('%s/%s.dis' % (d, path), 'rb') as f:
                    texts.append(ADDRESS.sub(rb'\g<1>0x0', f.read()))
            except OSError:
                texts.append(None)
        if texts[0] is not None and texts[0] == texts[1]:
            same += 1
        else:
            differ.append(path)
    print('identical: %d of %d' % (same, len(paths)))
    for p in differ[:20]:
        print('  differs: ' + p)


if __name__ == '__main__':
    main(*sys.argv[1:4])
