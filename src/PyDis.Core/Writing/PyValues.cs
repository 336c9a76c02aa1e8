using System;
using System.Collections;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Writing
{
    /// <summary>
    /// .NET values as the Python constants a release's compiler would make of the same literal: null → None,
    /// bool → True/False, integers → int (2.x: long beyond 64 bits), floating point → float, Complex → complex,
    /// string → str (2.x: a UTF-8 str), byte[] → bytes (2.x: str), arrays and lists → tuple. A string made of
    /// name characters is interned, as the compiler interns such constants.
    /// </summary>
    public static class PyValues
    {
        /// <param name="unwrap">Turns a host's wrapper (PowerShell's PSObject) into the value it wraps; applied to every item.</param>
        public static PyObject From(object? value, Release release, Func<object?, object?>? unwrap = null)
        {
            if (release is null) throw new ArgumentNullException(nameof(release));
            return From(value, release, unwrap ?? (x => x), 0);
        }

        private static PyObject From(object? value, Release release, Func<object?, object?> unwrap, int depth)
        {
            value = unwrap(value);
            if (depth > 100) throw new ArgumentException("the value nests more than 100 levels deep");
            bool py2 = release.Repr.Python2Objects;
            switch (value)
            {
                case null: return new PySingleton(PyKind.None);
                case PyObject o: return o;
                case bool b: return new PySingleton(b ? PyKind.True : PyKind.False);
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _:
                    return Int(new BigInteger(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)), py2);
                case ulong u: return Int(new BigInteger(u), py2);
                case BigInteger big: return Int(big, py2);
                case float f: return new PyFloat(f);
                case double d: return new PyFloat(d);
                case decimal m: return new PyFloat((double)m);
                case Complex c: return new PyComplex(c.Real, c.Imaginary);
                case char ch: return Text(ch.ToString(), py2);
                case string s: return Text(s, py2);
                case byte[] bytes: return new PyBytes((byte[])bytes.Clone());
                case IDictionary _:
                    throw new ArgumentException("a dictionary is not a constant Python's compiler makes; give a tuple, a number, a string or bytes");
                case IEnumerable items:
                {
                    var list = new List<PyObject>();
                    foreach (var item in items) list.Add(From(item, release, unwrap, depth + 1));
                    return new PySequence(PyKind.Tuple, list.ToArray());
                }
            }
            throw new ArgumentException($"a {value.GetType().Name} has no Python constant form; give None ($null), a bool, a number, a string, a byte array or an array of those");
        }

        private static PyInt Int(BigInteger v, bool py2) =>
            new PyInt(v) { IsPy2Long = py2 && (v < long.MinValue || v > long.MaxValue) };

        private static PyObject Text(string s, bool py2)
        {
            bool name = IsNameLike(s);
            if (py2) return new PyBytes(new UTF8Encoding(false).GetBytes(s)) { IsInterned = name };
            return new PyStr(s) { IsInterned = name };
        }

        /// <summary>All characters are ASCII letters, digits or '_' (CPython's all_name_chars): the compiler interns these.</summary>
        private static bool IsNameLike(string s)
        {
            foreach (char c in s)
                if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
            return true;
        }
    }
}
