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

        private static ulong PathHash(CodeObject code)
        {
            // The chain from the top, without recursion (marshal allows deep nesting).
            var chain = new List<CodeObject>();
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
            return code.AddressHash;
        }

        // Every code constant of a parent whose first parent it is: the parent's hash, its name, its ordinal.
        private static void HashChildren(CodeObject parent)
        {
            ulong parentHash = parent.AddressHash;
            var ordinals = new Dictionary<string, int>();
            foreach (var k in parent.Consts)
            {
                if (!(k is PyCodeRef r) || !ReferenceEquals(r.Code.Parent, parent)) continue;
                var child = r.Code;
                ordinals.TryGetValue(child.Name, out int ordinal);
                ordinals[child.Name] = ordinal + 1;
                Store(child, Mix(Mix(Mix(parentHash, "/"), child.Name), "#" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)), parent);
            }
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
