using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications;

/// <summary>One line of the audit trail: who was told what, when, and how it went.</summary>
public sealed record DeliveryView(
    Guid Id,
    Guid ChangeId,
    Guid AdvisoryId,
    string? Title,
    string DepartmentId,
    string Channel,
    string Address,
    string Mode,
    string State,
    Severity Severity,
    int Attempts,
    string? LastReply,
    string MessageId,
    Guid? DigestId,
    DateTimeOffset CreatedAtUtc,
    DateTimeOffset? DueAtUtc,
    DateTimeOffset? LastAttemptAtUtc,
    DateTimeOffset? SentAtUtc);
