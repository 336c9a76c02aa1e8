using System.Collections.Generic;
using PyDis.Core.Model;

namespace PyDis.Core.Repr
{
    /// <summary>
    /// The address a code object's repr shows. CPython prints the object's memory address (%p), which changes with
    /// every run; PyDis prints one derived from where the code object sits in its tree: the co_name chain from the
    /// top, each name with its ordinal among same-named code constants of its parent (the two `doubled` of a property
    /// get #0 and #1). So a function keeps its address when anything else in the file changes (another constant, the
    /// bytes before it), and two builds of the same source compare equal where the function did not change.
    /// The number is 0x7f followed by 36 bits of an FNV-1a hash of that chain and 4 zero bits (16-byte aligned like a
    /// heap address).
    /// </summary>
    internal static class CodeAddress
    {
        private const ulong FnvOffset = 14695981039346656037UL, FnvPrime = 1099511628211UL;

        public static ulong Of(CodeObject code) => 0x7f0000000000UL + ((PathHash(code) & 0xFFFFFFFFFUL) << 4);

        // The chain of PathHash, kept per thread (a hash is made once per code object, the list each time).
        [System.ThreadStatic] private static List<CodeObject>? t_chain;

        private static ulong PathHash(CodeObject code)
        {
            if (code.AddressHash != 0 && ReferenceEquals(code.AddressHashParent, code.Parent)) return code.AddressHash;
            // The chain from the top, without recursion (marshal allows deep nesting).
            var chain = t_chain ?? new List<CodeObject>();
            t_chain = null;
            chain.Clear();
            for (var c = code; c != null && chain.Count < 10000; c = c.Parent)
            {
                if (c.AddressHash != 0 && ReferenceEquals(c.AddressHashParent, c.Parent)) break;
                chain.Add(c);
            }
            for (int i = chain.Count - 1; i >= 0; i--)
            {
                var c = chain[i];
                var parent = c.Parent;
                if (parent is null)
                    Store(c, Mix(Mix(FnvOffset, "/"), c.Name), null);
                else
                    HashChildren(parent);
            }
            chain.Clear();
            t_chain = chain;
            return code.AddressHash;
        }

        // Up to this many code constants, a child's ordinal is counted among its earlier siblings; past it, a dictionary.
        private const int OrdinalScanLimit = 32;

        // Every code constant of a parent whose first parent it is: the parent's hash, its name, its ordinal.
        private static void HashChildren(CodeObject parent)
        {
            ulong parentHash = parent.AddressHash;
            var consts = parent.Consts;
            int children = 0;
            foreach (var k in consts)
                if (IsChild(k, parent)) children++;
            var ordinals = children > OrdinalScanLimit ? new Dictionary<string, int>() : null;
            for (int i = 0; i < consts.Length; i++)
            {
                if (!IsChild(consts[i], parent)) continue;
                var child = ((PyCodeRef)consts[i]).Code;
                int ordinal = 0;
                if (ordinals != null)
                {
                    ordinals.TryGetValue(child.Name, out ordinal);
                    ordinals[child.Name] = ordinal + 1;
                }
                else
                {
                    for (int j = 0; j < i; j++)
                        if (IsChild(consts[j], parent) && ((PyCodeRef)consts[j]).Code.Name == child.Name) ordinal++;
                }
                Store(child, MixDecimal(Mix(Mix(Mix(parentHash, "/"), child.Name), "#"), ordinal), parent);
            }
        }

        private static bool IsChild(PyObject constant, CodeObject parent) => constant is PyCodeRef r && ReferenceEquals(r.Code.Parent, parent);

        // Mix of the ordinal's decimal digits, as Mix(h, ordinal.ToString()) without the string.
        private static ulong MixDecimal(ulong h, int n)
        {
            int divisor = 1;
            while (n / divisor >= 10) divisor *= 10;
            for (; divisor > 0; divisor /= 10)
            {
                h ^= (char)('0' + n / divisor % 10);
                h *= FnvPrime;
            }
            return h;
        }

        private static void Store(CodeObject c, ulong hash, CodeObject? parent)
        {
            c.AddressHash = hash == 0 ? 1 : hash;
            c.AddressHashParent = parent;
        }

        private static ulong Mix(ulong h, string s)
        {
            foreach (char ch in s)
            {
                h ^= ch;
                h *= FnvPrime;
            }
            return h;
        }
    }
}
