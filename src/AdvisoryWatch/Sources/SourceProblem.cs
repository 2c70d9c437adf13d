namespace AdvisoryWatch.Sources;

/// <summary>One problem with a source definition, and the field it is about (for a form to show it next to that field).</summary>
/// <param name="Field">
/// <c>Id</c>, <c>Name</c>, <c>Kind</c>, <c>ItemKind</c>, <c>Url</c>, <c>ListItem</c>, <c>FallbackKind</c>,
/// <c>FallbackUrl</c>, <c>FallbackListItem</c>, <c>DiscoverFrom</c>, <c>Language</c>, <c>Interval</c> or <c>StaleAfterDays</c>.
/// </param>
/// <param name="Message">The problem in English, without the source's id.</param>
public sealed record SourceProblem(string Field, string Message)
{
    /// <summary>The fields without which nothing can be fetched or read.</summary>
    public bool BlocksReading => Field is "Kind" or "Url" or "ListItem" or "FallbackKind" or "FallbackUrl" or "FallbackListItem";
}
