using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Sources;

/// <summary><c>AdvisoryWatch:SourcePreview:*</c>: the live preview of a source being added or edited.</summary>
public sealed class SourcePreviewOptions
{
    public const string Section = "AdvisoryWatch:SourcePreview";

    /// <summary>
    /// Longest a preview may take, fetching and reading the primary and the fallback together; a
    /// slower site ends the preview with a message rather than holding the admin's request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(20);
}
