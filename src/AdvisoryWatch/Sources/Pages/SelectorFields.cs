namespace AdvisoryWatch.Sources.Pages;

/// <summary>An HTML list's selectors as form fields (see <see cref="HtmlListDefinition"/>).</summary>
public sealed class SelectorFields
{
    public string Item { get; set => field = value ?? ""; } = "";

    public string Title { get; set => field = value ?? ""; } = "";

    public string Link { get; set => field = value ?? ""; } = "";

    public string Date { get; set => field = value ?? ""; } = "";

    public string DateFormat { get; set => field = value ?? ""; } = "";

    public string DateCulture { get; set => field = value ?? ""; } = "";

    public string Summary { get; set => field = value ?? ""; } = "";

    public string NextPage { get; set => field = value ?? ""; } = "";

    public string Exclude { get; set => field = value ?? ""; } = "";

    public HtmlListDefinition ToDefinition() => new()
    {
        Item = Item.Trim(),
        Title = SourceForm.Blank(Title),
        Link = SourceForm.Blank(Link),
        Date = SourceForm.Blank(Date),
        DateFormat = SourceForm.Blank(DateFormat),
        DateCulture = SourceForm.Blank(DateCulture),
        Summary = SourceForm.Blank(Summary),
        NextPage = SourceForm.Blank(NextPage),
        Exclude = SourceForm.Blank(Exclude),
    };

    public static SelectorFields From(HtmlListDefinition? d) => d is null ? new() : new()
    {
        Item = d.Item,
        Title = d.Title ?? "",
        Link = d.Link ?? "",
        Date = d.Date ?? "",
        DateFormat = d.DateFormat ?? "",
        DateCulture = d.DateCulture ?? "",
        Summary = d.Summary ?? "",
        NextPage = d.NextPage ?? "",
        Exclude = d.Exclude ?? "",
    };
}
