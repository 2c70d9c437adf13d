using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Polling;

/// <summary><c>AdvisoryWatch:Polling:*</c>: how often the scheduler looks for due sources, and how politely they are fetched.</summary>
public sealed class PollingOptions
{
    public const string Section = "AdvisoryWatch:Polling";

    /// <summary>How often the scheduler job looks for due sources.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most sources claimed by one tick; the next tick takes the rest.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>
    /// How long a claim holds unless the node holding it renews it (it does, every third of this,
    /// while the source is queued or being polled): a node that dies frees its sources when this
    /// passes, and one that restarts frees them at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Each interval is stretched or shortened by up to this fraction, so sources spread out.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>The longest wait after repeated failures.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Requests in flight at once to one host, per worker process.</summary>
    [Range(1, 1_000)]
    public int PerHostConcurrency { get; set; } = 2;

    /// <summary>Least time between the starts of two requests to one host, per worker process.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PerHostSpacing { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls run at once by one worker process.</summary>
    [Range(1, 10_000)]
    public int WorkerConcurrency { get; set; } = 16;

    /// <summary>
    /// Least time between a source's last check and a check asked for by hand; doubled for each
    /// failure in a row (the back-off). A Retry-After from the authority is honoured whatever this says.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ManualCheckSpacing { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Most sources of one host claimed at once: what its politeness limits can start within
    /// <paramref name="horizon"/>, and never fewer than its concurrency. Without a spacing there is
    /// no rate to plan with, and the claims are not limited per host.
    /// </summary>
    public int HostClaimLimit(TimeSpan horizon) =>
        PerHostSpacing <= TimeSpan.Zero ? int.MaxValue : Math.Max(PerHostConcurrency, (int)(horizon / PerHostSpacing));

    /// <summary>The most checks a minute one host gets from one worker process; null without a spacing.</summary>
    public double? HostChecksPerMinute => PerHostSpacing <= TimeSpan.Zero ? null : TimeSpan.FromMinutes(1) / PerHostSpacing;
}
