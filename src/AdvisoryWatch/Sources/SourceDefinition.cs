using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary>
/// A source as written in <c>seeds/sources.yaml</c> and in <c>sources import/export</c> files.
/// The schema is documented in <c>seeds/README.md</c>.
/// </summary>
public sealed class SourceDefinition
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Authority { get; set; } = "";

    public string Country { get; set; } = "";

    public string Language { get; set; } = "en";

    /// <summary><c>feed</c>, <c>html-list</c> or <c>page</c>.</summary>
    public string Kind { get; set; } = "feed";

    public string Url { get; set; } = "";

    /// <summary>
    /// What the source's items are, for the words of an alert: <c>warning</c>, <c>advisory</c>,
    /// <c>news</c>, <c>guidance</c> or <c>page</c>. Null: derived from <see cref="Kind"/>.
    /// </summary>
    /// <remarks>Left out of the hash when null, so definitions hashed before the field existed hash alike.</remarks>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ItemKind { get; set; }

    public string? Website { get; set; }

    public HtmlListDefinition? HtmlList { get; set; }

    public PageDefinition? Page { get; set; }

    public FallbackDefinition? Fallback { get; set; }

    public string? DiscoverFrom { get; set; }

    public List<string> StripQueryPrefixes { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between polls; the file also takes durations (see <see cref="PollInterval"/>).</summary>
    [YamlDotNet.Serialization.YamlConverter(typeof(PollInterval.YamlConverter))]
    public int Interval { get; set; } = 60;

    public int StaleAfterDays { get; set; } = 60;

    /// <summary>The URL or selectors are unverified against the live site.</summary>
    public bool Verify { get; set; }

    public string? Notes { get; set; }

    /// <summary>The id was made up on import (a plain OPML outline has none); it may be renamed to avoid a clash.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IdAssigned { get; set; }

    /// <summary>Every problem with this entry, phrased for a person.</summary>
    public IEnumerable<string> Problems()
    {
        var where = string.IsNullOrWhiteSpace(Id) ? "(entry without id)" : Id;
        return FieldProblems().Select(p => $"{where}: {p.Message}");
    }

    /// <summary>Every problem with this entry, each with the field it is about.</summary>
    public IEnumerable<SourceProblem> FieldProblems()
    {
        if (string.IsNullOrWhiteSpace(Id) || !System.Text.RegularExpressions.Regex.IsMatch(Id, "^[a-z0-9][a-z0-9-]{0,99}$"))
        {
            yield return new("Id", "id must be a lower-case slug (a-z, 0-9, '-').");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("Name", "name is required.");
        }

        if (!TryParseKind(Kind, out var kind))
        {
            yield return new("Kind", $"kind '{Kind}' is not feed, html-list or page.");
        }
        else if (kind == SourceKind.HtmlList && string.IsNullOrWhiteSpace(HtmlList?.Item))
        {
            yield return new("ListItem", "an html-list needs htmlList.item.");
        }

        if (ItemKind is not null && !ItemKinds.TryParse(ItemKind, out _))
        {
            yield return new("ItemKind", $"itemKind '{ItemKind}' is not {ItemKinds.Names}.");
        }

        if (!IsHttpUrl(Url))
        {
            yield return new("Url", $"url '{Url}' is not an absolute http(s) URL.");
        }

        if (Fallback is { } f)
        {
            if (!TryParseKind(f.Kind, out var fk))
            {
                yield return new("FallbackKind", $"fallback.kind '{f.Kind}' is not feed, html-list or page.");
            }
            else if (fk == SourceKind.HtmlList && string.IsNullOrWhiteSpace(f.HtmlList?.Item))
            {
                yield return new("FallbackListItem", "an html-list fallback needs fallback.htmlList.item.");
            }

            if (!IsHttpUrl(f.Url))
            {
                yield return new("FallbackUrl", $"fallback.url '{f.Url}' is not an absolute http(s) URL.");
            }
        }

        if (DiscoverFrom is not null && !IsHttpUrl(DiscoverFrom))
        {
            yield return new("DiscoverFrom", $"discoverFrom '{DiscoverFrom}' is not an absolute http(s) URL.");
        }

        if (Language is not ("nb" or "nn" or "sv" or "da" or "fi" or "en"))
        {
            yield return new("Language", $"language '{Language}' is not nb, nn, sv, da, fi or en.");
        }

        if (Interval < PollInterval.MinimumMinutes)
        {
            yield return new("Interval", $"interval {Interval} is shorter than the minimum; {PollInterval.Accepted}.");
        }

        if (StaleAfterDays < 1)
        {
            yield return new("StaleAfterDays", "staleAfterDays must be at least 1.");
        }
    }

    public static bool TryParseKind(string? text, out SourceKind kind)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "FEED":
                kind = SourceKind.Feed;
                return true;
            case "HTML-LIST" or "HTMLLIST":
                kind = SourceKind.HtmlList;
                return true;
            case "PAGE" or "PAGE-WATCH":
                kind = SourceKind.Page;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string KindName(SourceKind kind) => kind switch
    {
        SourceKind.HtmlList => "html-list",
        SourceKind.Page => "page",
        _ => "feed",
    };

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>Writes this definition onto a row; schedule and health columns are left alone.</summary>
    public void ApplyTo(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!TryParseKind(Kind, out var kind))
        {
            throw new InvalidOperationException($"{Id}: kind '{Kind}' was not validated before use.");
        }

        source.Name = Name;
        source.Authority = Authority;
        source.Country = Country;
        source.Language = Language;
        source.Kind = kind;
        source.ItemKind = ItemKind is not null && ItemKinds.TryParse(ItemKind, out var itemKind) ? itemKind : null;
        source.Url = Url;
        source.WebsiteUrl = Website;
        source.HtmlList = HtmlList?.ToConfig();
        source.PageWatch = Page?.ToConfig();
        source.FallbackKind = Fallback is { } f && TryParseKind(f.Kind, out var fk) ? fk : null;
        source.FallbackUrl = Fallback?.Url;
        source.FallbackHtmlList = Fallback?.HtmlList?.ToConfig();
        source.FallbackPageWatch = Fallback?.Page?.ToConfig();
        if (source.DiscoverFrom != DiscoverFrom)
        {
            // Another hub may name another feed: its baseline is taken again.
            source.DiscoveredBaselineReader = null;
        }

        source.DiscoverFrom = DiscoverFrom;
        source.StripQueryPrefixes = [.. StripQueryPrefixes];
        source.DefaultTopics = [.. Topics];
        source.Enabled = Enabled;
        source.IntervalMinutes = Interval;
        source.StaleAfterDays = StaleAfterDays;
        source.NeedsVerification = Verify;
        source.Notes = Notes;
    }

    public static SourceDefinition From(Source source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SourceDefinition
        {
            Id = source.Id,
            Name = source.Name,
            Authority = source.Authority,
            Country = source.Country,
            Language = source.Language,
            Kind = KindName(source.Kind),
            ItemKind = source.ItemKind is { } itemKind ? ItemKinds.Name(itemKind) : null,
            Url = source.Url,
            Website = source.WebsiteUrl,
            HtmlList = HtmlListDefinition.From(source.HtmlList),
            Page = PageDefinition.From(source.PageWatch),
            Fallback = source.FallbackKind is { } fk && source.FallbackUrl is { } fu
                ? new FallbackDefinition
                {
                    Kind = KindName(fk),
                    Url = fu,
                    HtmlList = HtmlListDefinition.From(source.FallbackHtmlList),
                    Page = PageDefinition.From(source.FallbackPageWatch),
                }
                : null,
            DiscoverFrom = source.DiscoverFrom,
            StripQueryPrefixes = [.. source.StripQueryPrefixes],
            Topics = [.. source.DefaultTopics],
            Enabled = source.Enabled,
            Interval = source.IntervalMinutes,
            StaleAfterDays = source.StaleAfterDays,
            Verify = source.NeedsVerification,
            Notes = source.Notes,
        };
    }

    private static readonly JsonSerializerOptions HashJson = new() { WriteIndented = false };

    /// <summary>A fingerprint of the definition: equal definitions hash equal.</summary>
    public string Hash()
    {
        var json = JsonSerializer.Serialize(this, HashJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}

public sealed class FallbackDefinition
{
    public string Kind { get; set; } = "html-list";

    public string Url { get; set; } = "";

    public HtmlListDefinition? HtmlList { get; set; }

    public PageDefinition? Page { get; set; }
}

/// <summary>The selectors of an HTML list (see <see cref="HtmlListConfig"/>).</summary>
public sealed class HtmlListDefinition
{
    public string Item { get; set; } = "";

    public string? Title { get; set; }

    public string? Link { get; set; }

    public string? Date { get; set; }

    public string? DateFormat { get; set; }

    public string? DateCulture { get; set; }

    public string? Summary { get; set; }

    public string? NextPage { get; set; }

    public string? Exclude { get; set; }

    public HtmlListConfig ToConfig() => new()
    {
        Item = Item,
        Title = Title,
        Link = Link,
        Date = Date,
        DateFormat = DateFormat,
        DateCulture = DateCulture,
        Summary = Summary,
        NextPage = NextPage,
        Exclude = Exclude,
    };

    public static HtmlListDefinition? From(HtmlListConfig? c) => c is null ? null : new()
    {
        Item = c.Item,
        Title = c.Title,
        Link = c.Link,
        Date = c.Date,
        DateFormat = c.DateFormat,
        DateCulture = c.DateCulture,
        Summary = c.Summary,
        NextPage = c.NextPage,
        Exclude = c.Exclude,
    };
}

/// <summary>How a watched page is reduced (see <see cref="PageWatchConfig"/>).</summary>
public sealed class PageDefinition
{
    public string? Content { get; set; }

    public List<string> Exclude { get; set; } = [];

    public PageWatchConfig ToConfig() => new() { ContentSelector = Content, ExcludeSelectors = [.. Exclude] };

    public static PageDefinition? From(PageWatchConfig? c) =>
        c is null ? null : new() { Content = c.ContentSelector, Exclude = [.. c.ExcludeSelectors] };
}
