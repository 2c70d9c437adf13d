namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1, leniently and within limits.</summary>
public static class FeedParser
{
    public static ExtractionResult<ExtractedFeed> Parse(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        throw new NotImplementedException("feed parser: being written");
    }
}
