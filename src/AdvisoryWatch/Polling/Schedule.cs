namespace AdvisoryWatch.Polling;

/// <summary>When a source is next due. Pure, so the rules can be tested without a clock.</summary>
public static class Schedule
{
    /// <summary>After a read (content or 304): the interval, with jitter.</summary>
    public static DateTimeOffset AfterSuccess(DateTimeOffset now, TimeSpan interval, double jitter, double random) =>
        now + Jittered(interval, jitter, random);

    /// <summary>
    /// After the <paramref name="consecutiveFailures"/>th failure in a row: the interval doubled for
    /// each failure after the first, up to <paramref name="maxBackoff"/> (never below the interval).
    /// </summary>
    public static DateTimeOffset AfterFailure(DateTimeOffset now, TimeSpan interval, int consecutiveFailures, TimeSpan maxBackoff, double jitter, double random)
    {
        var exponent = Math.Clamp(consecutiveFailures - 1, 0, 20);
        var backoff = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * Math.Pow(2, exponent), Math.Max(maxBackoff.Ticks, interval.Ticks)));
        return now + Jittered(backoff, jitter, random);
    }

    /// <summary>A 429/503: not before the server asked, and not before the usual interval either.</summary>
    public static DateTimeOffset AfterRateLimit(DateTimeOffset now, TimeSpan interval, TimeSpan? retryAfter, TimeSpan maxBackoff)
    {
        var wait = retryAfter is { } r ? TimeSpan.FromTicks(Math.Min(r.Ticks, maxBackoff.Ticks)) : interval;
        return now + (wait > interval ? wait : interval);
    }

    /// <param name="random">A number in [0, 1).</param>
    private static TimeSpan Jittered(TimeSpan span, double jitter, double random) =>
        TimeSpan.FromTicks((long)(span.Ticks * (1 + (jitter * ((2 * random) - 1)))));
}
