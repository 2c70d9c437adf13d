namespace AdvisoryWatch.Notifications;

/// <summary>
/// What a delivery and a digest share: one send-state machine, one claim, one retry policy. A
/// plain base class (not an EF hierarchy): each subclass has its own table.
/// </summary>
public abstract class Sendable
{
    public Guid Id { get; set; }

    public DeliveryState State { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>When to send (immediate), to try again (retry), or the digest time it waits for (queued).</summary>
    public DateTimeOffset? DueAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>How many attempts ended ambiguous: after the second, no more tries (at most one duplicate).</summary>
    public int AmbiguousAttempts { get; set; }

    public DateTimeOffset? LastAttemptAtUtc { get; set; }

    public DateTimeOffset? SentAtUtc { get; set; }

    public string? LastReply { get; set; }

    /// <summary>The worker holding the row, until <see cref="LockedUntilUtc"/>; saves are guarded by it.</summary>
    public Guid? LockToken { get; set; }

    public DateTimeOffset? LockedUntilUtc { get; set; }
}
