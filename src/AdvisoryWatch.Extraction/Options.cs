namespace AdvisoryWatch.Extraction;

/// <summary>Hard caps that bound the work one hostile document can cause.</summary>
public sealed record ExtractionLimits
{
    public static ExtractionLimits Default { get; } = new();

    /// <summary>Largest document accepted, in bytes (after decompression).</summary>
    public long MaxDocumentBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// Deepest element nesting read before the document is refused (<c>too-deep</c>). HTML is
    /// measured before it is parsed: a parser's work grows with the square of the depth.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// Longest one document may take to read; beyond it the reading is abandoned with
    /// <c>over-budget</c>. <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items kept from one document; the rest are dropped with a warning.</summary>
    public int MaxItems { get; init; } = 5_000;

    /// <summary>Longest text kept for one field, in characters; longer text is cut with a warning.</summary>
    public int MaxTextLength { get; init; } = 1_000_000;

    /// <summary>Pages followed through a next-page link in an HTML list.</summary>
    public int MaxPages { get; init; } = 5;
}

/// <summary>How links are normalised before they become identities.</summary>
public sealed record UrlNormalizationOptions
{
    public static UrlNormalizationOptions Default { get; } = new();

    /// <summary>Query parameters dropped when their name starts with one of these (case-insensitive).</summary>
    public IReadOnlyList<string> StripQueryPrefixes { get; init; } = ["utm_", "mtm_", "pk_"];

    /// <summary>Query parameters dropped by exact name (case-insensitive).</summary>
    public IReadOnlyList<string> StripQueryNames { get; init; } = ["fbclid", "gclid", "mc_cid", "mc_eid"];
}

/// <summary>Everything a parser needs to know about where a document came from.</summary>
/// <param name="DocumentUri">The URL the document was read from (after redirects), for resolving relative links.</param>
/// <param name="HttpCharset">The charset parameter of the HTTP Content-Type, if any.</param>
public sealed record ExtractionContext(Uri? DocumentUri = null, string? HttpCharset = null)
{
    public ExtractionLimits Limits { get; init; } = ExtractionLimits.Default;

    /// <summary>
    /// The caller giving up (shutdown, a request abandoned): reading stops with an
    /// <see cref="OperationCanceledException"/>, unlike a spent <see cref="ExtractionLimits.TimeBudget"/>,
    /// which is a typed failure.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    public UrlNormalizationOptions UrlNormalization { get; init; } = UrlNormalizationOptions.Default;
}

/// <summary>The CSS selectors that read an HTML list page into items.</summary>
public sealed record HtmlListConfig
{
    /// <summary>Selects each item's element. Required.</summary>
    public required string Item { get; init; }

    /// <summary>Within the item; defaults to the item's first <c>a[href]</c> text.</summary>
    public string? Title { get; init; }

    /// <summary>Within the item; defaults to the first <c>a[href]</c>.</summary>
    public string? Link { get; init; }

    /// <summary>Within the item; a <c>time[datetime]</c> is read from its attribute.</summary>
    public string? Date { get; init; }

    /// <summary>.NET custom format(s) for the date text, e.g. <c>d MMMM yyyy</c>; null for lenient parsing.</summary>
    public string? DateFormat { get; init; }

    /// <summary>Culture of the date text: <c>nb</c>, <c>sv</c>, <c>da</c>, <c>fi</c>, <c>en</c>...</summary>
    public string? DateCulture { get; init; }

    public string? Summary { get; init; }

    /// <summary>Selects the link to the next page; followed at most <see cref="ExtractionLimits.MaxPages"/> times.</summary>
    public string? NextPage { get; init; }

    /// <summary>Items matching this selector are skipped.</summary>
    public string? Exclude { get; init; }
}

/// <summary>How a watched page is reduced to the text whose changes matter.</summary>
public sealed record PageWatchConfig
{
    /// <summary>Selects the content; null tries <c>main</c>, <c>article</c>, <c>[role=main]</c>, then <c>body</c>.</summary>
    public string? ContentSelector { get; init; }

    /// <summary>Removed before the text is taken, e.g. a "last updated" stamp or a cookie banner.</summary>
    public IReadOnlyList<string> ExcludeSelectors { get; init; } = [];
}
