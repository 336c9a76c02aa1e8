using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace PyDis.HelpCompiler
{
    /// <summary>
    /// Writes command pages as MAML, the XML Get-Help reads for compiled cmdlets
    /// (&lt;ModuleBase&gt;/&lt;culture&gt;/&lt;Assembly&gt;.dll-Help.xml), in the element layout platyPS 0.14 emits.
    /// </summary>
    public static class MamlWriter
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

        public static XDocument Write(IEnumerable<CommandPage> pages) =>
            new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), pages.Select(CommandElement)));

        private static XElement CommandElement(CommandPage page) =>
            new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
                new XElement(Command + "details",
                    new XElement(Command + "name", page.Name),
                    new XElement(Command + "verb", page.Verb),
                    new XElement(Command + "noun", page.Noun),
                    Description(new[] { page.Synopsis })),
                Description(page.Description),
                new XElement(Command + "syntax", page.Syntax.Select(set => SyntaxItem(page, set))),
                new XElement(Command + "parameters", page.Parameters.Select(p => Parameter(p, p.Facts[0], inSyntax: false))),
                new XElement(Command + "inputTypes", page.Inputs.Select(t => TypeElement("inputType", t))),
                new XElement(Command + "returnValues", page.Outputs.Select(t => TypeElement("returnValue", t))),
                page.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page.Notes))),
                new XElement(Command + "examples", page.Examples.Select(Example)),
                new XElement(Command + "relatedLinks", page.RelatedLinks.Select(l =>
                    new XElement(Maml + "navigationLink",
                        new XElement(Maml + "linkText", l.Text),
                        new XElement(Maml + "uri", l.Uri ?? "")))));

        private static XElement SyntaxItem(CommandPage page, SyntaxSet set) =>
            new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", page.Name),
                set.Parameters.Select(name => page.Parameters.Single(p => p.Name == name))
                    .Select(p => Parameter(p, CommandPage.FactsIn(p, set.Name)!, inSyntax: true)));

        private static XElement Parameter(ParameterHelp p, ParameterFacts f, bool inSyntax)
        {
            var element = new XElement(Command + "parameter",
                new XAttribute("required", f.Required ? "true" : "false"),
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", f.Globbing ? "true" : "false"),
                new XAttribute("pipelineInput", f.PipelineInput),
                new XAttribute("position", f.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
                new XAttribute("aliases", f.Aliases.Count == 0 ? "none" : string.Join(", ", f.Aliases)),
                new XElement(Maml + "name", p.Name),
                Description(p.Description));
            if (f.AcceptedValues.Count > 0)
                element.Add(new XElement(Command + "parameterValueGroup", f.AcceptedValues.Select(v =>
                    new XElement(Command + "parameterValue", new XAttribute("required", "false"),
                        new XAttribute(Command + "variableLength", "false"), v))));
            // A switch takes no value: the syntax shows "[-Name]", not "[-Name <SwitchParameter>]".
            if (!(inSyntax && f.IsSwitch))
                element.Add(new XElement(Command + "parameterValue",
                    new XAttribute("required", f.IsSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), f.Type));
            element.Add(
                new XElement(Dev + "type", new XElement(Maml + "name", f.Type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", f.DefaultValue.Length == 0 ? "None" : f.DefaultValue));
            return element;
        }

        private static XElement TypeElement(string kind, TypeHelp t) =>
            new XElement(Command + kind,
                new XElement(Dev + "type", new XElement(Maml + "name", t.Name)),
                Description(t.Description));

        private static XElement Example(ExampleHelp e) =>
            new XElement(Command + "example",
                new XElement(Maml + "title", "-------------------------- " + e.Title + " --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", Paras(e.Remarks)));

        private static XElement Description(IEnumerable<string> paragraphs) =>
            new XElement(Maml + "description", Paras(paragraphs));

        private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
            paragraphs.Select(p => new XElement(Maml + "para", p));
    }
}
