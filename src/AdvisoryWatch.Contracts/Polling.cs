namespace AdvisoryWatch.Contracts;

/// <summary>
/// Sent by the scheduler to a worker for a source it has claimed. The claim, not the message,
/// prevents double polling, so a redelivered command is harmless.
/// </summary>
public sealed record PollSource(string SourceId, Guid ClaimToken, DateTimeOffset ClaimedAtUtc);
