using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PyDis.HelpCompiler
{
    /// <summary>A cmdlet class of the module: its name, HelpUri and bindable parameters.</summary>
    public sealed record CmdletDeclaration(string ClassName, string Name, string? HelpUri, IReadOnlyList<string> Parameters);

    /// <summary>
    /// Reads the [Cmdlet] classes of a module assembly and their [Parameter] properties (inherited ones
    /// included) from its metadata, without loading it: the build tool needs no PowerShell.
    /// </summary>
    public static class ModuleCmdlets
    {
        private const string Sma = "System.Management.Automation";

        public static IReadOnlyList<CmdletDeclaration> Read(string assemblyPath)
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            var result = new List<CmdletDeclaration>();
            foreach (var handle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(handle);
                var visibility = type.Attributes & TypeAttributes.VisibilityMask;
                if (visibility != TypeAttributes.Public || (type.Attributes & TypeAttributes.Abstract) != 0) continue;
                var cmdlet = type.GetCustomAttributes().Where(h => IsAttribute(md, md.GetCustomAttribute(h), "CmdletAttribute")).ToList();
                if (cmdlet.Count == 0) continue;
                var value = md.GetCustomAttribute(cmdlet[0]).DecodeValue(new TypeNames());
                string verb = (string)value.FixedArguments[0].Value!;
                string noun = (string)value.FixedArguments[1].Value!;
                string? helpUri = value.NamedArguments.Where(n => n.Name == "HelpUri").Select(n => (string?)n.Value).FirstOrDefault();
                bool shouldProcess = value.NamedArguments.Any(n => n.Name == "SupportsShouldProcess" && n.Value is bool b && b);
                // SupportsShouldProcess gives the cmdlet -WhatIf and -Confirm, which platyPS documents like its own.
                var parameters = Parameters(md, handle).Concat(shouldProcess ? new[] { "WhatIf", "Confirm" } : Array.Empty<string>());
                result.Add(new CmdletDeclaration(md.GetString(type.Name), verb + "-" + noun,
                    string.IsNullOrEmpty(helpUri) ? null : helpUri, parameters.Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList()));
            }
            return result.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>Public properties with a [Parameter] attribute, of the type and its base types in this assembly.</summary>
        private static IEnumerable<string> Parameters(MetadataReader md, TypeDefinitionHandle handle)
        {
            while (true)
            {
                var type = md.GetTypeDefinition(handle);
                foreach (var ph in type.GetProperties())
                {
                    var p = md.GetPropertyDefinition(ph);
                    var getter = p.GetAccessors().Getter;
                    if (getter.IsNil || (md.GetMethodDefinition(getter).Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public) continue;
                    if (p.GetCustomAttributes().Select(md.GetCustomAttribute).Any(a => IsAttribute(md, a, "ParameterAttribute")))
                        yield return md.GetString(p.Name);
                }
                // Base classes in other assemblies (PSCmdlet, Cmdlet) declare no parameters of ours.
                if (type.BaseType.Kind != HandleKind.TypeDefinition) yield break;
                handle = (TypeDefinitionHandle)type.BaseType;
            }
        }

        private static bool IsAttribute(MetadataReader md, CustomAttribute a, string name)
        {
            if (a.Constructor.Kind != HandleKind.MemberReference) return false;
            var parent = md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) return false;
            var t = md.GetTypeReference((TypeReferenceHandle)parent);
            return md.GetString(t.Name) == name && md.GetString(t.Namespace) == Sma;
        }

        /// <summary>Enough of a type provider to decode attribute arguments; types are only named, never resolved.</summary>
        private sealed class TypeNames : ICustomAttributeTypeProvider<string>
        {
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
            public string GetSystemType() => "System.Type";
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
            public string GetTypeFromSerializedName(string name) => name;
            // Every enum an attribute of System.Management.Automation takes (ConfirmImpact, …) is an int.
            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
            public bool IsSystemType(string type) => type == "System.Type";
        }
    }
}
