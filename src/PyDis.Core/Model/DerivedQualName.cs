namespace PyDis.Core.Model
{
    /// <summary>
    /// A code object's qualified name derived from its nesting (Records.QualNames, for releases without co_qualname),
    /// the class whose private names it mangles, and the parent it was derived under: one object, so a walk on another
    /// thread sees all three or none.
    /// </summary>
    internal sealed class DerivedQualName
    {
        public DerivedQualName(string qualName, string? privateName, CodeObject? parent)
        {
            QualName = qualName;
            PrivateName = privateName;
            Parent = parent;
        }

        public string QualName { get; }
        public string? PrivateName { get; }
        public CodeObject? Parent { get; }
    }
}
