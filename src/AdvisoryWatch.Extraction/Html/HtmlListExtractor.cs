namespace AdvisoryWatch.Extraction.Html;

/// <summary>One page of an HTML list, and the next page's URL when the config names one.</summary>
public sealed record HtmlListPage(ExtractedFeed Feed, Uri? NextPage);

/// <summary>Reads items from an authority's HTML list page with configured CSS selectors.</summary>
public static class HtmlListExtractor
{
    public static ExtractionResult<HtmlListPage> Extract(ReadOnlyMemory<byte> body, HtmlListConfig config, ExtractionContext context)
    {
        throw new NotImplementedException("html list: being written");
    }
}
