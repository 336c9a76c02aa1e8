using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PyDis.Tests.Module
{
    /// <summary>Naming, verbs, output types and parameter shapes of every cmdlet, by reflection.</summary>
    public class CmdletConventionTests
    {
        // (Get-Verb).Verb of PowerShell 7.6.9, all 100 approved verbs (learn.microsoft.com "Approved Verbs for PowerShell Commands").
        private static readonly HashSet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
            "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set",
            "Show", "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
            "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
            "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
            "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
            "Unpublish", "Update",
            "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
            "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke",
            "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
            "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
            "Use",
        };

        public static IEnumerable<object[]> CmdletTypes() => Repo.Cmdlets().Select(c => new object[] { c.Type.Name });


        [Fact]
        public void TheModuleHasTheNineCmdletsOfIssue5TheTwoOfIssue11AndTheThreeWritersOfIssue12()
        {
            var names = Repo.Cmdlets().Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(new[]
            {
                "ConvertFrom-PyBytecode", "ConvertTo-PyBytecode", "Edit-PyCodeObject", "Export-PyPyc", "Get-PyBasicBlock",
                "Get-PyCodeObject", "Get-PyConstant", "Get-PyExceptionTable", "Get-PyInstruction", "Get-PyLineStart", "Get-PyOpcode",
                "Get-PyPycInfo", "Measure-PyStackEffect", "Show-PyCode",
            }, names);
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void ClassIsNamedVerbNounCommandInPyDisCommands(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            Assert.Equal(c.Verb + c.Noun + "Command", c.Type.Name);
            Assert.Equal("PyDis.Commands", c.Type.Namespace);
            Assert.True(c.Type.IsSealed, "cmdlet classes are sealed");
            Assert.StartsWith("Py", c.Noun);
        }

        [Fact]
        public void TheApprovedListIsComplete() => Assert.Equal(100, ApprovedVerbs.Count);

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void VerbIsApproved(string typeName) => Assert.Contains(Repo.Cmdlet(typeName).Verb, ApprovedVerbs);

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void DeclaresOutputTypeAndShouldProcessOnlyWhenItWritesFiles(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            var outputs = Attr.All<OutputTypeAttribute>(c.Type).SelectMany(o => o.Args).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.IsAssignableFrom<Type>(o));
            // Only Export-PyPyc changes anything outside the pipeline (a file); the others, Edit-PyCodeObject included, return new objects.
            Assert.Equal(c.Verb == "Export", c.SupportsShouldProcess);
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void IsListedInCmdletsToExport(string typeName) =>
            Assert.Contains(Repo.Cmdlet(typeName).Name, Repo.ManifestList("CmdletsToExport"));

        [Fact]
        public void CmdletsToExportNamesOnlyRealCmdletsOnce()
        {
            var exported = Repo.ManifestList("CmdletsToExport");
            Assert.Equal(exported.Distinct().Count(), exported.Count);
            var real = Repo.Cmdlets().Select(c => c.Name).ToList();
            Assert.All(exported, e => Assert.Contains(e, real));
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void ParametersArePascalCaseSingularAndNotReserved(string typeName)
        {
            var reserved = new[] { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable",
                "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm" };
            foreach (var p in Repo.Parameters(Repo.Cmdlet(typeName).Type))
            {
                Assert.True(char.IsUpper(p.Name[0]), p.Name);
                Assert.DoesNotContain(p.Name, reserved);
                Assert.NotEqual(typeof(bool), p.PropertyType);
            }
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void FileReadersFollowTheGetFileHashPathPattern(string typeName)
        {
            var c = Repo.Cmdlet(typeName);
            if (!typeof(PyFileCommandBase).IsAssignableFrom(c.Type))
            {
                Assert.Null(c.Type.GetProperty("LiteralPath"));
                return;
            }

            var path = c.Type.GetProperty("Path")!;
            var pathAttr = Repo.ParameterAttributes(path).Single();
            Assert.True(pathAttr.Mandatory && pathAttr.Position == 0 && pathAttr.ValueFromPipeline && pathAttr.ValueFromPipelineByPropertyName);
            Assert.Equal("Path", pathAttr.ParameterSetName);
            Assert.NotNull(Attr.One<SupportsWildcardsAttribute>(path));

            var literal = c.Type.GetProperty("LiteralPath")!;
            var litAttr = Repo.ParameterAttributes(literal).Single();
            Assert.True(litAttr.Mandatory && litAttr.ValueFromPipelineByPropertyName);
            Assert.False(litAttr.ValueFromPipeline, "LiteralPath binds FileInfo by its PSPath property, never by value");
            Assert.Equal("LiteralPath", litAttr.ParameterSetName);
            Assert.Equal(new object?[] { "PSPath", "LP" }, Attr.One<AliasAttribute>(literal)!.Args);
            Assert.Equal("Path", c.DefaultParameterSetName);
        }

        [Theory]
        [MemberData(nameof(CmdletTypes))]
        public void AtMostOneValueFromPipelineParameterPerSet(string typeName)
        {
            var bySet = Repo.Parameters(Repo.Cmdlet(typeName).Type)
                .SelectMany(p => Repo.ParameterAttributes(p).Where(a => a.ValueFromPipeline).Select(a => a.ParameterSetName))
                .GroupBy(s => s);
            Assert.All(bySet, g => Assert.Single(g));
        }

        [Fact]
        public void CodeObjectInputIsTypedNarrowly()
        {
            // A PSObject/object InputObject would swallow FileInfo before PSPath binds to -LiteralPath.
            var p = typeof(PyCodeCommandBase).GetProperty("InputObject")!;
            Assert.Equal(typeof(PyDis.Core.Records.PyCodeObject[]), p.PropertyType);
        }

        [Fact]
        public void OpNameParametersHaveTheOpcodeCompleter()
        {
            var withOpName = Repo.Cmdlets().Select(c => c.Type.GetProperty("OpName")).Where(p => p != null).ToList();
            Assert.NotEmpty(withOpName);
            foreach (var p in withOpName)
            {
                Assert.Equal(typeof(OpNameCompleter), Attr.One<ArgumentCompleterAttribute>(p!)!.Arg(0));
                Assert.NotNull(Attr.One<SupportsWildcardsAttribute>(p!));
            }
        }

        [Fact]
        public void ErrorCategoriesOfTheEngineAreRealErrorCategories()
        {
            foreach (var name in Enum.GetNames(typeof(PyDis.Core.Hosting.PyDisErrorCategory)))
                Assert.True(Enum.IsDefined(typeof(ErrorCategory), name), name);
        }
    }
}
