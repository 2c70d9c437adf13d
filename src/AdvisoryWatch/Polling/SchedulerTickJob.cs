using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace AdvisoryWatch.Polling;

/// <summary>
/// The scheduler's tick: claims the sources that are due and hands each to a worker. The database
/// is the schedule; this job only reads it, so ticks can be missed or doubled without harm.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SchedulerTickJob(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    IPollDispatch dispatch,
    ClaimKeeper keeper,
    PollPace pace,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<SchedulerTickJob> logger) : IJob
{
    /// <summary>The job's name with Quartz, for whoever needs a tick now.</summary>
    public const string JobName = "scheduler-tick";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var o = options.Value;

            // Read outside the write gate: the polls' writes need not wait for the planning.
            var plan = await SourceClaims.PlanAsync(db, now, o, pace.Horizon(now, o), cancellationToken);
            Guid? token;
            using (await gate.EnterAsync(db, cancellationToken))
            {
                token = await SourceClaims.ClaimAsync(db, plan, now, o, dispatch.HoldsClaims ? keeper.NodeId : null, cancellationToken);
            }

            if (token is { } claimed)
            {
                var count = await dispatch.DispatchAsync(db, claimed, cancellationToken);
                LogClaimed(logger, count);
            }

            pace.ReportBehind(plan, now, o);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A tick that fails (database busy, broker restarting) is retried by the next tick;
            // claimed sources come back when their lease runs out.
            LogTickFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claimed {Count} due sources")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler tick failed; the next tick retries")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}

/// <summary>Which due sources a tick claims: the oldest due first, and from each host no more than its limits can start soon.</summary>
/// <param name="SourceIds">The sources to claim, oldest due first; null: every due source, up to a batch (no host limit applies).</param>
/// <param name="LeftDue">Per host, the due sources left for later ticks because the host's share was full.</param>
public sealed record ClaimPlan(IReadOnlyList<string>? SourceIds, IReadOnlyDictionary<string, int> LeftDue);

/// <summary>The atomic claim of due sources.</summary>
public static class SourceClaims
{
    /// <summary>Ids per claiming statement, well inside every provider's parameter limit.</summary>
    private const int Chunk = 500;

    /// <summary>
    /// Claims up to a batch of due sources with one token (see <see cref="PlanAsync"/> and
    /// <see cref="ClaimAsync(AdvisoryWatchDbContext, ClaimPlan, DateTimeOffset, PollingOptions, string?, CancellationToken)"/>),
    /// planned for half a lease.
    /// </summary>
    public static async Task<IReadOnlyList<(string Id, Guid Token)>> ClaimDueAsync(AdvisoryWatchDbContext db, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plan = await PlanAsync(db, now, options, options.ClaimLease / 2, cancellationToken);
        if (await ClaimAsync(db, plan, now, options, claimedBy: null, cancellationToken) is not { } token)
        {
            return [];
        }

        var ids = await db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken == token).Select(s => s.Id).ToListAsync(cancellationToken);
        return [.. ids.Select(id => (id, token))];
    }

    /// <summary>
    /// Picks the due sources, oldest due first, skipping a host once the claims it holds reach
    /// what its politeness limits can start within <paramref name="horizon"/>
    /// (<see cref="PollingOptions.HostClaimLimit"/>): a host with more due sources than it can be
    /// polled for keeps polling at its limit, its sources in turn, and the claims never queue past
    /// their lease. Without a per-host spacing there is nothing to plan: the claim takes the
    /// oldest due, up to a batch.
    /// </summary>
    public static async Task<ClaimPlan> PlanAsync(AdvisoryWatchDbContext db, DateTimeOffset now, PollingOptions options, TimeSpan horizon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.HostClaimLimit(horizon);
        var leftDue = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (limit == int.MaxValue)
        {
            return new ClaimPlan(null, leftDue);
        }

        var held = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await foreach (var url in db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken != null && s.ClaimedUntilUtc >= now).Select(s => s.Url).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var host = SourceHost.Of(url);
            held[host] = held.GetValueOrDefault(host) + 1;
        }

        var picked = new List<string>();
        await foreach (var due in Due(db, now).Select(s => new { s.Id, s.Url }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (picked.Count == options.BatchSize)
            {
                break;
            }

            var host = SourceHost.Of(due.Url);
            var holds = held.GetValueOrDefault(host);
            if (holds >= limit)
            {
                leftDue[host] = leftDue.GetValueOrDefault(host) + 1;
                continue;
            }

            held[host] = holds + 1;
            picked.Add(due.Id);
        }

        return new ClaimPlan(picked, leftDue);
    }

    /// <summary>
    /// The claim itself: the token the planned rows now hold, or null when none was claimed. The
    /// UPDATE re-checks that each row is still due and unclaimed, so two schedulers racing for the
    /// same rows cannot both win one: SQLite serialises writers, and PostgreSQL re-evaluates the
    /// condition on the locked row.
    /// </summary>
    /// <param name="claimedBy">The node that will hold the claims (and renew them); null when they go to the bus.</param>
    public static async Task<Guid?> ClaimAsync(AdvisoryWatchDbContext db, ClaimPlan plan, DateTimeOffset now, PollingOptions options, string? claimedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var token = Guid.NewGuid();
        var until = now + options.ClaimLease;
        var rows = 0;
        if (plan.SourceIds is null)
        {
            var due = Due(db, now).Take(options.BatchSize).Select(s => s.Id);
            rows = await Claimable(db.Set<Source>().Where(s => due.Contains(s.Id)), now).ExecuteUpdateAsync(
                set => set.SetProperty(s => s.ClaimToken, token).SetProperty(s => s.ClaimedUntilUtc, until).SetProperty(s => s.ClaimedBy, claimedBy),
                cancellationToken);
        }
        else
        {
            foreach (var chunk in plan.SourceIds.Chunk(Chunk))
            {
                rows += await Claimable(db.Set<Source>().Where(s => chunk.Contains(s.Id)), now).ExecuteUpdateAsync(
                    set => set.SetProperty(s => s.ClaimToken, token).SetProperty(s => s.ClaimedUntilUtc, until).SetProperty(s => s.ClaimedBy, claimedBy),
                    cancellationToken);
            }
        }

        return rows == 0 ? null : token;
    }

    /// <summary>The due, unclaimed sources, oldest due first (a range over the schedule index).</summary>
    private static IQueryable<Source> Due(AdvisoryWatchDbContext db, DateTimeOffset now) =>
        Claimable(db.Set<Source>().Where(s => s.NextCheckAtUtc <= now && (s.RetryAfterUtc == null || s.RetryAfterUtc <= now)), now)
            .OrderBy(s => s.NextCheckAtUtc);

    private static IQueryable<Source> Claimable(IQueryable<Source> sources, DateTimeOffset now) =>
        sources.Where(s => s.Enabled && (s.ClaimedUntilUtc == null || s.ClaimedUntilUtc < now));

    /// <summary>
    /// Makes a source due at <paramref name="now"/>; a source being polled is left to finish, and a
    /// Retry-After still holds (the claim skips the source until it passes). Callers that act for
    /// a person go through <see cref="ManualCheck"/>, which also keeps the back-off.
    /// </summary>
    public static Task<int> MakeDueAsync(AdvisoryWatchDbContext db, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Source>()
            .Where(s => s.Id == sourceId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.NextCheckAtUtc, now), cancellationToken);
    }
}
