namespace AdvisoryWatch.Extraction.Dates;

/// <summary>Reads the dates feeds and authority pages write, into UTC, keeping the raw text.</summary>
public static class FeedDates
{
    /// <param name="raw">The date as written.</param>
    /// <param name="culture">Language of month names in page dates (nb, sv, da, fi, en); null tries all.</param>
    /// <param name="format">An explicit .NET format for page dates; null reads leniently.</param>
    public static ParsedDate Parse(string raw, string? culture = null, string? format = null)
    {
        throw new NotImplementedException("dates: being written");
    }
}
