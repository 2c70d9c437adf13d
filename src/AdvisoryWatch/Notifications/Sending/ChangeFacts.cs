using AdvisoryWatch.Contracts;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>The facts of one change that every message about it shows.</summary>
/// <param name="ItemKind">What the source's items are (declared, or derived from the source's kind).</param>
/// <param name="PreviousTitle">For an update: the title of the version before, when it differs.</param>
public sealed record ChangeFacts(
    Guid ChangeId,
    ChangeKind Kind,
    string SourceName,
    string Title,
    string? Url,
    string? Summary,
    string? Diff,
    IReadOnlyList<string> Topics,
    DateTimeOffset ObservedAtUtc,
    ItemKind ItemKind = ItemKind.News,
    string? PreviousTitle = null);
