using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;
using AdvisoryWatch.Extraction.Html;
using AdvisoryWatch.Fetching;

namespace AdvisoryWatch.Sources;

/// <summary>The parser settings of one read: an HTML list's selectors or a watched page's.</summary>
public sealed record ParserSettings(HtmlListConfig? List, PageWatchConfig? Page, string? Error = null)
{
    /// <summary>The settings a source's primary (or fallback) URL is read with.</summary>
    public static ParserSettings ForSource(Source source, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(source);
        return fallback
            ? new ParserSettings(source.FallbackHtmlList, source.FallbackPageWatch ?? new PageWatchConfig())
            : new ParserSettings(source.HtmlList, source.PageWatch ?? new PageWatchConfig());
    }

    internal static ParserSettings For(SourceKind kind, Source? source, Parsing.SelectorOverrides overrides)
    {
        switch (kind)
        {
            case SourceKind.HtmlList:
                var list = source?.HtmlList ?? (source?.FallbackKind == SourceKind.HtmlList ? source.FallbackHtmlList : null);
                var item = overrides.Item ?? list?.Item;
                if (string.IsNullOrWhiteSpace(item))
                {
                    return new ParserSettings(null, null, "an html-list needs --item (the CSS selector of one item) or a --source with list settings");
                }

                return new ParserSettings(
                    new HtmlListConfig
                    {
                        Item = item,
                        Title = overrides.Title ?? list?.Title,
                        Link = overrides.Link ?? list?.Link,
                        Date = overrides.Date ?? list?.Date,
                        DateFormat = overrides.DateFormat ?? list?.DateFormat,
                        DateCulture = overrides.DateCulture ?? list?.DateCulture ?? source?.Language,
                        Summary = overrides.Summary ?? list?.Summary,
                        NextPage = overrides.NextPage ?? list?.NextPage,
                        Exclude = overrides.Exclude.Count > 0 ? string.Join(", ", overrides.Exclude) : list?.Exclude,
                    },
                    null);
            case SourceKind.Page:
                var page = source?.PageWatch ?? (source?.FallbackKind == SourceKind.Page ? source.FallbackPageWatch : null);
                return new ParserSettings(
                    null,
                    new PageWatchConfig
                    {
                        ContentSelector = overrides.Content ?? page?.ContentSelector,
                        ExcludeSelectors = overrides.Exclude.Count > 0 ? overrides.Exclude : page?.ExcludeSelectors ?? [],
                    });
            default:
                return new ParserSettings(null, null);
        }
    }
}

/// <summary>Runs the extraction engine for one source kind: feeds, HTML lists (with next pages) and watched pages.</summary>
public static class SourceExtractor
{
    public static async Task<ExtractionResult<ExtractedFeed>> ExtractAsync(
        SourceKind kind,
        ParserSettings settings,
        ReadOnlyMemory<byte> body,
        ExtractionContext context,
        IFetcher? fetcher,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        switch (kind)
        {
            case SourceKind.HtmlList:
                return await HtmlListExtractor.ExtractPagesAsync(body, settings.List!, context, LoadNextPage, cancellationToken);
            case SourceKind.Page:
                var page = PageExtractor.Extract(body, settings.Page ?? new PageWatchConfig(), context);
                if (!page.Succeeded)
                {
                    return ExtractionResult<ExtractedFeed>.Failure(page.Error.Code, page.Error.Message);
                }

                return ExtractionResult<ExtractedFeed>.Success(AsFeed(page.Value));
            default:
                return FeedParser.Parse(body, context);
        }

        async Task<ReadOnlyMemory<byte>?> LoadNextPage(Uri url, CancellationToken token)
        {
            if (fetcher is null)
            {
                return null;
            }

            return await fetcher.FetchAsync(new FetchRequest(url), token) is FetchOutcome.Content content ? content.Body : null;
        }
    }

    /// <summary>A watched page as a one-item list: its id is its URL, its summary its text.</summary>
    public static ExtractedFeed AsFeed(ExtractedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var item = new ExtractedItem(page.Url, page.Title, page.Url, null, null, page.Text, null, [], []) { Sha256 = page.Sha256, WrittenId = page.Url, WrittenLink = page.Url };
        return new ExtractedFeed("page", page.Title, page.Url, null, null, null, [item]);
    }
}
