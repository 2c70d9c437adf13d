using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary><c>AdvisoryWatch:Auth:ApiKeys:*</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "AdvisoryWatch:Auth:ApiKeys";

    /// <summary>Requests one key may make per <see cref="RateLimitWindow"/> on one web node; more get 429.</summary>
    [Range(1, 1_000_000)]
    public int RateLimit { get; set; } = 600;

    /// <summary>The sliding window <see cref="RateLimit"/> counts in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
