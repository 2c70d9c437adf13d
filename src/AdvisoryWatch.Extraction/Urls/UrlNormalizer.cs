using System.Security.Cryptography;
using System.Text;

namespace AdvisoryWatch.Extraction.Urls;

/// <summary>Normalised links and stable item identities.</summary>
public static class UrlNormalizer
{
    /// <summary>
    /// Absolute http(s) URL with scheme and host lower-cased, default port and fragment dropped and
    /// tracking parameters removed; null when the URL is not http(s) or cannot be read.
    /// </summary>
    public static string? Normalize(string url, Uri? baseUri, UrlNormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        var absolute = Resolve(url, baseUri);
        if (absolute is null)
        {
            return null;
        }

        // Uri already lower-cases scheme and host and leaves out a default port; user info is dropped.
        var builder = new StringBuilder(url.Length + 8);
        builder.Append(absolute.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
        builder.Append(absolute.AbsolutePath);
        var query = absolute.Query;
        if (query.Length > 1)
        {
            AppendQuery(builder, query.AsSpan(1), options);
        }

        return builder.ToString();
    }

    /// <summary>Resolves a link against a base: an absolute http(s) <see cref="Uri"/>, or null.</summary>
    public static Uri? Resolve(string url, Uri? baseUri)
    {
        ArgumentNullException.ThrowIfNull(url);
        var trimmed = url.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        Uri? absolute;
        // A link starting with '/' is site-relative; on Unix it would parse as an absolute file
        // URI only to be rejected, so it goes straight to resolution (most feed links are relative).
        if (trimmed[0] != '/' && Uri.TryCreate(trimmed, UriKind.Absolute, out var direct) && !IsFileLikeOnUnix(trimmed, direct))
        {
            absolute = direct;
        }
        else if (baseUri is not null && baseUri.IsAbsoluteUri && Uri.TryCreate(baseUri, trimmed, out var relative))
        {
            absolute = relative;
        }
        else
        {
            return null;
        }

        return absolute.Scheme is "http" or "https" ? absolute : null;
    }

    /// <summary>
    /// Feed guid when present; else the normalised link; else a hash of title and date. Never the
    /// title alone: two advisories may share a title ("Sårbarhet i ..."), and a title edit must not
    /// look like a new item when a date is present.
    /// </summary>
    public static string Identity(string? feedGuid, string? normalizedLink, string? title, string? rawDate)
    {
        if (!string.IsNullOrWhiteSpace(feedGuid))
        {
            return feedGuid.Trim();
        }

        if (!string.IsNullOrWhiteSpace(normalizedLink))
        {
            return normalizedLink;
        }

        var material = Encoding.UTF8.GetBytes((title ?? string.Empty).Trim() + "\n" + (rawDate ?? string.Empty).Trim());
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(material));
    }

    // On Unix "/path" parses as an absolute file URI; in a feed it is a site-relative link.
    private static bool IsFileLikeOnUnix(string text, Uri parsed) =>
        parsed.IsFile && text.StartsWith('/');

    private static void AppendQuery(StringBuilder builder, ReadOnlySpan<char> query, UrlNormalizationOptions options)
    {
        var first = true;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals >= 0 ? pair[..equals] : pair;
            if (IsTracking(name, options))
            {
                continue;
            }

            builder.Append(first ? '?' : '&').Append(pair);
            first = false;
        }
    }

    private static bool IsTracking(ReadOnlySpan<char> name, UrlNormalizationOptions options)
    {
        foreach (var prefix in options.StripQueryPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var exact in options.StripQueryNames)
        {
            if (name.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
