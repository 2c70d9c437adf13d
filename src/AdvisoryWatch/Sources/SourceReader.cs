using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AdvisoryWatch.Sources;

/// <summary>Which of a source's ways of reading its news a <see cref="SourceReader"/> is.</summary>
public enum ReaderRole
{
    /// <summary>The source's own URL.</summary>
    Primary,

    /// <summary>The fallback, read when the primary fails or yields nothing.</summary>
    Fallback,

    /// <summary>A feed announced by the source's <c>discoverFrom</c> hub page.</summary>
    Discovered,
}

/// <summary>
/// One way a source's news is read: its primary, its fallback or a discovered feed. Each reader
/// has its own item keys (a feed's guids, a list page's links) and its own baseline. The key
/// covers everything that decides what the reader's items are (kind, URL, parser settings), so a
/// changed definition is a new reader with no baseline yet.
/// </summary>
/// <param name="Key">A SHA-256 over the reader's definition, lower-case hex.</param>
public sealed record SourceReader(ReaderRole Role, SourceKind Kind, string Url, string Key)
{
    public static SourceReader Primary(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Create(ReaderRole.Primary, source.Kind, source.Url, HtmlListDefinition.From(source.HtmlList), PageDefinition.From(source.PageWatch), source.StripQueryPrefixes);
    }

    /// <summary>The fallback, or null when the source has none.</summary>
    public static SourceReader? Fallback(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is { FallbackKind: { } kind, FallbackUrl: { } url }
            ? Create(ReaderRole.Fallback, kind, url, HtmlListDefinition.From(source.FallbackHtmlList), PageDefinition.From(source.FallbackPageWatch), source.StripQueryPrefixes)
            : null;
    }

    public static SourceReader Discovered(Source source, Uri feed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(feed);
        return Create(ReaderRole.Discovered, SourceKind.Feed, feed.AbsoluteUri, null, null, source.StripQueryPrefixes);
    }

    /// <summary>Whether this reader's baseline is taken, as recorded on the source's row.</summary>
    public bool HasBaseline(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Role switch
        {
            // A row from before readers had baselines of their own (no reader recorded, yet a
            // baseline): its baseline is the primary's.
            ReaderRole.Primary => source.PrimaryBaselineReader == Key
                || (source is { BaselineTakenAtUtc: not null, PrimaryBaselineReader: null, FallbackBaselineReader: null, DiscoveredBaselineReader: null }),
            ReaderRole.Fallback => source.FallbackBaselineReader == Key,
            _ => source.DiscoveredBaselineReader == Key,
        };
    }

    /// <summary>The column of the source's row that records this reader's baseline.</summary>
    public string BaselineColumn => Role switch
    {
        ReaderRole.Primary => nameof(Source.PrimaryBaselineReader),
        ReaderRole.Fallback => nameof(Source.FallbackBaselineReader),
        _ => nameof(Source.DiscoveredBaselineReader),
    };

    private static readonly JsonSerializerOptions KeyJson = new() { WriteIndented = false };

    private static SourceReader Create(ReaderRole role, SourceKind kind, string url, HtmlListDefinition? list, PageDefinition? page, List<string> stripQueryPrefixes)
    {
        var definition = string.Join(
            '\n',
            SourceDefinition.KindName(kind),
            url,
            list is null ? "" : JsonSerializer.Serialize(list, KeyJson),
            page is null ? "" : JsonSerializer.Serialize(page, KeyJson),
            string.Join(' ', stripQueryPrefixes));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definition)));
        return new SourceReader(role, kind, url, key);
    }
}
