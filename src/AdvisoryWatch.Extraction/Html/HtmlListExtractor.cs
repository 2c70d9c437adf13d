using AngleSharp.Dom;
using AdvisoryWatch.Extraction.Dates;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.Extraction.Urls;

namespace AdvisoryWatch.Extraction.Html;

/// <summary>One page of an HTML list, and the next page's URL when the config names one.</summary>
public sealed record HtmlListPage(ExtractedFeed Feed, Uri? NextPage);

/// <summary>Reads items from an authority's HTML list page with configured CSS selectors.</summary>
public static class HtmlListExtractor
{
    /// <summary>Reads one page within <see cref="ExtractionLimits.TimeBudget"/>.</summary>
    public static ExtractionResult<HtmlListPage> Extract(ReadOnlyMemory<byte> body, HtmlListConfig config, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        return ExtractionBudget.Run(context, budgeted => Read(body, config, budgeted));
    }

    private static ExtractionResult<HtmlListPage> Read(ReadOnlyMemory<byte> body, HtmlListConfig config, ExtractionContext context)
    {
        var parsed = HtmlDocuments.Parse(body, context);
        if (!parsed.Succeeded)
        {
            return ExtractionResult<HtmlListPage>.Failure(parsed.Error.Code, parsed.Error.Message);
        }

        using var document = parsed.Value;
        var baseUri = context.DocumentUri;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } declaredBase && UrlNormalizer.Resolve(declaredBase, baseUri) is { } resolvedBase)
        {
            baseUri = resolvedBase;
        }

        var selected = HtmlDocuments.Select(document, config.Item, "item");
        if (!selected.Succeeded)
        {
            return ExtractionResult<HtmlListPage>.Failure(selected.Error.Code, selected.Error.Message);
        }

        // Nothing matched is an error for the source, never "every item was removed".
        if (selected.Value.Count == 0)
        {
            return ExtractionResult<HtmlListPage>.Failure("selector-matched-nothing", $"the item selector '{config.Item}' matched nothing on the page");
        }

        var excluded = new HashSet<IElement>();
        if (!string.IsNullOrWhiteSpace(config.Exclude))
        {
            var exclude = HtmlDocuments.Select(document, config.Exclude, "exclude");
            if (!exclude.Succeeded)
            {
                return ExtractionResult<HtmlListPage>.Failure(exclude.Error.Code, exclude.Error.Message);
            }

            excluded.UnionWith(exclude.Value);
        }

        var warnings = new List<string>();
        var items = new List<ExtractedItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in selected.Value)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (items.Count >= context.Limits.MaxItems)
            {
                warnings.Add($"more than {context.Limits.MaxItems} items; the rest were not read");
                break;
            }

            if (excluded.Contains(element) || excluded.Any(e => e.Contains(element)))
            {
                continue;
            }

            if (ReadItem(element, config, baseUri, context) is { } item && seen.Add(item.Id))
            {
                items.Add(item);
            }
        }

        if (items.Count == 0)
        {
            return ExtractionResult<HtmlListPage>.Failure("selector-matched-nothing", $"the item selector '{config.Item}' matched {selected.Value.Count} elements, but none had a link or a title");
        }

        Uri? next = null;
        if (HtmlDocuments.SelectFirst(document, config.NextPage) is { } nextElement
            && (nextElement.GetAttribute("href") ?? nextElement.QuerySelector("a[href]")?.GetAttribute("href")) is { } nextHref)
        {
            next = UrlNormalizer.Resolve(nextHref, baseUri);
        }

        var title = HtmlSanitizer.CollapseWhitespace(document.Title ?? string.Empty);
        var feed = new ExtractedFeed("html-list", title.Length == 0 ? null : title, context.DocumentUri?.AbsoluteUri, null, document.DocumentElement.GetAttribute("lang"), null, items)
        {
            Warnings = warnings,
        };
        return ExtractionResult<HtmlListPage>.Success(new HtmlListPage(feed, next));
    }

    /// <summary>
    /// Reads a list and follows its next-page links, at most <see cref="ExtractionLimits.MaxPages"/>
    /// pages, stopping at a page seen before.
    /// </summary>
    public static async Task<ExtractionResult<ExtractedFeed>> ExtractPagesAsync(
        ReadOnlyMemory<byte> firstPage,
        HtmlListConfig config,
        ExtractionContext context,
        Func<Uri, CancellationToken, Task<ReadOnlyMemory<byte>?>> loadPage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadPage);
        var first = Extract(firstPage, config, context);
        if (!first.Succeeded)
        {
            return ExtractionResult<ExtractedFeed>.Failure(first.Error.Code, first.Error.Message);
        }

        var items = new List<ExtractedItem>(first.Value.Feed.Items);
        var ids = new HashSet<string>(items.Select(i => i.Id), StringComparer.Ordinal);
        var warnings = new List<string>(first.Value.Feed.Warnings);
        var visited = new HashSet<string>(StringComparer.Ordinal) { context.DocumentUri?.AbsoluteUri ?? string.Empty };
        var next = first.Value.NextPage;
        var pages = 1;
        while (next is not null && pages < context.Limits.MaxPages && visited.Add(next.AbsoluteUri))
        {
            var body = await loadPage(next, cancellationToken);
            if (body is null)
            {
                warnings.Add($"page {pages + 1} ({next}) could not be read; the list stops there");
                break;
            }

            var page = Extract(body.Value, config, context with { DocumentUri = next });
            if (!page.Succeeded)
            {
                warnings.Add($"page {pages + 1} ({next}): {page.Error.Message}");
                break;
            }

            pages++;
            items.AddRange(page.Value.Feed.Items.Where(i => ids.Add(i.Id)));
            next = page.Value.NextPage;
        }

        if (next is not null && pages >= context.Limits.MaxPages)
        {
            warnings.Add($"stopped after {pages} pages");
        }

        return ExtractionResult<ExtractedFeed>.Success(first.Value.Feed with { Items = items, Warnings = warnings, PagesRead = pages });
    }

    private static ExtractedItem? ReadItem(IElement element, HtmlListConfig config, Uri? baseUri, ExtractionContext context)
    {
        var linkElement = string.IsNullOrWhiteSpace(config.Link)
            ? (element.LocalName == "a" && element.HasAttribute("href") ? element : element.QuerySelector("a[href]"))
            : HtmlDocuments.SelectFirst(element, config.Link) ?? (element.Matches(config.Link) ? element : null);
        var href = linkElement?.GetAttribute("href");
        var link = href is null ? null : UrlNormalizer.Normalize(href, baseUri, context.UrlNormalization);

        var titleElement = string.IsNullOrWhiteSpace(config.Title) ? linkElement : HtmlDocuments.SelectFirst(element, config.Title);
        var title = titleElement is null ? null : NonEmpty(HtmlSanitizer.CollapseWhitespace(HtmlSanitizer.TextOf(titleElement, keepLines: false)));

        ParsedDate? date = null;
        if (HtmlDocuments.SelectFirst(element, config.Date) is { } dateElement)
        {
            var raw = dateElement.GetAttribute("datetime") ?? HtmlSanitizer.CollapseWhitespace(dateElement.TextContent);
            date = FeedDates.Parse(raw, config.DateCulture, config.DateFormat);
        }

        var summaryElement = HtmlDocuments.SelectFirst(element, config.Summary);
        var summary = summaryElement is null ? null : NonEmpty(HtmlSanitizer.CollapseWhitespace(HtmlSanitizer.TextOf(summaryElement, keepLines: false)));
        if (link is null && title is null)
        {
            return null;
        }

        var id = UrlNormalizer.Identity(null, link, title, date?.Raw);
        return new ExtractedItem(id, title, link, date, null, summary, null, [], []) { WrittenLink = link };
    }

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;
}
