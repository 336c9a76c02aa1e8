using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace PyDis.Tests
{
    /// <summary>
    /// An attribute as written in the source, read from metadata. PowerShellStandard.Library is a reference
    /// assembly whose members are stubs (a CmdletAttribute instance reports VerbName null), so the tests
    /// read constructor and named arguments through CustomAttributeData instead of instantiating attributes.
    /// </summary>
    internal sealed class Attr
    {
        private readonly CustomAttributeData _data;

        private Attr(CustomAttributeData data) { _data = data; }

        public static IReadOnlyList<Attr> All<T>(MemberInfo member) =>
            member.GetCustomAttributesData().Where(a => a.AttributeType == typeof(T)).Select(a => new Attr(a)).ToList();

        public static Attr? One<T>(MemberInfo member) => All<T>(member).SingleOrDefault();

        public object? Arg(int index) => _data.ConstructorArguments[index].Value;

        /// <summary>Constructor arguments, with params arrays flattened.</summary>
        public IReadOnlyList<object?> Args =>
            _data.ConstructorArguments.SelectMany(a => a.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items
                ? items.Select(i => i.Value) : new[] { a.Value }).ToList();

        public T Named<T>(string name, T fallback)
        {
            foreach (var arg in _data.NamedArguments)
                if (arg.MemberName == name) return (T)arg.TypedValue.Value!;
            return fallback;
        }
    }
}
