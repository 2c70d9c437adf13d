namespace AdvisoryWatch.Polling;

/// <summary>The host a source is polled from: the key of its politeness limits and of its share of the claims.</summary>
public static class SourceHost
{
    /// <summary>The primary URL's host as <see cref="HostLimiter"/> keys it (lower case); the URL itself when it is not absolute.</summary>
    public static string Of(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.IdnHost.ToLowerInvariant() : url;
}
