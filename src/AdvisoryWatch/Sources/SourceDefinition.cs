using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary>How a source is read.</summary>
public enum SourceKind
{
    /// <summary>RSS, Atom or JSON Feed.</summary>
    Feed,

    /// <summary>An HTML page listing items, read with CSS selectors.</summary>
    HtmlList,

    /// <summary>A guidance page whose text is watched for changes.</summary>
    Page,
}

/// <summary>A source as the catalogue (seeds/sources.yaml, an import file) describes it.</summary>
public sealed class SourceDefinition
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Authority { get; set; }

    public string? Country { get; set; }

    /// <summary>nb, sv, da, fi or en: the language of the source's text and dates.</summary>
    public string Language { get; set; } = "en";

    public SourceKind Kind { get; set; } = SourceKind.Feed;

    public string Url { get; set; } = "";

    /// <summary>A hub page whose <c>&lt;link rel="alternate"&gt;</c> names the feed, for sources whose feed URL moves.</summary>
    public string? DiscoverFrom { get; set; }

    public HtmlListConfig? List { get; set; }

    public PageWatchConfig? Page { get; set; }

    public FallbackDefinition? Fallback { get; set; }

    /// <summary>Extra query-parameter prefixes to drop from links (beyond utm_ and mtm_).</summary>
    public List<string> StripQueryPrefixes { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between checks.</summary>
    public int Interval { get; set; } = 60;

    /// <summary>Days without a new item after which the source is flagged stale; null for never.</summary>
    public int? StaleAfterDays { get; set; }

    /// <summary>The URL is researched but unverified: check it on first run.</summary>
    public bool Verify { get; set; }

    public string? Notes { get; set; }
}

/// <summary>What to read when the primary fails or yields nothing.</summary>
public sealed class FallbackDefinition
{
    public SourceKind Kind { get; set; } = SourceKind.HtmlList;

    public string Url { get; set; } = "";

    public HtmlListConfig? List { get; set; }

    public PageWatchConfig? Page { get; set; }
}
