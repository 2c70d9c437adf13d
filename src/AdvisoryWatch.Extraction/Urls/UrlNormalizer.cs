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

    private static readonly System.Buffers.SearchValues<char> HostChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-.");

    private static readonly System.Buffers.SearchValues<char> PathChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?=&+#");

    /// <summary>
    /// True when <paramref name="url"/> is an absolute http(s) URL that <see cref="Uri"/> would give
    /// back unchanged as its <see cref="Uri.AbsoluteUri"/>, so a caller may use it as written
    /// without building one (the common link in a feed's HTML). Deliberately narrow: a lower-case
    /// scheme and a lower-case DNS name whose last label starts with a letter (never an IP address,
    /// which Uri rewrites), no port or user info, a path, and only characters Uri neither escapes
    /// nor unescapes: no '%', no dot segment, at most one '#'. Anything else takes the Uri path.
    /// </summary>
    public static bool IsCanonicalWebUrl(ReadOnlySpan<char> url)
    {
        int hostStart;
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            hostStart = 8;
        }
        else if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            hostStart = 7;
        }
        else
        {
            return false;
        }

        if (url.Length > 2048)
        {
            return false;
        }

        var rest = url[hostStart..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var host = rest[..slash];
        if (host.Length > 253 || host.ContainsAnyExcept(HostChars))
        {
            return false;
        }

        // Labels of 1-63 characters that neither start nor end with '-'; the last starts with a letter.
        var label = host;
        while (true)
        {
            var dot = label.IndexOf('.');
            var current = dot < 0 ? label : label[..dot];
            if (current.Length is 0 or > 63 || current[0] == '-' || current[^1] == '-')
            {
                return false;
            }

            if (dot < 0)
            {
                if (current[0] is < 'a' or > 'z')
                {
                    return false;
                }

                break;
            }

            label = label[(dot + 1)..];
        }

        var path = rest[slash..];
        return !path.ContainsAnyExcept(PathChars)
            && !path.Contains("/.", StringComparison.Ordinal)
            && path.Count('#') <= 1;
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
