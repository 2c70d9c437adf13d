namespace AdvisoryWatch.Sources;

/// <summary>The result of a live preview: nothing is saved.</summary>
/// <param name="Problems">What stops the definition being read at all (no URL, no item selector...); nothing was fetched when there are any.</param>
/// <param name="Readers">The primary, then the fallback when the definition has one, as far as the deadline allowed.</param>
/// <param name="DeadlineHit">The deadline passed before every reader was read.</param>
/// <param name="Deadline">The deadline the preview ran under.</param>
public sealed record SourcePreview(IReadOnlyList<SourceProblem> Problems, IReadOnlyList<ReaderPreview> Readers, bool DeadlineHit, TimeSpan Deadline);
