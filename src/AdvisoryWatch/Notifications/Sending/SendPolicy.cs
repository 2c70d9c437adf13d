namespace AdvisoryWatch.Notifications.Sending;

/// <summary>Turns one send attempt's result into the row's next state: the retry and give-up rules in one place.</summary>
public static class SendPolicy
{
    public static void Apply(Sendable row, SendResult result, DateTimeOffset now, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        row.Attempts++;
        row.LastAttemptAtUtc = now;
        switch (result)
        {
            case SendResult.Sent sent:
                row.State = DeliveryState.Sent;
                row.SentAtUtc = now;
                row.DueAtUtc = null;
                row.LastReply = Clip(sent.Reply);
                break;
            case SendResult.Rejected rejected:
                row.State = DeliveryState.Failed;
                row.DueAtUtc = null;
                row.LastReply = Clip(rejected.Reply);
                break;
            case SendResult.RetryLater later when now - row.CreatedAtUtc >= options.GiveUpAfter:
                row.State = DeliveryState.Failed;
                row.DueAtUtc = null;
                row.LastReply = Clip($"gave up after {row.Attempts} attempts: {later.Reason}");
                break;
            case SendResult.RetryLater later:
                row.State = DeliveryState.RetryWaiting;
                var backoff = Backoff(row.Attempts, options);
                row.DueAtUtc = now + (later.RetryAfter is { } after && after > backoff ? Min(after, options.RetryMax) : backoff);
                row.LastReply = Clip(later.Reason);
                break;
            case SendResult.Ambiguous ambiguous:
                // The message may have arrived. One more try with the same Message-ID bounds the harm
                // to one duplicate a mail client can recognise; after that, a person decides.
                row.AmbiguousAttempts++;
                row.State = DeliveryState.Ambiguous;
                row.DueAtUtc = row.AmbiguousAttempts >= 2 ? null : now + options.RetryInitial;
                row.LastReply = Clip(ambiguous.Reason);
                break;
        }
    }

    /// <summary>RetryInitial doubled per earlier attempt, capped at RetryMax.</summary>
    public static TimeSpan Backoff(int attempts, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return Min(TimeSpan.FromTicks((long)Math.Min(options.RetryInitial.Ticks * factor, TimeSpan.MaxValue.Ticks / 2.0)), options.RetryMax);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string? Clip(string? reply) =>
        reply is { Length: > 1000 } ? reply[..1000] : reply;
}
