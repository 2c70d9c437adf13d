using AdvisoryWatch.Contracts;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>One change as a recipient sees it.</summary>
/// <param name="Topics">Display names, already in the recipient's language.</param>
/// <param name="Diff">For an update or a watched page: the text diff as stored ("+ ", "- ", "  " line prefixes); the renderer shortens it.</param>
/// <param name="AcknowledgeUrl">For urgent alerts: the signed acknowledge link.</param>
/// <param name="ItemKind">What the source's items are (a warning, news...): the words of the heading.</param>
/// <param name="PreviousTitle">For an update: the title before it, when it differs (the diff covers the text only).</param>
public sealed record AlertItem(
    Guid ChangeId,
    ChangeKind Kind,
    string SourceName,
    string Title,
    Uri? Url,
    string? Summary,
    Severity Severity,
    IReadOnlyList<string> Topics,
    string? Diff,
    DateTimeOffset DetectedAtUtc,
    Uri? AcknowledgeUrl,
    ItemKind ItemKind = ItemKind.Guidance,
    string? PreviousTitle = null);

/// <summary>An immediate alert (or, with <see cref="EscalatedAfter"/>, an escalation to the coordinator).</summary>
public sealed record AlertModel(
    string Language,
    TimeZoneInfo TimeZone,
    string DepartmentName,
    AlertItem Item,
    Uri? UnsubscribeUrl,
    TimeSpan? EscalatedAfter = null);

/// <summary>A digest of the changes in one period.</summary>
public sealed record DigestModel(
    string Language,
    TimeZoneInfo TimeZone,
    string DepartmentName,
    DateTimeOffset PeriodStartUtc,
    DateTimeOffset PeriodEndUtc,
    IReadOnlyList<AlertItem> Items,
    Uri? UnsubscribeUrl,
    IReadOnlyList<FollowUpLine>? FollowUps = null);

/// <summary>One of the department's open follow-ups, as a digest lists it.</summary>
/// <param name="ActionNeeded">Assessed with action needed; otherwise still to assess.</param>
/// <param name="AdvisoryId">The advisory followed up, for machine readers (webhooks).</param>
public sealed record FollowUpLine(string Title, Uri? Url, bool ActionNeeded, string? Owner, DateOnly? DueDate, Guid? AdvisoryId = null);

/// <summary>Subject (one line, no CR/LF), plain text and HTML alternatives.</summary>
public sealed record RenderedMessage(string Subject, string TextBody, string HtmlBody);
