namespace AdvisoryWatch.Extraction.Html;

/// <summary>
/// Finds the feeds a hub page announces with <c>&lt;link rel="alternate"&gt;</c>, for authorities
/// that move their feed URL but keep the page that links to it.
/// </summary>
public static class FeedDiscovery
{
    private static readonly string[] FeedTypes =
        ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json", "application/rdf+xml", "text/xml", "application/xml"];

    /// <summary>Absolute feed URLs in document order (RSS and Atom before JSON); empty when none.</summary>
    public static ExtractionResult<IReadOnlyList<Uri>> Discover(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExtractionBudget.Run(context, budgeted => Read(body, budgeted));
    }

    private static ExtractionResult<IReadOnlyList<Uri>> Read(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        var parsed = HtmlDocuments.Parse(body, context);
        if (!parsed.Succeeded)
        {
            return ExtractionResult<IReadOnlyList<Uri>>.Failure(parsed.Error.Code, parsed.Error.Message);
        }

        using var document = parsed.Value;
        var found = new List<(int Rank, Uri Url)>();
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = link.GetAttribute("rel") ?? string.Empty;
            if (!rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("alternate", StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var type = (link.GetAttribute("type") ?? string.Empty).Trim().ToLowerInvariant();
            var rank = Array.IndexOf(FeedTypes, type);
            if (rank < 0)
            {
                continue;
            }

            var baseUri = document.BaseUrl?.Href is { } b && Uri.TryCreate(b, UriKind.Absolute, out var bu) && bu.Scheme.StartsWith("http", StringComparison.Ordinal) ? bu : context.DocumentUri;
            if (Urls.UrlNormalizer.Resolve(link.GetAttribute("href")!, baseUri) is { } url)
            {
                found.Add((rank, url));
            }
        }

        return ExtractionResult<IReadOnlyList<Uri>>.Success(found.OrderBy(f => f.Rank).Select(f => f.Url).Distinct().ToList());
    }
}
