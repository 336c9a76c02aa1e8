# Edge cases for the line, location and exception tables, answered by the interpreter running this script.
# Random but well-formed tables (seeded, so reruns give the same file) are put into real code objects of
# NOPs; the interpreter's own findlinestarts, co_lines, co_positions, _parse_exception_table and
# get_instructions say what they mean. Output: OUT_DIR/edges-X.Y.json in the tests/fixtures schema.
#   python make_table_edges.py OUT_DIR COUNT SEED        (2.7, 3.6-3.13 pyenv interpreters)
#   node tests/fixtures/generator/run_pyodide.mjs 314|315 --mount OUT_DIR make_table_edges.py OUT_DIR COUNT SEED
import sys, os, json, dis, binascii, random, types
out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
V = sys.version_info[:2]
rnd = random.Random(seed * 1000 + V[0] * 100 + V[1])
def hx(b): return binascii.hexlify(bytes(b)).decode("ascii")
def template():
    def f(): pass
    return f.__code__
T = template()
NOP = dis.opmap["NOP"]
def varint(v):
    out = []
    while v >= 64:
        out.append(64 | (v & 63)); v >>= 6
    out.append(v)
    return out
def svarint(v):
    return varint(((-v) << 1) | 1 if v < 0 else v << 1)
def ex_varint(v, first):
    chunks = [v & 63]; v >>= 6
    while v:
        chunks.append(v & 63); v >>= 6
    chunks.reverse()
    b = [c | 64 for c in chunks[:-1]] + [chunks[-1]]
    if first: b[0] |= 128
    return b
def gen_lnotab(L):
    t = []
    for _ in range(rnd.randint(0, 12)):
        t += [rnd.choice([0, 0, 1, 2, 3, 6, 20, 255, rnd.randint(0, 255)]), rnd.choice([0, 1, 2, 127, 128, 200, 255, rnd.randint(0, 255)])]
    return t
def gen_310(L):
    t = []; pos = 0
    while pos < L:
        if rnd.random() < 0.1 and rnd.random() < 0.5 and pos + 0 < L:
            t += [0, rnd.randint(0, 255)]  # zero-length step, followed by more
        d = min(L - pos, rnd.choice([2, 4, 6, 254, rnd.randint(1, 127) * 2]))
        t += [d, rnd.choice([0, 1, -1, -128, 127, -127, rnd.randint(-128, 127)]) & 255]
        pos += d
        if rnd.random() < 0.05: break
    return t
def gen_loc(L):
    t = []; units = L // 2; pos = 0
    while pos < units:
        n = min(units - pos, rnd.randint(1, 8))
        code = rnd.randint(0, 15)
        t.append(128 | code << 3 | (n - 1))
        if code == 15: pass
        elif code == 14:
            t += svarint(rnd.choice([0, 1, -1, 5, -5, 70, -70, rnd.randint(-3000, 3000)]))
            t += varint(rnd.choice([0, 1, 2, 100, rnd.randint(0, 5000)]))
            t += varint(rnd.choice([0, 1, 2, 64, 200, rnd.randint(0, 5000)]))
            t += varint(rnd.choice([0, 1, 2, 64, 200, rnd.randint(0, 5000)]))
        elif code == 13:
            t += svarint(rnd.choice([0, 1, -1, 63, -64, rnd.randint(-3000, 3000)]))
        elif code >= 10:
            t += [rnd.randint(0, 127), rnd.randint(0, 127)]
        else:
            t.append(rnd.randint(0, 127))
        pos += n
        if rnd.random() < 0.03: break
    return t
def gen_exc(L):
    t = []; units = L // 2
    for _ in range(rnd.randint(0, 5)):
        s = rnd.randint(0, units - 1); ln = rnd.randint(0, units - s); tg = rnd.randint(0, units - 1)
        dl = rnd.randint(0, 300)
        t += ex_varint(s, True) + ex_varint(ln, False) + ex_varint(tg, False) + ex_varint(dl, False)
    return t
def make(code, table, first, exc):
    if V >= (3, 11):
        return T.replace(co_code=code, co_linetable=table, co_firstlineno=first, co_exceptiontable=exc)
    if V >= (3, 10):
        return T.replace(co_code=code, co_linetable=table, co_firstlineno=first)
    if V >= (3, 8):
        return T.replace(co_code=code, co_lnotab=table, co_firstlineno=first)
    if V[0] == 3:
        return types.CodeType(T.co_argcount, T.co_kwonlyargcount, T.co_nlocals, T.co_stacksize, T.co_flags, code,
            T.co_consts, T.co_names, T.co_varnames, T.co_filename, T.co_name, first, table)
    return types.CodeType(T.co_argcount, T.co_nlocals, T.co_stacksize, T.co_flags, code,
        T.co_consts, T.co_names, T.co_varnames, T.co_filename, T.co_name, first, table)
codes = []
for i in range(count):
    L = rnd.choice([2, 4, 8, 12, 20, rnd.randint(1, 24) * 2])
    code = bytes(bytearray([NOP, 0] * (L // 2)))
    first = rnd.choice([0, 1, 2, 100, 1000, rnd.randint(0, 5000)])
    if V >= (3, 11): table = gen_loc(L); exc = gen_exc(L)
    elif V >= (3, 10): table = gen_310(L); exc = []
    else: table = gen_lnotab(L); exc = []
    bt = bytes(bytearray(table)); be = bytes(bytearray(exc))
    co = make(code, bt, first, be)
    d = {"co_code": hx(bytearray(code)), "co_firstlineno": first}
    e = {"path": "fuzz%d" % i, "co": d, "linestarts": [list(x) for x in dis.findlinestarts(co)]}
    if V >= (3, 10):
        d["co_linetable"] = hx(bytearray(bt)); e["lines"] = [list(x) for x in co.co_lines()]
    else:
        d["co_lnotab"] = hx(bytearray(bt))
    if V >= (3, 11):
        d["co_exceptiontable"] = hx(bytearray(be))
        e["positions"] = [list(x) for x in co.co_positions()]
        e["exception_entries"] = [[x.start, x.end, x.target, x.depth, x.lasti] for x in dis._parse_exception_table(co)]
    if hasattr(dis, "get_instructions"):
        fields = ["offset", "starts_line"] + (["line_number"] if V >= (3, 13) else [])
        e["instructions"] = {"fields": fields, "rows": [[getattr(i, f) for f in fields] for i in dis.get_instructions(co)]}
    codes.append(e)
ver = "%d.%d" % V
with open(os.path.join(out, "edges-%s.json" % ver), "w") as fh:
    json.dump({"python": sys.version.split()[0], "version": ver, "codes": codes}, fh, separators=(",", ":"))
print(ver, len(codes))
