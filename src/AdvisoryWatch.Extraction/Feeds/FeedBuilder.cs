using AdvisoryWatch.Extraction.Dates;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.Extraction.Urls;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>How a text field was marked up at the source.</summary>
internal enum TextKind
{
    /// <summary>RSS text: may hold HTML or escaped HTML.</summary>
    Html,

    /// <summary>Atom type="text": literal, never read as markup.</summary>
    Plain,
}

/// <summary>The raw fields of one item as read, before they are decoded, resolved and sanitised.</summary>
internal sealed class ItemFields
{
    public string? Guid { get; set; }

    public bool GuidIsPermaLink { get; set; } = true;

    public string? Title { get; set; }

    public TextKind TitleKind { get; set; }

    public string? Link { get; set; }

    public string? Published { get; set; }

    public string? Updated { get; set; }

    public string? Summary { get; set; }

    public TextKind SummaryKind { get; set; }

    public string? Content { get; set; }

    public TextKind ContentKind { get; set; }

    public List<string> Authors { get; } = [];

    public List<string> Categories { get; } = [];

    public Uri? Base { get; set; }
}

/// <summary>Collects what a reader finds and turns it into the extraction model.</summary>
internal sealed class FeedBuilder(string format, ExtractionContext context, List<string> warnings)
{
    private const int DerivedSummaryLength = 500;

    private readonly List<ExtractedItem> _items = [];
    private bool _itemLimitWarned;

    public string Format { get; set; } = format;

    public string? Title { get; set; }

    public TextKind TitleKind { get; set; }

    public string? Link { get; set; }

    public string? Description { get; set; }

    public TextKind DescriptionKind { get; set; }

    public string? Language { get; set; }

    public string? Updated { get; set; }

    public Uri? Base { get; set; }

    public List<string> Authors { get; } = [];

    public int ItemCount => _items.Count;

    public bool HasContent => _items.Count > 0 || Title is not null;

    public bool AcceptsItems
    {
        get
        {
            if (_items.Count < context.Limits.MaxItems)
            {
                return true;
            }

            if (!_itemLimitWarned)
            {
                warnings.Add($"more than {context.Limits.MaxItems} items; the rest were not read");
                _itemLimitWarned = true;
            }

            return false;
        }
    }

    public void Add(ItemFields fields)
    {
        var baseUri = fields.Base ?? Base ?? context.DocumentUri;
        var link = fields.Link;
        if (link is null && fields.Guid is { } guid && fields.GuidIsPermaLink && guid.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            link = guid;
        }

        var normalizedLink = link is null ? null : UrlNormalizer.Normalize(link, baseUri, context.UrlNormalization);
        var title = Decode(fields.Title, fields.TitleKind);
        var published = ParseDate(fields.Published);
        var updated = ParseDate(fields.Updated);
        var rawContent = string.IsNullOrWhiteSpace(fields.Content) ? null : fields.Content;
        var contentKind = fields.ContentKind;
        var rawSummary = fields.Summary;
        var summaryKind = fields.SummaryKind;

        // Plain text and sanitised HTML are derived when first read: a poll that sees mostly
        // known items needs them only for the few it stores.
        Func<string?> summary = rawSummary is not null
            ? () => Decode(rawSummary, summaryKind) ?? (rawContent is null ? null : Shorten(Decode(rawContent, contentKind)))
            : () => rawContent is null ? null : Shorten(Decode(rawContent, contentKind));
        Func<string?>? content = rawContent is null ? null : () => Sanitize(rawContent, contentKind, baseUri);

        var id = UrlNormalizer.Identity(fields.Guid, normalizedLink, title, fields.Published ?? fields.Updated);
        var authors = fields.Authors.Count > 0 ? fields.Authors : Authors;
        _items.Add(ExtractedItem.Pending(id, title, normalizedLink, published, updated, [.. authors], [.. fields.Categories], summaryKind, contentKind, rawSummary, summary, rawContent, content));
    }

    public ExtractedFeed Build()
    {
        var baseUri = Base ?? context.DocumentUri;
        return new ExtractedFeed(
            Format,
            Decode(Title, TitleKind),
            Link is null ? null : UrlNormalizer.Resolve(Link, baseUri)?.AbsoluteUri,
            Decode(Description, DescriptionKind),
            string.IsNullOrWhiteSpace(Language) ? null : Language.Trim(),
            ParseDate(Updated),
            _items)
        {
            Warnings = warnings,
        };
    }

    public static string? Decode(string? raw, TextKind kind)
    {
        if (raw is null)
        {
            return null;
        }

        var text = kind == TextKind.Plain ? HtmlSanitizer.CollapseWhitespace(raw) : HtmlSanitizer.ToPlainText(raw);
        return text.Length == 0 ? null : text;
    }

    private static string Sanitize(string raw, TextKind kind, Uri? baseUri) =>
        kind == TextKind.Plain ? HtmlSanitizer.Escape(raw.Trim()) : HtmlSanitizer.Sanitize(raw, baseUri);

    private static ParsedDate? ParseDate(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : FeedDates.Parse(raw);

    private static string? Shorten(string? text)
    {
        if (text is null || text.Length <= DerivedSummaryLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', DerivedSummaryLength);
        return string.Concat(text.AsSpan(0, cut > DerivedSummaryLength / 2 ? cut : DerivedSummaryLength), "…");
    }
}
