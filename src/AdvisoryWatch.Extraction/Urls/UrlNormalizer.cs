namespace AdvisoryWatch.Extraction.Urls;

/// <summary>Normalised links and stable item identities.</summary>
public static class UrlNormalizer
{
    /// <summary>Absolute http(s) URL with host lower-cased, fragment dropped and tracking parameters removed; null when not http(s).</summary>
    public static string? Normalize(string url, Uri? baseUri, UrlNormalizationOptions options)
    {
        throw new NotImplementedException("url normaliser: being written");
    }

    /// <summary>Feed guid when present; else the normalised link; else a hash of title and date; never title alone.</summary>
    public static string Identity(string? feedGuid, string? normalizedLink, string? title, string? rawDate)
    {
        throw new NotImplementedException("identity: being written");
    }
}
