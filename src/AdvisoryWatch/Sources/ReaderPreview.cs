using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Html;

namespace AdvisoryWatch.Sources;

/// <summary>What one of a source's readers gave when read for a preview; every text in it comes from the source and is hostile.</summary>
/// <param name="Role">The primary or the fallback.</param>
/// <param name="Kind"><c>feed</c>, <c>html-list</c> or <c>page</c>.</param>
/// <param name="Url">The address read.</param>
public sealed record ReaderPreview(ReaderRole Role, string Kind, string Url)
{
    public int? StatusCode { get; init; }

    public string? FinalUrl { get; init; }

    /// <summary>A 301/308 met on the way: the source has moved.</summary>
    public string? PermanentRedirect { get; init; }

    /// <summary>Why nothing was read (the fetch, or the extraction, failed); null when it was read.</summary>
    public string? Error { get; init; }

    /// <summary>What the extraction engine found, with its warnings; null when nothing was read.</summary>
    public ExtractedFeed? Feed { get; init; }

    /// <summary>For an HTML list or a watched page: what each selector matched.</summary>
    public IReadOnlyList<SelectorMatch> Selectors { get; init; } = [];
}
