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

    /// <summary>How long a claim holds; a worker that dies mid-poll releases its sources when this passes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

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
}
