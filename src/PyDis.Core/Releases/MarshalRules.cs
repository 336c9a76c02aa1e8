using System.Collections.Generic;

namespace PyDis.Core.Releases
{
    /// <summary>A field of a marshalled code object, in the order w_object writes it.</summary>
    public enum CodeField
    {
        ArgCount, PosOnlyArgCount, KwOnlyArgCount, NLocals, StackSize, Flags,
        Code, Consts, Names, VarNames, FreeVars, CellVars, LocalsPlusNames, LocalsPlusKinds,
        Filename, Name, QualName, FirstLineNo, LnoTab, LineTable, ExceptionTable,
    }

    /// <summary>
    /// The marshal rules of a release (Python/marshal.c of that line): which type codes exist and the field
    /// order of code objects. A reader and a writer both follow them.
    /// </summary>
    public sealed class MarshalRules
    {
        private static readonly CodeField[] Layout27 =
        {
            CodeField.ArgCount, CodeField.NLocals, CodeField.StackSize, CodeField.Flags, CodeField.Code, CodeField.Consts,
            CodeField.Names, CodeField.VarNames, CodeField.FreeVars, CodeField.CellVars, CodeField.Filename, CodeField.Name,
            CodeField.FirstLineNo, CodeField.LnoTab,
        };

        private static readonly CodeField[] Layout30 =
        {
            CodeField.ArgCount, CodeField.KwOnlyArgCount, CodeField.NLocals, CodeField.StackSize, CodeField.Flags,
            CodeField.Code, CodeField.Consts, CodeField.Names, CodeField.VarNames, CodeField.FreeVars, CodeField.CellVars,
            CodeField.Filename, CodeField.Name, CodeField.FirstLineNo, CodeField.LnoTab,
        };

        private static readonly CodeField[] Layout38 =
        {
            CodeField.ArgCount, CodeField.PosOnlyArgCount, CodeField.KwOnlyArgCount, CodeField.NLocals, CodeField.StackSize,
            CodeField.Flags, CodeField.Code, CodeField.Consts, CodeField.Names, CodeField.VarNames, CodeField.FreeVars,
            CodeField.CellVars, CodeField.Filename, CodeField.Name, CodeField.FirstLineNo, CodeField.LnoTab,
        };

        // 3.10 writes its new line table (PEP 626) in the slot co_lnotab had.
        private static readonly CodeField[] Layout310 =
        {
            CodeField.ArgCount, CodeField.PosOnlyArgCount, CodeField.KwOnlyArgCount, CodeField.NLocals, CodeField.StackSize,
            CodeField.Flags, CodeField.Code, CodeField.Consts, CodeField.Names, CodeField.VarNames, CodeField.FreeVars,
            CodeField.CellVars, CodeField.Filename, CodeField.Name, CodeField.FirstLineNo, CodeField.LineTable,
        };

        private static readonly CodeField[] Layout311 =
        {
            CodeField.ArgCount, CodeField.PosOnlyArgCount, CodeField.KwOnlyArgCount, CodeField.StackSize, CodeField.Flags,
            CodeField.Code, CodeField.Consts, CodeField.Names, CodeField.LocalsPlusNames, CodeField.LocalsPlusKinds,
            CodeField.Filename, CodeField.Name, CodeField.QualName, CodeField.FirstLineNo, CodeField.LineTable,
            CodeField.ExceptionTable,
        };

        internal static MarshalRules Of(PyVersion v)
        {
            bool v34 = v >= new PyVersion(3, 4);
            var layout = v.Major == 2 ? Layout27
                : v < new PyVersion(3, 8) ? Layout30
                : v < new PyVersion(3, 10) ? Layout38
                : v < new PyVersion(3, 11) ? Layout310
                : Layout311;
            return new MarshalRules(v, py2: v.Major == 2, refs: v34, asciiForms: v34, slice: v >= new PyVersion(3, 14),
                frozenDict: v >= new PyVersion(3, 15), layout)
            {
                // 3.3 stopped writing 'I'; 3.4 and 3.5 do not read it either; 3.6 reads it again (r_object).
                ReadsInt64 = v < new PyVersion(3, 4) || v >= new PyVersion(3, 6),
                WritesInt64 = v < new PyVersion(3, 3),
            };
        }

        private MarshalRules(PyVersion version, bool py2, bool refs, bool asciiForms, bool slice, bool frozenDict, CodeField[] layout)
        {
            Version = version;
            Py2 = py2;
            Refs = refs;
            AsciiForms = asciiForms;
            Slice = slice;
            FrozenDict = frozenDict;
            CodeLayoutArray = layout;
            // A loop, not Array.IndexOf<CodeField>: ReadyToRun cannot precompile that instantiation.
            foreach (var f in layout)
                if (f == CodeField.LocalsPlusNames) HasLocalsPlus = true;
            // Object fields numbered in layout order (the int fields are -1), the slots of CodeObject's field objects.
            FieldSlots = new int[(int)CodeField.ExceptionTable + 1];
            for (int i = 0; i < FieldSlots.Length; i++) FieldSlots[i] = -1;
            foreach (var f in layout)
                if (!IsIntField(f)) FieldSlots[(int)f] = ObjectFieldCount++;
            if (ObjectFieldCount > MaxObjectFields) throw new System.InvalidOperationException($"{ObjectFieldCount} object fields in the code layout of {version}");
        }

        /// <summary>Whether the field is one of the ints written before and between the objects of a code object.</summary>
        internal static bool IsIntField(CodeField f) =>
            f == CodeField.ArgCount || f == CodeField.PosOnlyArgCount || f == CodeField.KwOnlyArgCount || f == CodeField.NLocals
            || f == CodeField.StackSize || f == CodeField.Flags || f == CodeField.FirstLineNo;

        /// <summary>By CodeField: the field's place among the layout's object fields, or -1 (an int field, or not in the layout).</summary>
        internal int[] FieldSlots { get; }

        /// <summary>Object fields in the layout (fields minus the ints).</summary>
        internal int ObjectFieldCount { get; }

        /// <summary>The most object fields of any layout: the slots a code object has for their marshalled objects.</summary>
        internal const int MaxObjectFields = 10;

        public PyVersion Version { get; }
        /// <summary>2.x: 's' is str, 't' an interned str added to the string list, 'R' a reference into it, 'l' a long.</summary>
        public bool Py2 { get; }
        /// <summary>Marshal v3 (3.4+): FLAG_REF (0x80) on the type code and 'r' back-references.</summary>
        public bool Refs { get; }
        /// <summary>Marshal v4 (3.4+): 'a'/'A' ascii, 'z'/'Z' short ascii, ')' small tuple.</summary>
        public bool AsciiForms { get; }
        /// <summary>Marshal v5 (3.14+): ':' slice.</summary>
        public bool Slice { get; }
        /// <summary>Marshal v6 (3.15+): '}' frozendict.</summary>
        public bool FrozenDict { get; }
        /// <summary>The fields of a code object in the order marshal writes them.</summary>
        public IReadOnlyList<CodeField> CodeLayout => CodeLayoutArray;
        internal CodeField[] CodeLayoutArray { get; }
        /// <summary>3.11+: code objects carry co_localsplusnames/kinds; co_varnames, co_cellvars, co_freevars and co_nlocals derive from them.</summary>
        public bool HasLocalsPlus { get; }

        /// <summary>
        /// Writer rule of 2.x and 3.0-3.2 (w_object): an int beyond 32 bits that fits in 64 is written as 'I';
        /// from 3.3 it is a 'l' long.
        /// </summary>
        public bool WritesInt64 { get; private set; }

        /// <summary>Whether r_object reads 'I' (a 64-bit int): not in 3.4 and 3.5, whose marshal dropped it until 3.6.</summary>
        public bool ReadsInt64 { get; private set; }

        /// <summary>The CPython attribute name of a code-object field (co_code, co_consts, …).</summary>
        public static string FieldName(CodeField f)
        {
            switch (f)
            {
                case CodeField.Code: return "co_code";
                case CodeField.Consts: return "co_consts";
                case CodeField.Names: return "co_names";
                case CodeField.VarNames: return "co_varnames";
                case CodeField.FreeVars: return "co_freevars";
                case CodeField.CellVars: return "co_cellvars";
                case CodeField.LocalsPlusNames: return "co_localsplusnames";
                case CodeField.LocalsPlusKinds: return "co_localspluskinds";
                case CodeField.Filename: return "co_filename";
                case CodeField.Name: return "co_name";
                case CodeField.QualName: return "co_qualname";
                case CodeField.LnoTab: return "co_lnotab";
                case CodeField.LineTable: return "co_linetable";
                case CodeField.ExceptionTable: return "co_exceptiontable";
                case CodeField.ArgCount: return "co_argcount";
                case CodeField.PosOnlyArgCount: return "co_posonlyargcount";
                case CodeField.KwOnlyArgCount: return "co_kwonlyargcount";
                case CodeField.NLocals: return "co_nlocals";
                case CodeField.StackSize: return "co_stacksize";
                case CodeField.Flags: return "co_flags";
                default: return "co_firstlineno";
            }
        }
    }
}
