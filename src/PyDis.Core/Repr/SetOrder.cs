using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Repr
{
    /// <summary>
    /// The order a set table iterates the elements marshal added one by one (PySet_Add in marshal order;
    /// 2.7 builds the frozenset from a tuple the same way), following Objects/setobject.c: table of 8 slots,
    /// probe sequence, resize when full enough, re-insertion in old table order.
    /// </summary>
    internal static class SetOrder
    {
        private const int LinearProbes = 9;
        private const int PerturbShift = 5;

        /// <summary>Elements in iteration order, or <paramref name="items"/> itself when the order is not modelled.</summary>
        public static PyObject[] IterationOrder(PyObject[] items, ReprRules rules, PyHashBuild build) =>
            TryIterationOrder(items, rules, build, out var ordered) ? ordered : items;

        /// <summary>False when an element's hash is an address.</summary>
        public static bool TryIterationOrder(PyObject[] items, PyVersion version, PyHashBuild build, out PyObject[] ordered) =>
            TryIterationOrder(items, ReleaseRegistry.Supported.Get(version).Repr, build, out ordered);

        /// <summary>False when an element's hash is an address.</summary>
        public static bool TryIterationOrder(PyObject[] items, ReprRules rules, PyHashBuild build, out PyObject[] ordered)
        {
            ordered = items;
            if (items.Length < 2) return true;
            var set = rules.SetOrder;
            var model = PyHash.For(set, build);
            var hashes = new ulong[items.Length];
            ulong width = model.Bits == 64 ? ulong.MaxValue : (1UL << model.Bits) - 1;
            for (int i = 0; i < items.Length; i++)
            {
                if (!model.TryHash(items[i], out long h)) return false;
                hashes[i] = (ulong)h & width; // size_t perturb = hash
            }
            var probe = set.Probe;
            var table = NewTable(8);
            int mask = 7, fill = 0;
            for (int i = 0; i < items.Length; i++)
            {
                Insert(table, mask, i, hashes[i], probe);
                fill++;
                // set_add_entry: 2.7-3.5 fill*3 >= size*2; 3.6 fill*3 >= mask*2; 3.7+ fill*5 >= mask*3.
                bool grow = set.Growth == SetGrowth.TwoThirdsOfSize ? (long)fill * 3 >= (long)(mask + 1) * 2
                    : set.Growth == SetGrowth.ThreeFifthsOfMask ? (long)fill * 5 >= (long)mask * 3 : (long)fill * 3 >= (long)mask * 2;
                if (!grow) continue;
                long minused = fill > 50000 ? (long)fill * 2 : (long)fill * 4;
                long size = 8;
                while (size <= minused) size <<= 1;
                var newTable = NewTable((int)size);
                int newMask = (int)size - 1;
                foreach (int k in table)
                    if (k >= 0) Insert(newTable, newMask, k, hashes[k], probe);
                table = newTable;
                mask = newMask;
            }
            ordered = new PyObject[items.Length];
            int n = 0;
            foreach (int k in table)
                if (k >= 0) ordered[n++] = items[k];
            return true;
        }

        private static int[] NewTable(int size)
        {
            var t = new int[size];
            for (int i = 0; i < t.Length; i++) t[i] = -1;
            return t;
        }

        /// <summary>Puts element <paramref name="k"/> in the first free slot of its probe sequence (elements are distinct).</summary>
        private static void Insert(int[] table, int mask, int k, ulong hash, SetProbe probe)
        {
            ulong m = (ulong)mask;
            ulong perturb = hash;
            ulong i = hash & m;
            if (probe == SetProbe.Perturb)
            {
                // 2.7-3.3: i = 5*i + perturb + 1, perturb shifted after each step.
                while (table[(int)(i & m)] >= 0)
                {
                    i = (i << 2) + i + perturb + 1;
                    perturb >>= PerturbShift;
                }
                table[(int)(i & m)] = k;
                return;
            }
            if (probe == SetProbe.LinearWrapping)
            {
                // 3.4: the slot, then the 9 after it modulo the table size, then a perturbed jump.
                while (true)
                {
                    for (ulong j = 0; j <= LinearProbes; j++)
                        if (table[(int)((i + j) & m)] < 0) { table[(int)((i + j) & m)] = k; return; }
                    perturb >>= PerturbShift;
                    i = (i * 5 + 1 + perturb) & m;
                }
            }
            while (true)
            {
                if (table[(int)i] < 0) { table[(int)i] = k; return; }
                if (i + LinearProbes <= m)
                {
                    for (ulong j = 1; j <= LinearProbes; j++)
                        if (table[(int)(i + j)] < 0) { table[(int)(i + j)] = k; return; }
                }
                perturb >>= PerturbShift;
                i = (i * 5 + 1 + perturb) & m;
            }
        }
    }
}
