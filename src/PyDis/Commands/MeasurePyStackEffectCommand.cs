using System;
using System.Collections.Generic;
using System.Management.Automation;
using PyDis.Core;
using PyDis.Core.Flow;
using PyDis.Core.Hosting;
using PyDis.Core.Opcodes;
using PyDis.Core.Records;

namespace PyDis.Commands
{
    /// <summary>
    /// Measure-PyStackEffect: the stack-depth walk of compiled code (instruction rows and a per-code-object
    /// summary against co_stacksize), or dis.stack_effect of an opcode of any version (-OpName / -Opcode).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "PyStackEffect", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(PyStackEffect), typeof(PyStackDepth), ParameterSetName = new[] { PathSet, LiteralPathSet, InputObjectSet })]
    [OutputType(typeof(PyOpcodeStackEffect), ParameterSetName = new[] { OpNameSet, OpcodeSet })]
    public sealed class MeasurePyStackEffectCommand : PyCodeCommandBase
    {
        private const string OpNameSet = "OpName";
        private const string OpcodeSet = "Opcode";

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? Depth { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        public SwitchParameter Summary { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OpNameSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(OpNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] OpName { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = OpcodeSet)]
        [ValidateRange(0, 65535)]
        public int[] Opcode { get; set; } = Array.Empty<int>();

        [Parameter(ParameterSetName = OpNameSet)]
        [Parameter(ParameterSetName = OpcodeSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? Arg { get; set; }

        [Parameter(ParameterSetName = OpNameSet)]
        [Parameter(ParameterSetName = OpcodeSet)]
        public SwitchParameter Jump { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = OpNameSet)]
        [Parameter(Mandatory = true, ParameterSetName = OpcodeSet)]
        [ArgumentCompleter(typeof(PythonVersionCompleter))]
        public string PythonVersion { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == OpNameSet || ParameterSetName == OpcodeSet) AnswerDirectly();
            else base.ProcessRecord();
        }

        protected override void ProcessSource(PycInput source)
        {
            foreach (var record in Query.MeasureStackEffects(source, new StackEffectOptions { Depth = Depth, Summary = Summary }))
                WriteObject(record);
        }

        // dis.stack_effect(opcode, oparg, jump=...): -Jump is jump=True, -Jump:$false jump=False, absent jump=None.
        private void AnswerDirectly()
        {
            var version = ParseVersion(PythonVersion);
            bool? jump = MyInvocation.BoundParameters.ContainsKey(nameof(Jump)) ? Jump.IsPresent : (bool?)null;
            if (ParameterSetName == OpcodeSet)
            {
                foreach (int op in Opcode) Answer(version, null, op, jump, op);
                return;
            }
            StackEffectTable table;
            try { table = StackEffect.Table(version); }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(PyDisError.About(PyDisError.InvalidStackEffect, PyDisErrorCategory.NotImplemented, version.ToString(), e.Message, e,
                    $"Python {version}"));
                return;
            }
            foreach (var pattern in OpName)
            {
                if (!WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    Answer(version, pattern, null, jump, pattern);
                    continue;
                }
                var match = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
                foreach (int op in table.Opcodes)
                {
                    string? name = table.NameOf(op);
                    if (name is null || name.StartsWith("<", StringComparison.Ordinal) || !match.IsMatch(name)) continue;
                    // A pattern answers for the opcodes CPython answers for; the others are noted, not errors.
                    try { WriteObject(Query.StackEffectOf(version, name, null, Arg, jump)); }
                    catch (StackEffectException e) { WriteVerbose($"{name}: {e.Message}"); }
                }
            }
        }

        private void Answer(PyVersion version, string? name, int? opcode, bool? jump, object target)
        {
            try
            {
                WriteObject(Query.StackEffectOf(version, name, opcode, Arg, jump));
            }
            catch (StackEffectException e)
            {
                WriteError(PyDisError.StackEffectRefused(e, target));
            }
            catch (ArgumentException e) when (name != null && e.ParamName == "opName")
            {
                // dis.opmap[name] raises KeyError: the version has no opcode of this name.
                WriteError(PyDisError.NoSuchOpName(name, version, OpNameLookup.Nearest(version, name)));
            }
            catch (ArgumentException e)
            {
                WriteError(PyDisError.About(PyDisError.InvalidStackEffect, PyDisErrorCategory.InvalidArgument, target, e.Message.Split('(')[0].TrimEnd(), e,
                    $"Python {version} {(opcode is int op ? "opcode " + op : name)}"));
            }
        }
    }
}
