using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Polling;

/// <summary>What became of a check asked for by hand.</summary>
public abstract record ManualCheckOutcome
{
    public sealed record NotFound : ManualCheckOutcome;

    /// <summary>The source is due at <paramref name="DueAtUtc"/>; the next tick claims it.</summary>
    public sealed record Accepted(DateTimeOffset DueAtUtc) : ManualCheckOutcome;

    /// <summary>Too early: the authority's Retry-After, or the back-off, holds until <paramref name="NextAllowedAtUtc"/>.</summary>
    public sealed record Refused(DateTimeOffset NextAllowedAtUtc, string Reason) : ManualCheckOutcome;
}

/// <summary>
/// "Check now", kept polite: never before the authority's Retry-After, and never sooner after the
/// source's last check than <see cref="PollingOptions.ManualCheckSpacing"/>, doubled for each
/// failure in a row. However often it is asked, the authority sees no more requests than that.
/// </summary>
public static class ManualCheck
{
    /// <summary>When a check may next be asked for; the reason when that is later than <paramref name="now"/>.</summary>
    public static (DateTimeOffset At, string? Reason) NextAllowed(Source source, DateTimeOffset now, PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var at = now;
        string? reason = null;
        if (source.LastAttemptAtUtc is { } last)
        {
            var doublings = Math.Clamp(source.ConsecutiveFailures, 0, 20);
            var wait = TimeSpan.FromTicks((long)Math.Min(options.ManualCheckSpacing.Ticks * Math.Pow(2, doublings), options.MaxBackoff.Ticks));
            if (last + wait > at)
            {
                at = last + wait;
                reason = source.ConsecutiveFailures > 0
                    ? $"backing off after {source.ConsecutiveFailures} failure(s) in a row: the last check was at {last:O}"
                    : $"the source was checked at {last:O}, less than {options.ManualCheckSpacing} ago";
            }
        }

        if (source.RetryAfterUtc is { } retryAfter && retryAfter > at)
        {
            at = retryAfter;
            reason = $"the authority asked not to be polled before {retryAfter:O} (Retry-After, HTTP {source.LastStatusCode})";
        }

        return (at, reason);
    }

    /// <summary>
    /// "Check now" from the API or the sources page: <see cref="RequestAsync"/> under the write gate,
    /// in one transaction with its audit entry when accepted.
    /// </summary>
    public static async Task<ManualCheckOutcome> RequestAuditedAsync(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, string sourceId, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(audit);
        using (await gate.EnterAsync(db, cancellationToken))
        {
            return await db.InTransactionAsync(
                async c =>
                {
                    var requested = await RequestAsync(db, sourceId, now, options, c);
                    if (requested is ManualCheckOutcome.Accepted)
                    {
                        audit.Add("sources.check-requested", "source:" + sourceId);
                        await db.SaveChangesAsync(c);
                    }

                    return requested;
                },
                cancellationToken);
        }
    }

    /// <summary>Makes the source due now when a check is allowed; otherwise says until when it is not.</summary>
    public static async Task<ManualCheckOutcome> RequestAsync(AdvisoryWatchDbContext db, string sourceId, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 0; ; attempt++)
        {
            var source = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
            if (source is null)
            {
                return new ManualCheckOutcome.NotFound();
            }

            var (at, reason) = NextAllowed(source, now, options);
            if (reason is not null)
            {
                return new ManualCheckOutcome.Refused(at, reason);
            }

            if (source.NextCheckAtUtc <= now)
            {
                return new ManualCheckOutcome.Accepted(source.NextCheckAtUtc);
            }

            // Only if nothing the rule read has moved since: a poll that finished meanwhile is
            // seen on the next pass.
            var (lastAttempt, failures, retryAfter) = (source.LastAttemptAtUtc, source.ConsecutiveFailures, source.RetryAfterUtc);
            var updated = await db.Set<Source>()
                .Where(s => s.Id == sourceId && s.LastAttemptAtUtc == lastAttempt && s.ConsecutiveFailures == failures && s.RetryAfterUtc == retryAfter)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.NextCheckAtUtc, now), cancellationToken);
            if (updated > 0 || attempt == 2)
            {
                return updated > 0 ? new ManualCheckOutcome.Accepted(now) : new ManualCheckOutcome.Refused(now + options.ManualCheckSpacing, "the source is being checked right now");
            }
        }
    }
}
