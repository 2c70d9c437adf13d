using System.Globalization;

namespace AdvisoryWatch.Sources.Pages;

/// <summary>
/// A source definition as the add/edit form posts it: flat fields, lists one entry per line. It is
/// turned into a <see cref="SourceDefinition"/> and validated and saved by the code the import uses.
/// </summary>
public sealed class SourceForm
{
    public string Id { get; set => field = value ?? ""; } = "";

    public string Name { get; set => field = value ?? ""; } = "";

    public string Authority { get; set => field = value ?? ""; } = "";

    public string Country { get; set => field = value ?? ""; } = "";

    public string Language { get; set => field = value ?? ""; } = "en";

    public string Kind { get; set => field = value ?? ""; } = "feed";

    /// <summary>Empty: derived from the kind.</summary>
    public string ItemKind { get; set => field = value ?? ""; } = "";

    public string Url { get; set => field = value ?? ""; } = "";

    public string Website { get; set => field = value ?? ""; } = "";

    public SelectorFields List { get; set => field = value ?? new(); } = new();

    /// <summary>A watched page's content selector (empty: main, article, body).</summary>
    public string PageContent { get; set => field = value ?? ""; } = "";

    /// <summary>A watched page's parts left out, one selector per line.</summary>
    public string PageExclude { get; set => field = value ?? ""; } = "";

    /// <summary>Empty: no fallback.</summary>
    public string FallbackKind { get; set => field = value ?? ""; } = "";

    public string FallbackUrl { get; set => field = value ?? ""; } = "";

    public SelectorFields FallbackList { get; set => field = value ?? new(); } = new();

    public string DiscoverFrom { get; set => field = value ?? ""; } = "";

    /// <summary>Topics, comma-separated.</summary>
    public string Topics { get; set => field = value ?? ""; } = "";

    /// <summary>Query-parameter prefixes, comma-separated.</summary>
    public string StripQueryPrefixes { get; set => field = value ?? ""; } = "";

    /// <summary>Minutes, or a duration such as 1h30m.</summary>
    public string Interval { get; set => field = value ?? ""; } = "60";

    public int StaleAfterDays { get; set; } = 60;

    public bool Enabled { get; set; } = true;

    public bool Verify { get; set; }

    public string Notes { get; set => field = value ?? ""; } = "";

    /// <summary>The definition, and the problem with the interval text when it is not a duration.</summary>
    public SourceDefinition ToDefinition(out SourceProblem? intervalProblem)
    {
        var minutes = PollInterval.Parse(Interval, out var problem);
        intervalProblem = problem is null ? null : new SourceProblem(nameof(Interval), problem);
        var page = Lines(PageExclude);
        return new SourceDefinition
        {
            Id = Id.Trim(),
            Name = Name.Trim(),
            Authority = Authority.Trim(),
            Country = Country.Trim().ToUpperInvariant(),
            Language = Language.Trim(),
            Kind = Kind,
            ItemKind = Blank(ItemKind),
            Url = Url.Trim(),
            Website = Blank(Website),
            HtmlList = Kind == "html-list" ? List.ToDefinition() : null,
            Page = Kind == "page" && (Blank(PageContent) is not null || page.Count > 0) ? new PageDefinition { Content = Blank(PageContent), Exclude = page } : null,
            Fallback = Blank(FallbackKind) is { } fallbackKind
                ? new FallbackDefinition { Kind = fallbackKind, Url = FallbackUrl.Trim(), HtmlList = fallbackKind == "html-list" ? FallbackList.ToDefinition() : null }
                : null,
            DiscoverFrom = Blank(DiscoverFrom),
            Topics = Commas(Topics),
            StripQueryPrefixes = Commas(StripQueryPrefixes),
            Interval = minutes ?? PollInterval.MinimumMinutes,
            StaleAfterDays = StaleAfterDays,
            Enabled = Enabled,
            Verify = Verify,
            Notes = Blank(Notes),
        };
    }

    public static SourceForm From(SourceDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new SourceForm
        {
            Id = d.Id,
            Name = d.Name,
            Authority = d.Authority,
            Country = d.Country,
            Language = d.Language,
            Kind = d.Kind,
            ItemKind = d.ItemKind ?? "",
            Url = d.Url,
            Website = d.Website ?? "",
            List = SelectorFields.From(d.HtmlList),
            PageContent = d.Page?.Content ?? "",
            PageExclude = string.Join('\n', d.Page?.Exclude ?? []),
            FallbackKind = d.Fallback?.Kind ?? "",
            FallbackUrl = d.Fallback?.Url ?? "",
            FallbackList = SelectorFields.From(d.Fallback?.HtmlList),
            DiscoverFrom = d.DiscoverFrom ?? "",
            Topics = string.Join(", ", d.Topics),
            StripQueryPrefixes = string.Join(", ", d.StripQueryPrefixes),
            Interval = d.Interval.ToString(CultureInfo.InvariantCulture),
            StaleAfterDays = d.StaleAfterDays,
            Enabled = d.Enabled,
            Verify = d.Verify,
            Notes = d.Notes ?? "",
        };
    }

    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string> Commas(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
