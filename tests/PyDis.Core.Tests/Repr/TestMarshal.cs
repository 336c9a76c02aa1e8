using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using PyDis.Core;
using PyDis.Core.Code;
using PyDis.Core.Marshal;

namespace PyDis.Core.Tests.Repr
{
    /// <summary>
    /// A small marshal decoder for the repr samples, enough for the values repr_samples.py writes.
    /// Test-only: the engine's reader lives in PyDis.Core.Marshal.
    /// </summary>
    internal sealed class TestMarshal
    {
        private readonly byte[] _d;
        private readonly PyVersion _v;
        private readonly List<PyObject?> _refs = new List<PyObject?>();
        private readonly List<PyObject> _interned = new List<PyObject>();
        private int _p;

        private TestMarshal(byte[] data, PyVersion version) { _d = data; _v = version; }

        public static PyObject Load(byte[] data, PyVersion version)
        {
            var m = new TestMarshal(data, version);
            var o = m.Read();
            if (m._p != data.Length) throw new FormatException("trailing bytes");
            return o;
        }

        private int I32() { int v = BitConverter.ToInt32(_d, _p); _p += 4; return v; }
        private byte[] Bytes(int n) { var b = new byte[n]; Array.Copy(_d, _p, b, 0, n); _p += n; return b; }

        private PyObject Read()
        {
            long offset = _p;
            byte code = _d[_p++];
            bool flag = (code & 0x80) != 0 && _v.Major == 3;
            char t = (char)(code & (_v.Major == 3 ? 0x7F : 0xFF));
            int idx = -1;
            if (flag) { idx = _refs.Count; _refs.Add(null); }
            PyObject o = ReadBody(t, idx);
            if (idx >= 0) _refs[idx] = o;
            o.SourceOffset = offset;
            return o;
        }

        private PyObject ReadBody(char t, int idx)
        {
            bool py2 = _v.Major == 2;
            switch (t)
            {
                case '0': return new PySingleton(PyKind.Null);
                case 'N': return new PySingleton(PyKind.None);
                case 'F': return new PySingleton(PyKind.False);
                case 'T': return new PySingleton(PyKind.True);
                case 'S': return new PySingleton(PyKind.StopIteration);
                case '.': return new PySingleton(PyKind.Ellipsis);
                case 'i': return new PyInt(I32());
                case 'I': { long v = BitConverter.ToInt64(_d, _p); _p += 8; return new PyInt(v); }
                case 'l':
                {
                    int n = I32();
                    var value = BigInteger.Zero;
                    int count = Math.Abs(n);
                    var digits = new int[count];
                    for (int i = 0; i < count; i++) { digits[i] = BitConverter.ToUInt16(_d, _p); _p += 2; }
                    for (int i = count - 1; i >= 0; i--) value = (value << 15) + digits[i];
                    return new PyInt(n < 0 ? -value : value) { IsPy2Long = py2 };
                }
                case 'g': { double v = BitConverter.ToDouble(_d, _p); _p += 8; return new PyFloat(v); }
                case 'y':
                {
                    double re = BitConverter.ToDouble(_d, _p), im = BitConverter.ToDouble(_d, _p + 8);
                    _p += 16;
                    return new PyComplex(re, im);
                }
                case 's': return new PyBytes(Bytes(I32()));
                case 't' when !py2: return Text(Bytes(I32()));
                case 't':
                {
                    var b = new PyBytes(Bytes(I32())) { IsInterned = true };
                    _interned.Add(b);
                    return b;
                }
                case 'R': return _interned[I32()];
                case 'u': return Text(Bytes(I32()));
                case 'a': case 'A': return new PyStr(Encoding.ASCII.GetString(Bytes(I32())));
                case 'z': case 'Z': { int n = _d[_p++]; return new PyStr(Encoding.ASCII.GetString(Bytes(n))); }
                case 'r': return _refs[I32()] ?? throw new FormatException("ref to an unfinished object");
                case ')': return new PySequence(PyKind.Tuple, Items(_d[_p++]));
                case '(': return new PySequence(PyKind.Tuple, Items(I32()));
                case '[': return new PySequence(PyKind.List, Items(I32()));
                case '<': return new PySequence(PyKind.Set, Items(I32()));
                case '>': return new PySequence(PyKind.FrozenSet, Items(I32()));
                case '{': case '}':
                {
                    var pairs = new List<KeyValuePair<PyObject, PyObject>>();
                    while (true)
                    {
                        if (_d[_p] == '0') { _p++; break; }
                        var k = Read();
                        pairs.Add(new KeyValuePair<PyObject, PyObject>(k, Read()));
                    }
                    return new PyDict(t == '{' ? PyKind.Dict : PyKind.FrozenDict, pairs.ToArray());
                }
                case ':':
                {
                    var a = Read();
                    var b = Read();
                    return new PySlice(a, b, Read());
                }
                case 'c': return new PyCodeRef(Code());
                default: throw new FormatException("type code " + t + " at " + (_p - 1));
            }
        }

        private PyObject[] Items(int n)
        {
            var items = new PyObject[n];
            for (int i = 0; i < n; i++) items[i] = Read();
            return items;
        }

        private PyObject Text(byte[] utf8)
        {
            // UTF-8 with surrogates allowed (surrogatepass): decode by hand to keep lone surrogates.
            var cps = new List<int>();
            for (int i = 0; i < utf8.Length;)
            {
                int b = utf8[i];
                int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
                int cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
                for (int k = 1; k < n; k++) cp = (cp << 6) | (utf8[i + k] & 0x3F);
                cps.Add(cp);
                i += n;
            }
            var sb = new StringBuilder();
            foreach (int cp in cps) sb.Append(cp >= 0xD800 && cp <= 0xDFFF ? ((char)cp).ToString() : char.ConvertFromUtf32(cp));
            var arr = cps.ToArray();
            return new PyStr(sb.ToString(), arr) { IsPy2Unicode = _v.Major == 2 };
        }

        private CodeObject Code()
        {
            var co = new CodeObject(_v) { SourceOffset = _p - 1 };
            int ints = _v.Major == 2 ? 4 : _v.Minor < 8 ? 5 : _v.Minor < 11 ? 6 : 5;
            _p += 4 * ints;
            Read(); // code
            Read(); // consts
            Read(); // names
            if (_v.Major == 3 && _v.Minor >= 11)
            {
                Read(); Read(); // localsplusnames, localspluskinds
                co.Filename = Name(Read());
                co.Name = Name(Read());
                Read(); // qualname
                co.FirstLineNo = I32();
                Read(); Read(); // linetable, exceptiontable
                return co;
            }
            Read(); Read(); Read(); // varnames, freevars, cellvars
            co.Filename = Name(Read());
            co.Name = Name(Read());
            co.FirstLineNo = I32();
            Read(); // lnotab
            return co;
        }

        private static string Name(PyObject o) => o is PyStr s ? s.Value : ((PyBytes)o).AsLatin1();
    }
}
