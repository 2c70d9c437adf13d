using AdvisoryWatch.Extraction.Html;

namespace AdvisoryWatch.Sources;

/// <summary>A live preview as <c>POST /api/v1/sources/preview</c> answers it.</summary>
public sealed record SourcePreviewView(bool DeadlineHit, double DeadlineSeconds, IReadOnlyList<ReaderPreviewView> Readers)
{
    public static SourcePreviewView From(SourcePreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return new(preview.DeadlineHit, preview.Deadline.TotalSeconds, [.. preview.Readers.Select(r => new ReaderPreviewView(
            r.Role.ToString().ToLowerInvariant(),
            r.Kind,
            r.Url,
            r.StatusCode,
            r.FinalUrl,
            r.PermanentRedirect,
            r.Error,
            r.Feed?.Format,
            r.Feed?.Title,
            r.Feed?.Warnings ?? [],
            [.. (r.Feed?.Items ?? []).Select(i => new PreviewItemView(i.Id, i.Title, i.Link, i.Published?.Utc, i.Published?.Raw, i.Summary, i.Warnings))],
            r.Selectors))]);
    }
}

/// <summary>One reader of the preview: what was fetched and what the extraction engine found.</summary>
public sealed record ReaderPreviewView(
    string Role,
    string Kind,
    string Url,
    int? StatusCode,
    string? FinalUrl,
    string? PermanentRedirect,
    string? Error,
    string? Format,
    string? Title,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<PreviewItemView> Items,
    IReadOnlyList<SelectorMatch> Selectors);

/// <param name="Key">The identity change detection would use.</param>
public sealed record PreviewItemView(string Key, string? Title, string? Link, DateTimeOffset? Published, string? PublishedRaw, string? Summary, IReadOnlyList<string> Warnings);
