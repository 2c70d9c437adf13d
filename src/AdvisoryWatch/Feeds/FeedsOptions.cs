using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Feeds;

/// <summary><c>AdvisoryWatch:Feeds:*</c>.</summary>
public sealed class FeedsOptions
{
    public const string Section = "AdvisoryWatch:Feeds";

    /// <summary>Advisories in a feed, newest change first.</summary>
    [Range(1, 500)]
    public int MaxEntries { get; set; } = 50;

    /// <summary>Feed requests one client address may make per <see cref="RateLimitWindow"/> on one web node; more get 429.</summary>
    [Range(1, 100_000)]
    public int RateLimit { get; set; } = 60;

    /// <summary>The window <see cref="RateLimit"/> counts in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
