"""Writes show_caches.<X.Y>.json: a small module compiled by this interpreter (pyc bytes as hex) and what
dis.get_instructions(code, show_caches=True) yields for every code object, parent first.
Run with each of 3.11 and 3.12 (the versions whose get_instructions yields CACHE entries):
  PYTHONHASHSEED=0 python3.11 show_caches.py; PYTHONHASHSEED=0 python3.12 show_caches.py
"""
import dis, importlib.util, json, marshal, sys, types

SOURCE = '''
import os
def f(a, b):
    x = a.attr + b[0]
    return os.path.join(x, g(a, b=b)) if x > 1 else len(x)
class C:
    def m(self):
        return super().m() + self.y
'''

def walk(co):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield from walk(c)

code = compile(SOURCE, "show_caches.py", "exec")
pyc = importlib.util.MAGIC_NUMBER + b"\0" * 12 + marshal.dumps(code)
rows = []
for co in walk(code):
    for i in dis.get_instructions(co, show_caches=True):
        rows.append([co.co_name, i.opname, i.opcode, i.arg, repr(i.argval), i.argrepr, i.offset, i.starts_line,
                     list(i.positions)])
version = "%d.%d" % sys.version_info[:2]
with open("show_caches.%s.json" % version, "w") as f:
    json.dump({"python": sys.version.split()[0], "pyc": pyc.hex(), "rows": rows}, f)
