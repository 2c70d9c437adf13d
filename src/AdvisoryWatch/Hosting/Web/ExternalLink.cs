namespace AdvisoryWatch.Hosting.Web;

/// <summary>A link that came from a source: only an absolute http or https address may become an href.</summary>
public static class ExternalLink
{
    /// <summary>The address to link to, or null when it is anything else (<c>javascript:</c>, <c>data:</c>, relative).</summary>
    public static string? Href(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;
}
