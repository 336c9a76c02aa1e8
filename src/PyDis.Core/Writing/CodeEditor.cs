using System;
using System.Collections.Generic;
using PyDis.Core.Flow;
using PyDis.Core.Marshal;
using PyDis.Core.Model;

namespace PyDis.Core.Writing
{
    /// <summary>What to change in a code object, field by field (null keeps the field): <c>code.replace()</c>'s keywords for any release.</summary>
    public sealed class CodeChange
    {
        /// <summary>New instructions (and 3.11+ exception entries): co_code, the line table and the exception table are assembled from them.</summary>
        public AsmProgram? Program { get; set; }
        /// <summary>Raw co_code, line table or exception table (not together with <see cref="Program"/>).</summary>
        public byte[]? Code { get; set; }
        public byte[]? LineTable { get; set; }
        public byte[]? ExceptionTable { get; set; }

        /// <summary>The whole of co_consts.</summary>
        public PyObject[]? Consts { get; set; }
        /// <summary>Single co_consts items by index; each takes the marshal form of the item it replaces when the kind is the same.</summary>
        public IDictionary<int, PyObject>? ConstsAt { get; set; }

        public string[]? Names { get; set; }
        /// <summary>Before 3.11 (from 3.11 the locals are <see cref="LocalsPlusNames"/> and <see cref="LocalsPlusKinds"/>).</summary>
        public string[]? VarNames { get; set; }
        public string[]? FreeVars { get; set; }
        public string[]? CellVars { get; set; }
        /// <summary>3.11+.</summary>
        public string[]? LocalsPlusNames { get; set; }
        public byte[]? LocalsPlusKinds { get; set; }

        public string? Name { get; set; }
        /// <summary>3.11+.</summary>
        public string? QualName { get; set; }
        public string? Filename { get; set; }
        public int? FirstLineNo { get; set; }
        public int? ArgCount { get; set; }
        public int? PosOnlyArgCount { get; set; }
        public int? KwOnlyArgCount { get; set; }
        /// <summary>Before 3.11; when only <see cref="VarNames"/> changes it follows their count.</summary>
        public int? NLocals { get; set; }
        public int? StackSize { get; set; }
        public CodeFlags? Flags { get; set; }
    }

    /// <summary>
    /// Makes changed code objects. The code object given is left alone: the result is a new code object, and
    /// every code object above it (up to the top level) is new too, holding the new one in its co_consts, so the
    /// result's tree can be written as a whole file. Everything left unchanged keeps its marshal form.
    /// </summary>
    public static class CodeEditor
    {
        /// <summary>The top-level code object above <paramref name="code"/>.</summary>
        public static CodeObject Root(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var c = code;
            for (int guard = 0; c.Parent != null && guard < 10000; guard++) c = c.Parent;
            return c;
        }

        /// <summary>co_name of every code object from the top level down to <paramref name="code"/>, joined by '.' (as Get-PyCodeObject's CodePath).</summary>
        public static string CodePath(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var names = new List<string>();
            for (var c = code; c != null && names.Count < 10000; c = c.Parent) names.Add(c.Name);
            names.Reverse();
            return string.Join(".", names);
        }

        /// <summary>The code object at <paramref name="codePath"/> (co_names joined by '.', starting with the top level's) below <paramref name="root"/>.</summary>
        /// <exception cref="BytecodeWriteException">No code object, or more than one, has that path.</exception>
        public static CodeObject Find(CodeObject root, string codePath) => FindChain(root, codePath)[0].Code;

        // The chain from the code object found (first) up to the root (last), with each one's index in its parent's co_consts.
        private static List<(CodeObject Code, int Index)> FindChain(CodeObject root, string codePath)
        {
            if (root is null) throw new ArgumentNullException(nameof(root));
            if (string.IsNullOrEmpty(codePath)) throw new ArgumentException("a code path is needed", nameof(codePath));
            var found = new List<List<(CodeObject, int)>>();
            var stack = new Stack<(List<(CodeObject, int)> Chain, string Path)>();
            stack.Push((new List<(CodeObject, int)> { (root, -1) }, root.Name));
            while (stack.Count > 0)
            {
                var (chain, path) = stack.Pop();
                var code = chain[chain.Count - 1].Item1;
                if (path == codePath) found.Add(chain);
                if (!codePath.StartsWith(path + ".", StringComparison.Ordinal)) continue;
                for (int i = 0; i < code.Consts.Length; i++)
                    if (code.Consts[i] is PyCodeRef r)
                        stack.Push((new List<(CodeObject, int)>(chain) { (r.Code, i) }, path + "." + r.Code.Name));
            }
            if (found.Count == 0)
                throw new BytecodeWriteException(CodePath(root), $"no code object has the code path '{codePath}'");
            if (found.Count > 1)
                throw new BytecodeWriteException(CodePath(root), $"{found.Count} code objects have the code path '{codePath}'; pipe the one you mean from Get-PyCodeObject");
            var result = found[0];
            result.Reverse();
            return result;
        }

        /// <summary>Applies <paramref name="change"/> to the code object at <paramref name="codePath"/> of <paramref name="root"/>'s tree.</summary>
        public static CodeObject Apply(CodeObject root, string codePath, CodeChange change) =>
            Apply(FindChain(root, codePath), change);

        /// <summary>
        /// Applies <paramref name="change"/> to <paramref name="code"/> and returns the new code object; its
        /// <see cref="CodeObject.Parent"/> chain leads to a new top level holding it.
        /// </summary>
        public static CodeObject Apply(CodeObject code, CodeChange change)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            var chain = new List<(CodeObject, int)>();
            for (var c = code; c != null; c = c.Parent)
            {
                int index = -1;
                if (c.Parent != null)
                {
                    index = Array.FindIndex(c.Parent.Consts, k => k is PyCodeRef r && ReferenceEquals(r.Code, c));
                    if (index < 0) throw new ArgumentException($"{c.DisplayName} is not in its parent's co_consts", nameof(code));
                }
                chain.Add((c, index));
                if (chain.Count > 10000) throw new ArgumentException("the code object's Parent chain loops", nameof(code));
            }
            return Apply(chain, change);
        }

        private static CodeObject Apply(List<(CodeObject Code, int Index)> chain, CodeChange change)
        {
            if (change is null) throw new ArgumentNullException(nameof(change));
            var target = chain[0].Code;
            string name = PathOf(chain);
            var edited = Changed(target, change, name);
            CodeChecks.ThrowIfUnloadable(edited, name);

            // Every code object above gets a new co_consts holding the new child, in the marshal form of the old ref.
            var child = edited;
            for (int k = 1; k < chain.Count; k++)
            {
                var parent = Copy(chain[k].Code);
                int index = chain[k - 1].Index;
                var consts = (PyObject[])parent.Consts.Clone();
                consts[index] = MarshalWriter.StyledAfter(new PyCodeRef(child), consts[index]);
                parent.Consts = consts;
                child.Parent = parent;
                child = parent;
            }
            child.Parent = null;
            return edited;
        }

        private static string PathOf(List<(CodeObject Code, int Index)> chain)
        {
            var names = new string[chain.Count];
            for (int k = 0; k < chain.Count; k++) names[chain.Count - 1 - k] = chain[k].Code.Name;
            return string.Join(".", names);
        }

        /// <summary>A field-for-field copy, the marshalled field objects included (so unchanged fields keep their form).</summary>
        public static CodeObject Copy(CodeObject c)
        {
            if (c is null) throw new ArgumentNullException(nameof(c));
            var n = new CodeObject(c.Release)
            {
                ArgCount = c.ArgCount, PosOnlyArgCount = c.PosOnlyArgCount, KwOnlyArgCount = c.KwOnlyArgCount, NLocals = c.NLocals,
                StackSize = c.StackSize, Flags = c.Flags, Code = c.Code, Consts = c.Consts, Names = c.Names, VarNames = c.VarNames,
                FreeVars = c.FreeVars, CellVars = c.CellVars, LocalsPlusNames = c.LocalsPlusNames, LocalsPlusKinds = c.LocalsPlusKinds,
                Filename = c.Filename, Name = c.Name, QualName = c.QualName, FirstLineNo = c.FirstLineNo, LineTable = c.LineTable,
                ExceptionTable = c.ExceptionTable, BareBytecode = c.BareBytecode, Parent = c.Parent, SourceOffset = c.SourceOffset,
                MarshalRef = c.MarshalRef,
            };
            c.CopyFieldObjectsTo(n);
            return n;
        }

        /// <summary>
        /// co_stacksize for new instructions: the old one, grown by as much as the stack-depth walk says the new
        /// instructions need beyond what the old ones needed (the compiler's walk, <see cref="StackDepthWalk"/>).
        /// Kept when either walk cannot finish. Never smaller than before, so unchanged code keeps its value even
        /// where the compiler counted code its optimizer later removed.
        /// </summary>
        public static int StackSizeAfter(CodeObject old, CodeObject edited)
        {
            if (old is null) throw new ArgumentNullException(nameof(old));
            if (edited is null) throw new ArgumentNullException(nameof(edited));
            int? before = MaxDepth(old), after = MaxDepth(edited);
            if (before is null || after is null) return old.StackSize;
            return Math.Max(old.StackSize, old.StackSize + after.Value - before.Value);
        }

        private static int? MaxDepth(CodeObject code)
        {
            if (!code.Release.HasStackEffects) return null;
            try
            {
                var walk = StackDepthWalk.Run(ControlFlowGraph.Build(code));
                return walk.IsComplete ? walk.MaxDepth : null;
            }
            catch (Exception e) when (e is PycFormatException || e is NotSupportedException || e is ArgumentException)
            {
                return null;
            }
        }

        private static CodeObject Changed(CodeObject old, CodeChange ch, string name)
        {
            var release = old.Release;
            bool localsPlus = release.Marshal.HasLocalsPlus;
            var c = Copy(old);
            if (ch.Program != null && (ch.Code != null || ch.LineTable != null || ch.ExceptionTable != null))
                throw new BytecodeWriteException(name, "give either instructions or raw co_code and tables, not both");
            if (ch.Consts != null && ch.ConstsAt != null)
                throw new BytecodeWriteException(name, "give either the whole of co_consts or single items, not both");
            if (localsPlus && (ch.VarNames != null || ch.CellVars != null || ch.FreeVars != null || ch.NLocals != null))
                throw new BytecodeWriteException(name, $"Python {release.Version} code objects keep their locals, cells and free variables in co_localsplusnames and co_localspluskinds; change those");
            if (!localsPlus && (ch.LocalsPlusNames != null || ch.LocalsPlusKinds != null))
                throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no co_localsplusnames; change co_varnames, co_cellvars and co_freevars");
            if (ch.QualName != null && !localsPlus)
                throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no co_qualname");
            if (ch.PosOnlyArgCount != null && Array.IndexOf(release.Marshal.CodeLayoutArray, Releases.CodeField.PosOnlyArgCount) < 0)
                throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no co_posonlyargcount");
            if (ch.KwOnlyArgCount != null && Array.IndexOf(release.Marshal.CodeLayoutArray, Releases.CodeField.KwOnlyArgCount) < 0)
                throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no co_kwonlyargcount");

            if (ch.Consts != null) c.Consts = (PyObject[])ch.Consts.Clone();
            if (ch.ConstsAt != null)
            {
                var consts = (PyObject[])c.Consts.Clone();
                foreach (var kv in ch.ConstsAt)
                {
                    if (kv.Key < 0 || kv.Key >= consts.Length)
                        throw new BytecodeWriteException(name, $"co_consts has {consts.Length} item(s); there is no item {kv.Key} to replace");
                    if (kv.Value is null) throw new BytecodeWriteException(name, $"co_consts item {kv.Key}: no value given");
                    consts[kv.Key] = kv.Value.TypeCode == 0 ? MarshalWriter.StyledAfter(kv.Value, consts[kv.Key]) : kv.Value;
                }
                c.Consts = consts;
            }
            if (ch.Names != null) c.Names = (string[])ch.Names.Clone();
            if (ch.VarNames != null)
            {
                c.VarNames = (string[])ch.VarNames.Clone();
                if (ch.NLocals is null) c.NLocals = c.VarNames.Length;
            }
            if (ch.CellVars != null) c.CellVars = (string[])ch.CellVars.Clone();
            if (ch.FreeVars != null) c.FreeVars = (string[])ch.FreeVars.Clone();
            if (ch.LocalsPlusNames != null || ch.LocalsPlusKinds != null)
            {
                var names = ch.LocalsPlusNames ?? c.LocalsPlusNames;
                var kinds = ch.LocalsPlusKinds ?? c.LocalsPlusKinds;
                if (names.Length != kinds.Length)
                    throw new BytecodeWriteException(name, $"{names.Length} co_localsplusnames but {kinds.Length} co_localspluskinds");
                c.LocalsPlusNames = (string[])names.Clone();
                c.LocalsPlusKinds = (byte[])kinds.Clone();
                c.DeriveFromLocalsPlus();
            }
            if (ch.Name != null) c.Name = ch.Name;
            if (ch.QualName != null) c.QualName = ch.QualName;
            if (ch.Filename != null) c.Filename = ch.Filename;
            if (ch.FirstLineNo != null) c.FirstLineNo = ch.FirstLineNo.Value;
            if (ch.ArgCount != null) c.ArgCount = ch.ArgCount.Value;
            if (ch.PosOnlyArgCount != null) c.PosOnlyArgCount = ch.PosOnlyArgCount.Value;
            if (ch.KwOnlyArgCount != null) c.KwOnlyArgCount = ch.KwOnlyArgCount.Value;
            if (ch.NLocals != null) c.NLocals = ch.NLocals.Value;
            if (ch.StackSize != null) c.StackSize = ch.StackSize.Value;
            if (ch.Flags != null) c.Flags = ch.Flags.Value;

            if (ch.Program != null)
            {
                if (ch.Program.Release != release)
                    throw new BytecodeWriteException(name, $"the instructions are for Python {ch.Program.Version}, the code object is Python {release.Version}");
                ch.Program.CodeName ??= name;
                // The tables count lines from co_firstlineno, whichever the change leaves.
                ch.Program.FirstLineNo = c.FirstLineNo;
                var a = Assembler.Assemble(ch.Program);
                c.Code = a.Code;
                c.LineTable = a.LineTable;
                c.ExceptionTable = a.ExceptionTable;
                if (ch.StackSize is null) c.StackSize = StackSizeAfter(old, c);
            }
            else if (ch.FirstLineNo != null && ch.FirstLineNo != old.FirstLineNo && ch.LineTable is null)
            {
                // The line table is relative to co_firstlineno: re-encode it so every instruction keeps its line.
                var p = ProgramReader.Read(old, name);
                p.FirstLineNo = c.FirstLineNo;
                c.LineTable = Assembler.Assemble(p).LineTable;
            }
            if (ch.Code != null) c.Code = (byte[])ch.Code.Clone();
            if (ch.LineTable != null) c.LineTable = (byte[])ch.LineTable.Clone();
            if (ch.ExceptionTable != null)
            {
                if (!release.Tables.HasExceptionTable)
                    throw new BytecodeWriteException(name, $"Python {release.Version} code objects have no exception table");
                c.ExceptionTable = (byte[])ch.ExceptionTable.Clone();
            }
            return c;
        }
    }
}
