namespace AdvisoryWatch.Contracts;

/// <summary>What kind of change was detected at a source.</summary>
public enum ChangeKind
{
    /// <summary>An item not seen before.</summary>
    Published,

    /// <summary>An item whose normalised content changed; the earlier version is kept.</summary>
    Updated,

    /// <summary>A watched page whose text changed.</summary>
    PageChanged,

    /// <summary>A watched page that started answering 404 or 410.</summary>
    PageGone,

    /// <summary>A watched page that started redirecting elsewhere.</summary>
    PageMoved,
}

/// <summary>How soon a department should hear about a change.</summary>
public enum Severity
{
    Low = 0,
    Normal = 1,
    High = 2,

    /// <summary>Goes out at once, even to digest subscribers that accept urgent alerts.</summary>
    Urgent = 3,
}

/// <summary>
/// Published after a change and its history were committed. Carries ids and a short summary, not
/// whole pages: consumers read the rest from the database. Delivered at least once; consumers are
/// idempotent on <see cref="ChangeId"/>.
/// </summary>
public sealed record ChangeDetected(
    Guid ChangeId,
    Guid AdvisoryId,
    string SourceId,
    ChangeKind Kind,
    Severity Severity,
    string Title,
    string? Url,
    string? Summary,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset DetectedAtUtc);
