namespace AdvisoryWatch.Notifications;

public sealed record DigestView(Guid Id, string DepartmentId, string Address, DateTimeOffset PeriodStartUtc, DateTimeOffset PeriodEndUtc, int ItemCount, string State, int Attempts, string? LastReply, string MessageId, DateTimeOffset? SentAtUtc);
