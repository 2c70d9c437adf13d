using System.Collections.Concurrent;
using System.Globalization;

namespace AdvisoryWatch.Polling;

/// <summary>
/// What the scheduler remembers between ticks: when it last ticked (a tick claims for the time
/// until the next one is expected, measured, so a late tick claims more), and which hosts it last
/// said were behind (said again at most every <see cref="ReportEvery"/>).
/// </summary>
public sealed partial class PollPace(ILogger<PollPace> logger)
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _reported = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset? _lastTick;

    /// <summary>
    /// How far ahead this tick claims: two gaps between ticks (the next tick may be a little late),
    /// at least two tick intervals, at most half a lease.
    /// </summary>
    public TimeSpan Horizon(DateTimeOffset now, PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gap = _lastTick is { } last && now > last ? now - last : options.TickInterval;
        _lastTick = now;
        var horizon = 2 * (gap > options.TickInterval ? gap : options.TickInterval);
        return horizon < options.ClaimLease / 2 ? horizon : options.ClaimLease / 2;
    }

    /// <summary>Logs the hosts whose due sources did not all fit their share: they are polled at their limit, in turn, and fall behind.</summary>
    public void ReportBehind(ClaimPlan plan, DateTimeOffset now, PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (host, left) in plan.LeftDue)
        {
            if (_reported.TryGetValue(host, out var said) && now - said < ReportEvery)
            {
                continue;
            }

            _reported[host] = now;
            LogBehind(logger, host, left, options.HostChecksPerMinute?.ToString("0", CultureInfo.InvariantCulture) ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} is behind: {Waiting} due sources wait for its politeness limit of {PerMinute} checks a minute; they are checked in turn, oldest due first (see GET /api/v1/hosts)")]
    private static partial void LogBehind(ILogger logger, string host, int waiting, string perMinute);
}
