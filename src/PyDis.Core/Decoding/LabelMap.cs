using System;
using System.Collections.Generic;
using PyDis.Core.CodeTables;
using PyDis.Core.Model;
using PyDis.Core.Releases;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// 3.13+ dis._make_labels_map: the jump targets (findlabels) plus, for dis.dis / Bytecode, every
    /// exception-table entry's start, end and target, numbered from 1 in offset order. The decoder, the
    /// formatter (through <see cref="SortedOffsets"/>) and Get-PyExceptionTable all number labels here.
    /// </summary>
    public static class LabelMap
    {
        /// <summary>
        /// dis.dis's label map of a code object (jump targets and exception-table boundaries), when its release
        /// numbers labels (3.13+); null before, where dis prints offsets. <paramref name="entries"/>: the code
        /// object's exception table (<see cref="ExceptionTable.Parse"/>).
        /// </summary>
        public static Dictionary<long, int>? OfDisassembly(CodeObject code, ExceptionEntry[] entries)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            if (entries is null) throw new ArgumentNullException(nameof(entries));
            if (code.Release.Decode.ExceptionLabels != ExceptionLabelRule.StartEndTarget) return null;
            var ranges = new ExceptionRange[entries.Length];
            for (int i = 0; i < entries.Length; i++) ranges[i] = new ExceptionRange(entries[i].Start, entries[i].End, entries[i].Target);
            return Build(CodeDecoder.FindLabels(code), ranges);
        }

        /// <summary>Offset → label number; <paramref name="exceptions"/> null or empty for get_instructions' jump-only labels.</summary>
        public static Dictionary<long, int> Build(IReadOnlyList<long> jumpTargets, IReadOnlyList<ExceptionRange>? exceptions)
        {
            var map = new Dictionary<long, int>();
            Fill(jumpTargets, exceptions, map, new List<long>());
            return map;
        }

        private static void Fill(IReadOnlyList<long> jumpTargets, IReadOnlyList<ExceptionRange>? exceptions,
            Dictionary<long, int> map, List<long> offsets)
        {
            if (jumpTargets is null) throw new ArgumentNullException(nameof(jumpTargets));
            for (int i = 0; i < jumpTargets.Count; i++) Add(jumpTargets[i], map, offsets);
            if (exceptions != null)
            {
                for (int i = 0; i < exceptions.Count; i++)
                {
                    var e = exceptions[i];
                    Add(e.Start, map, offsets);
                    Add(e.End, map, offsets);
                    Add(e.Target, map, offsets);
                }
            }
            offsets.Sort();
            for (int i = 0; i < offsets.Count; i++) map[offsets[i]] = i + 1;
        }

        private static void Add(long offset, Dictionary<long, int> map, List<long> offsets)
        {
            if (map.ContainsKey(offset)) return;
            map[offset] = 0;
            offsets.Add(offset);
        }

        // The distinct offsets in ascending order (sorted in place): label = index + 1, the numbering Fill gives.
        // The decoder and the formatter number labels through this array (cursor / binary search). A heapsort of
        // its own: ReadyToRun cannot precompile List<long>.Sort, and JIT-compiling its helpers cost start-up.
        internal static long[] SortedOffsets(long[] values)
        {
            int n = SortDistinct(values, values.Length);
            return n == values.Length ? values : Growable<long>.Copy(values, n, n);
        }

        /// <summary>The first <paramref name="count"/> values sorted and made distinct in place; returns how many remain.</summary>
        internal static int SortDistinct(long[] values, int count)
        {
            for (int i = count / 2 - 1; i >= 0; i--) SiftDown(values, i, count);
            for (int end = count - 1; end > 0; end--)
            {
                long top = values[0]; values[0] = values[end]; values[end] = top;
                SiftDown(values, 0, end);
            }
            int n = 0;
            for (int i = 0; i < count; i++)
                if (n == 0 || values[i] != values[n - 1]) values[n++] = values[i];
            return n;
        }

        private static void SiftDown(long[] a, int root, int count)
        {
            long v = a[root];
            while (true)
            {
                int child = 2 * root + 1;
                if (child >= count) break;
                if (child + 1 < count && a[child + 1] > a[child]) child++;
                if (a[child] <= v) break;
                a[root] = a[child];
                root = child;
            }
            a[root] = v;
        }
    }
}
