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

/// <summary>
/// Whether the mail relay itself is reachable. Several temporary failures in a row with no success
/// between mean the relay, not a recipient, is the problem (S1): then nothing is sent but one probe
/// per interval, so an outage costs one attempt a minute rather than a hot loop of refused connections.
/// </summary>
public sealed partial class RelayHealth(TimeProvider time, Microsoft.Extensions.Options.IOptions<NotificationsOptions> options, ILogger<RelayHealth> logger)
{
    private readonly Lock _lock = new();
    private int _consecutiveTemporary;
    private DateTimeOffset _nextProbe;

    /// <summary>When the relay was found down; null while it works.</summary>
    public DateTimeOffset? DownSince { get; private set; }

    public string? LastProblem { get; private set; }

    /// <summary>How many messages may be tried now: all (null), one probe, or none.</summary>
    public int? Allowance()
    {
        lock (_lock)
        {
            if (DownSince is null)
            {
                return null;
            }

            var now = time.GetUtcNow();
            if (now < _nextProbe)
            {
                return 0;
            }

            _nextProbe = now + options.Value.RelayProbeInterval;
            return 1;
        }
    }

    /// <summary>Counts a result; true when it ended an outage (the caller makes waiting mail due at once).</summary>
    public bool Record(SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            switch (result)
            {
                case SendResult.Sent or SendResult.Rejected:
                    _consecutiveTemporary = 0;
                    if (DownSince is { } since)
                    {
                        DownSince = null;
                        LogRecovered(logger, time.GetUtcNow() - since);
                        return true;
                    }

                    return false;
                case SendResult.RetryLater later:
                    LastProblem = later.Reason;
                    if (++_consecutiveTemporary >= options.Value.RelayDownAfter && DownSince is null)
                    {
                        DownSince = time.GetUtcNow();
                        _nextProbe = DownSince.Value + options.Value.RelayProbeInterval;
                        LogDown(logger, _consecutiveTemporary, later.Reason, options.Value.RelayProbeInterval);
                    }

                    return false;
                default:
                    return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail relay looks down after {Failures} temporary failures in a row (last: {Reason}); sending paused, probing every {Interval}")]
    private static partial void LogDown(ILogger logger, int failures, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail relay is back after {Downtime}; waiting mail is sent now")]
    private static partial void LogRecovered(ILogger logger, TimeSpan downtime);
}
