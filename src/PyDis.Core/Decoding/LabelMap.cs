using System;
using System.Collections.Generic;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// 3.13+ dis._make_labels_map: the jump targets (findlabels) plus, for dis.dis / Bytecode, every
    /// exception-table entry's start, end and target, numbered from 1 in offset order. The decoder, the
    /// formatter and Get-PyExceptionTable all number labels here.
    /// </summary>
    public static class LabelMap
    {
        /// <summary>Offset → label number; <paramref name="exceptions"/> null or empty for get_instructions' jump-only labels.</summary>
        public static Dictionary<long, int> Build(IReadOnlyList<long> jumpTargets, IReadOnlyList<ExceptionRange>? exceptions)
        {
            var map = new Dictionary<long, int>();
            Fill(jumpTargets, exceptions, map, new List<long>());
            return map;
        }

        /// <summary><see cref="Build"/> into the caller's buffers (cleared first), so a caller can reuse them.</summary>
        public static void Fill(IReadOnlyList<long> jumpTargets, IReadOnlyList<ExceptionRange>? exceptions,
            Dictionary<long, int> map, List<long> offsets)
        {
            if (jumpTargets is null) throw new ArgumentNullException(nameof(jumpTargets));
            if (map is null) throw new ArgumentNullException(nameof(map));
            if (offsets is null) throw new ArgumentNullException(nameof(offsets));
            map.Clear();
            offsets.Clear();
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
    }
}
