using System;
using System.Collections.Generic;
using PyDis.Core.Decoding;
using PyDis.Core.Model;

namespace PyDis.Core.Records
{
    /// <summary>
    /// Qualified names for every release: co_qualname where the code object has one (3.11+); before, the name
    /// CPython's compiler would give it (compiler_set_qualname, 3.3+), derived from the nesting of code objects,
    /// so 2.7 and 3.0-3.10 records carry the same QualName a 3.11 build of the same source has:
    /// <list type="bullet">
    /// <item>the top-level code object is its co_name (&lt;module&gt;); what it contains directly, its bare name;</item>
    /// <item>below a function or lambda: the parent's qualified name, ".&lt;locals&gt;.", the name;</item>
    /// <item>below a class body or a comprehension: the parent's qualified name, ".", the name;</item>
    /// <item>a def or class whose (mangled) name the parent declares global: its bare name;</item>
    /// <item>a type parameter scope (3.12+, never met where this is needed) is seen through.</item>
    /// </list>
    /// The tests compare it with what the interpreters give (tests/PyDis.Core.Tests/Records/QualNamesTests.cs): 3.3-3.10's
    /// MAKE_FUNCTION qualname constants and class __qualname__ stores, 3.11+'s co_qualname.
    /// </summary>
    internal static class QualNames
    {
        private const int MaxDepth = 10000;

        /// <summary>co_qualname when the release has it, else <see cref="Derive"/>.</summary>
        public static string Of(CodeObject code) => code.QualName ?? Derive(code);

        /// <summary>The qualified name CPython's compiler gives <paramref name="code"/>, from its chain of parents.</summary>
        public static string Derive(CodeObject code)
        {
            if (code is null) throw new ArgumentNullException(nameof(code));
            // Up to the nearest code object derived already under its present parent (an edit gives the tree above new
            // parents): a walk goes parent first, so each derivation is one step and deep nesting costs no more.
            var chain = new List<CodeObject>();
            for (var c = code; c != null && chain.Count < MaxDepth; c = c.Parent)
            {
                if (c.DerivedQualName is { } known && ReferenceEquals(known.Parent, c.Parent)) break;
                chain.Add(c);
            }
            for (int i = chain.Count - 1; i >= 0; i--) chain[i].DerivedQualName = Step(chain[i]);
            return code.DerivedQualName!.QualName;
        }

        // compiler_set_qualname for one code object whose parent is derived (or which is the top).
        private static DerivedQualName Step(CodeObject c)
        {
            var parent = c.Parent;
            var up = parent?.DerivedQualName;
            if (parent is null || up is null) return new DerivedQualName(c.Name, null, parent);
            string? privateName = IsClassBody(c) ? c.Name : up.PrivateName;
            var scope = parent;
            if (IsTypeParams(parent))
            {
                // 3.12+: a type parameter scope is seen through; directly below the top it gives the bare name.
                var above = parent.Parent?.DerivedQualName;
                if (parent.Parent is null || above is null || parent.Parent.Parent is null) return new DerivedQualName(c.Name, privateName, parent);
                scope = parent.Parent;
                up = above;
            }
            bool bare = scope.Parent is null || (IsDefOrClass(c) && DeclaresGlobal(scope, Mangle(up.PrivateName, c.Name)));
            string qual = bare ? c.Name
                : IsFunctionScope(scope) ? up.QualName + ".<locals>." + c.Name
                : up.QualName + "." + c.Name;
            return new DerivedQualName(qual, privateName, parent);
        }

        // The annotation scope of a generic function, class or type alias (PEP 695), named by the compiler.
        private static bool IsTypeParams(CodeObject c) => c.Name.StartsWith("<generic parameters of ", StringComparison.Ordinal);

        private static bool IsComprehension(string name) =>
            name == "<listcomp>" || name == "<setcomp>" || name == "<dictcomp>" || name == "<genexpr>";

        // Functions, lambdas and comprehensions are CO_OPTIMIZED; class bodies and modules are not.
        private static bool IsOptimized(CodeObject c) => (c.Flags & CodeFlags.OPTIMIZED) != 0;

        // COMPILER_SCOPE_FUNCTION, ASYNC_FUNCTION or LAMBDA: what gets ".<locals>" after it.
        private static bool IsFunctionScope(CodeObject c) => IsOptimized(c) && !IsComprehension(c.Name);

        private static bool IsClassBody(CodeObject c) => !IsOptimized(c);

        // Only a def or a class can be forced global (not a lambda or a comprehension).
        private static bool IsDefOrClass(CodeObject c) => !IsOptimized(c) || (c.Name != "<lambda>" && !IsComprehension(c.Name));

        /// <summary>_Py_Mangle: __name inside class C is _C__name.</summary>
        private static string Mangle(string? privateName, string name)
        {
            if (privateName is null || !name.StartsWith("__", StringComparison.Ordinal) || name.EndsWith("__", StringComparison.Ordinal)
                || name.IndexOf('.') >= 0)
                return name;
            string stripped = privateName.TrimStart('_');
            return stripped.Length == 0 ? name : "_" + stripped + name;
        }

        /// <summary>Whether <paramref name="name"/> is declared global in <paramref name="scope"/> (GLOBAL_EXPLICIT).</summary>
        private static bool DeclaresGlobal(CodeObject scope, string name)
        {
            if (Array.IndexOf(scope.Names, name) < 0) return false;
            if (IsOptimized(scope))
            {
                // In a function a name the function binds is local, cell or free unless declared global; a def binds it.
                return Array.IndexOf(scope.VarNames, name) < 0 && Array.IndexOf(scope.CellVars, name) < 0
                    && Array.IndexOf(scope.FreeVars, name) < 0;
            }
            // A class body binds its names with STORE_NAME, a declared global with STORE_GLOBAL.
            int storeGlobal = scope.Release.Opcodes.GetOpcode("STORE_GLOBAL");
            if (storeGlobal < 0 || Array.IndexOf(scope.Code, (byte)storeGlobal) < 0) return false;
            try
            {
                foreach (var ins in CodeDecoder.Decode(scope))
                    if (ins.OpCode == storeGlobal && ins.ArgRepr == name) return true;
            }
            catch (PycFormatException)
            {
                // Undecodable bytecode declares nothing we can see.
            }
            return false;
        }
    }
}
