namespace AdvisoryWatch.Notifications.Sending;

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
