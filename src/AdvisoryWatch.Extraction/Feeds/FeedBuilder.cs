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

    /// <summary>
    /// For an Atom entry without a <c>rel="alternate"</c> link: the first other usable link
    /// (enclosure, related, self), used when there is no alternate.
    /// </summary>
    public string? FallbackLink { get; set; }
}

/// <summary>Collects what a reader finds and turns it into the extraction model.</summary>
internal sealed class FeedBuilder(string format, ExtractionContext context, List<string> warnings)
{
    private const int DerivedSummaryLength = 500;

    private readonly List<ExtractedItem> _items = [];
    private bool _itemLimitWarned;
    private int _repairedItems;

    public string Format { get; set; } = format;

    public string? Title { get; set; }

    public TextKind TitleKind { get; set; }

    public string? Link { get; set; }

    public string? Description { get; set; }

    public TextKind DescriptionKind { get; set; }

    public string? Language { get; set; }

    public string? Updated { get; set; }

    public Uri? Base { get; set; }

    /// <summary>The feed's first usable non-alternate link, used when it has no alternate one.</summary>
    public string? FallbackLink { get; set; }

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
        var link = fields.Link ?? fields.FallbackLink;
        if (link is null && fields.Guid is { } guid && fields.GuidIsPermaLink && guid.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            link = guid;
        }

        List<string>? itemWarnings = null;
        var rawTitle = Repair(fields.Title, "title", ref itemWarnings);
        var rawSummary = Repair(fields.Summary, "summary", ref itemWarnings);
        var rawContent = Repair(string.IsNullOrWhiteSpace(fields.Content) ? null : fields.Content, "content", ref itemWarnings);
        if (itemWarnings is not null)
        {
            _repairedItems++;
        }

        var normalizedLink = link is null ? null : UrlNormalizer.Normalize(link, baseUri, context.UrlNormalization);
        var title = Decode(rawTitle, fields.TitleKind);
        var published = ParseDate(fields.Published);
        var updated = ParseDate(fields.Updated);
        var contentKind = fields.ContentKind;
        var summaryKind = fields.SummaryKind;

        // Plain text and sanitised HTML are derived when first read: a poll that sees mostly
        // known items needs them only for the few it stores.
        Func<string?> summary = rawSummary is not null
            ? () => Decode(rawSummary, summaryKind) ?? (rawContent is null ? null : Shorten(Decode(rawContent, contentKind)))
            : () => rawContent is null ? null : Shorten(Decode(rawContent, contentKind));
        Func<string?>? content = rawContent is null ? null : () => Sanitize(rawContent, contentKind, baseUri);

        var id = UrlNormalizer.Identity(fields.Guid, normalizedLink, title, fields.Published ?? fields.Updated);
        var authors = fields.Authors.Count > 0 ? fields.Authors : Authors;
        var origin = new ItemOrigin(fields.Guid, link is null ? null : AsWritten(link, baseUri), itemWarnings ?? (IReadOnlyList<string>)[]);
        _items.Add(ExtractedItem.Pending(id, title, normalizedLink, published, updated, [.. authors], [.. fields.Categories], summaryKind, contentKind, rawSummary, summary, rawContent, content, origin));
    }

    /// <summary>
    /// A link resolved against the document's own base when there is one; else as written. Unlike
    /// <see cref="UrlNormalizer.Normalize"/> nothing is dropped or rewritten.
    /// </summary>
    private static string AsWritten(string link, Uri? baseUri)
    {
        var trimmed = link.Trim();
        if (baseUri is { IsAbsoluteUri: true } && !IsAbsolute(trimmed) && Uri.TryCreate(baseUri, trimmed, out var resolved))
        {
            return resolved.ToString();
        }

        return trimmed;
    }

    // On Unix "/path" parses as an absolute file URI; in a feed it is a site-relative link.
    private static bool IsAbsolute(string link) => link.Length > 0 && link[0] != '/' && Uri.TryCreate(link, UriKind.Absolute, out _);

    private static string? Repair(string? raw, string field, ref List<string>? itemWarnings)
    {
        if (!DoubleEncodedUtf8.TryRepair(raw, out var repaired))
        {
            return raw;
        }

        (itemWarnings ??= []).Add($"double-encoded UTF-8 in the {field} repaired");
        return repaired;
    }

    public ExtractedFeed Build()
    {
        var baseUri = Base ?? context.DocumentUri;
        if (_repairedItems > 0)
        {
            warnings.Add($"double-encoded UTF-8 repaired in {_repairedItems} items");
        }

        List<string>? feedRepairs = null;
        var title = Repair(Title, "feed title", ref feedRepairs);
        var description = Repair(Description, "feed description", ref feedRepairs);
        warnings.AddRange(feedRepairs ?? []);
        var link = Link ?? FallbackLink;
        return new ExtractedFeed(
            Format,
            Decode(title, TitleKind),
            link is null ? null : AsWritten(link, baseUri),
            Decode(description, DescriptionKind),
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
