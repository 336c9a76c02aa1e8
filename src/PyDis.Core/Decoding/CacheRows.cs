using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Decoding
{
    /// <summary>One CACHE row: a code unit of an instruction's inline cache.</summary>
    public readonly struct CacheRow
    {
        public CacheRow(int offset, string argRepr) { Offset = offset; ArgRepr = argRepr; }

        /// <summary>Byte offset of the cache unit.</summary>
        public int Offset { get; }
        /// <summary>"name: value" on the first unit of a named field when the version shows it; else empty.</summary>
        public string ArgRepr { get; }
    }

    /// <summary>
    /// The CACHE rows that dis.dis(show_caches=True) prints and 3.11-3.12 get_instructions(show_caches=True)
    /// yields after an instruction; the one place both read inline-cache names and values.
    /// </summary>
    public static class CacheRows
    {
        /// <summary>The rows after <paramref name="owner"/>, one per cache code unit, in offset order.</summary>
        public static IEnumerable<CacheRow> Of(CodeObject code, Instruction owner)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (owner is null) throw new ArgumentNullException(nameof(owner));
            return OfCore(code, owner, code.Release.Decode.CacheValues);
        }

        private static IEnumerable<CacheRow> OfCore(CodeObject code, Instruction owner, CacheValueRule rule)
        {
            int offset = owner.Offset;
            var fields = owner.CacheInfo;
            if (fields is null || fields.Length == 0)
            {
                // No field names known: unnamed units without a value.
                for (int i = 0; i < owner.CacheCount; i++)
                {
                    offset += 2;
                    yield return new CacheRow(offset, "");
                }
                yield break;
            }
            bool values = rule != CacheValueRule.WhenQuickened
                || (owner.BaseOpName.Length > 0 && owner.BaseOpName != owner.OpName);
            foreach (var field in fields)
            {
                for (int i = 0; i < field.Size; i++)
                {
                    offset += 2;
                    string argrepr = "";
                    if (i == 0 && values)
                    {
                        int data = rule == CacheValueRule.FromFirstUnit ? owner.Offset + 2 : field.DataOffset;
                        argrepr = field.Name + ": " + LittleEndian(code.Code, data, 2 * field.Size);
                    }
                    yield return new CacheRow(offset, argrepr);
                }
            }
        }

        /// <summary>int.from_bytes(code[start:start+length], 'little'), the slice clamped as Python clamps it.</summary>
        public static string LittleEndian(byte[] code, int start, int length)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            int end = Math.Min(code.Length, start + length);
            if (start >= end) return "0";
            if (end - start <= 8)
            {
                ulong v = 0;
                for (int i = end - 1; i >= start; i--) v = (v << 8) | code[i];
                return v.ToString(CultureInfo.InvariantCulture);
            }
            var bytes = new byte[end - start + 1];  // the extra zero byte keeps the value positive
            Array.Copy(code, start, bytes, 0, end - start);
            return new BigInteger(bytes).ToString(CultureInfo.InvariantCulture);
        }
    }
}
