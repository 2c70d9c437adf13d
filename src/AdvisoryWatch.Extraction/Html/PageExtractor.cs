namespace AdvisoryWatch.Extraction.Html;

/// <summary>Reduces a watched page to normalised main text and its SHA-256.</summary>
public static class PageExtractor
{
    public static ExtractionResult<ExtractedPage> Extract(ReadOnlyMemory<byte> body, PageWatchConfig config, ExtractionContext context)
    {
        throw new NotImplementedException("page watch: being written");
    }
}
