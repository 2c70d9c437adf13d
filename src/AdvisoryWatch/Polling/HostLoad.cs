using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Polling;

/// <summary>How one host keeps up: its backlog, the rate it is checked at, and the rate its sources ask for.</summary>
/// <param name="Host">The host of the sources' primary URLs.</param>
/// <param name="Sources">Enabled sources on it.</param>
/// <param name="Due">Sources whose next check has passed, being checked or waiting their turn (the backlog).</param>
/// <param name="Overdue">Sources due for more than two of their intervals.</param>
/// <param name="InProgress">Sources claimed now (queued for a worker or being polled).</param>
/// <param name="OldestDueAtUtc">The next check of the source that has waited longest.</param>
/// <param name="MaxLatenessSeconds">How long that source has waited.</param>
/// <param name="CheckedLastMinute">Sources checked in the last minute: the effective rate, a minute.</param>
/// <param name="LimitPerMinute">The most checks a minute its politeness limits allow one worker process (null: no spacing set).</param>
/// <param name="DemandPerMinute">Checks a minute its sources' intervals ask for.</param>
/// <param name="Behind">The host cannot keep up: sources are overdue, or the intervals ask for more than the limit allows.</param>
/// <param name="Note">What "behind" means here, in words.</param>
public sealed record HostLoadView(
    string Host,
    int Sources,
    int Due,
    int Overdue,
    int InProgress,
    DateTimeOffset? OldestDueAtUtc,
    double? MaxLatenessSeconds,
    int CheckedLastMinute,
    double? LimitPerMinute,
    double DemandPerMinute,
    bool Behind,
    string? Note);

/// <summary>Works out <see cref="HostLoadView"/> from the sources' schedule columns (the database is the schedule).</summary>
public static class HostLoad
{
    public static async Task<IReadOnlyList<HostLoadView>> ReadAsync(AdvisoryWatchDbContext db, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<Source>().AsNoTracking()
            .Where(s => s.Enabled)
            .Select(s => new Source
            {
                Id = s.Id,
                Name = "",
                Authority = "",
                Country = "",
                Language = "",
                Url = s.Url,
                Enabled = s.Enabled,
                IntervalMinutes = s.IntervalMinutes,
                NextCheckAtUtc = s.NextCheckAtUtc,
                LastAttemptAtUtc = s.LastAttemptAtUtc,
                ClaimToken = s.ClaimToken,
                ClaimedUntilUtc = s.ClaimedUntilUtc,
            })
            .ToListAsync(cancellationToken);
        return Summarise(rows, now, options);
    }

    public static IReadOnlyList<HostLoadView> Summarise(IEnumerable<Source> sources, DateTimeOffset now, PollingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.HostChecksPerMinute;
        return [.. sources.Where(s => s.Enabled).GroupBy(s => SourceHost.Of(s.Url), StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var due = g.Where(s => s.LatenessAt(now) is not null).ToList();
            var oldest = due.Count == 0 ? (DateTimeOffset?)null : due.Min(s => s.NextCheckAtUtc);
            var overdue = due.Count(s => s.IsOverdue(now));
            var demand = g.Sum(s => 1.0 / Math.Max(1, s.IntervalMinutes));
            var behind = overdue > 0 || (limit is { } l && demand > l);
            return new HostLoadView(
                g.Key,
                g.Count(),
                due.Count,
                overdue,
                g.Count(s => s.ClaimToken is not null && s.ClaimedUntilUtc >= now),
                oldest,
                oldest is { } o ? Math.Round((now - o).TotalSeconds, 1) : null,
                g.Count(s => s.LastAttemptAtUtc > now.AddMinutes(-1)),
                limit is { } lim ? Math.Round(lim, 1) : null,
                Math.Round(demand, 1),
                behind,
                behind ? Explain(g.Count(), overdue, demand, limit) : null);
        }).OrderByDescending(h => h.Behind).ThenByDescending(h => h.Due).ThenBy(h => h.Host, StringComparer.Ordinal)];
    }

    private static string Explain(int sources, int overdue, double demand, double? limit)
    {
        var text = $"{overdue} of {sources} sources are overdue";
        if (limit is { } l && demand > l)
        {
            // Every source still gets its turn, just less often: the host's share divided evenly.
            text += $"; their intervals ask for {demand:0} checks a minute and the politeness limit allows {l:0}, so each is checked about every {demand / l:0.#} times its interval, in turn";
        }

        return text;
    }
}
