using System;
using System.Collections.Generic;
using PyDis.Core.Model;

namespace PyDis.Core.Decoding
{
    /// <summary>
    /// Code objects found sound (<see cref="CodeProblems.Find"/> would report nothing) by a pass that read them
    /// anyway: a <see cref="Formatting.DisFormatter"/> given this set (<see cref="Formatting.DisFormatter.SoundCode"/>)
    /// adds each code object it has written whose tables and instructions its decoding met without a problem.
    /// A host that reports problems after formatting hands the set to
    /// <see cref="Hosting.CodeProblemReport.Find(Hosting.PycInput, SoundCode)"/>, which checks only the others
    /// instead of walking co_code and the tables a second time. Not thread-safe; <see cref="Clear"/> per input.
    /// </summary>
    public sealed class SoundCode
    {
        private CodeObject?[] _items = new CodeObject?[16];
        private int _count;
        private int _next;

        /// <summary>How many code objects were added since the last <see cref="Clear"/>.</summary>
        public int Count => _count;

        public void Clear()
        {
            Array.Clear(_items, 0, _count);
            _count = 0;
            _next = 0;
        }

        internal void Add(CodeObject code)
        {
            if (_count == _items.Length) Array.Resize(ref _items, 2 * _count);
            _items[_count++] = code;
        }

        /// <summary>
        /// Whether the code objects added, none taken yet, are exactly those of <paramref name="root"/>'s walk
        /// (<see cref="CodeObject.Walk(string, int?)"/>'s order, down to <paramref name="depth"/> levels): then every one
        /// is sound, and a report has nothing to check.
        /// </summary>
        internal bool HasWholeWalk(CodeObject root, int? depth)
        {
            if (_next != 0 || _count == 0) return false;
            // The walk's order without its WalkedCode per code object: two stacks, code objects and their levels.
            var codes = new Stack<CodeObject>();
            var levels = new Stack<int>();
            codes.Push(root);
            levels.Push(0);
            int seen = 0;
            while (codes.Count > 0)
            {
                var code = codes.Pop();
                int level = levels.Pop();
                if (seen == _count || !ReferenceEquals(_items[seen], code)) return false;
                seen++;
                if (depth.HasValue && level >= depth.Value) continue;
                var consts = code.Consts;
                for (int i = consts.Length - 1; i >= 0; i--)
                {
                    if (!(consts[i] is PyCodeRef child)) continue;
                    codes.Push(child.Code);
                    levels.Push(level + 1);
                }
            }
            return seen == _count;
        }

        /// <summary>
        /// Whether <paramref name="code"/> was found sound. The formatter and the report walk a tree in the same order
        /// (parent first, code constants in co_consts order), so the code objects come in the order they were added,
        /// some left out: one cursor answers. A code object asked for out of that order is just not known sound.
        /// </summary>
        internal bool Take(CodeObject code)
        {
            if (_next < _count && ReferenceEquals(_items[_next], code))
            {
                _next++;
                return true;
            }
            return false;
        }
    }
}
