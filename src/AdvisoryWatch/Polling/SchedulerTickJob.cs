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
            Guid? token;
            using (await gate.EnterAsync(db, cancellationToken))
            {
                token = await SourceClaims.ClaimAsync(db, time.GetUtcNow(), options.Value, cancellationToken);
            }

            if (token is { } claimed)
            {
                var count = await dispatch.DispatchAsync(db, claimed, cancellationToken);
                LogClaimed(logger, count);
            }
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

/// <summary>The atomic claim of due sources.</summary>
public static class SourceClaims
{
    /// <summary>
    /// Claims up to a batch of due sources with one token. The UPDATE re-checks that each row is
    /// still unclaimed, so two schedulers racing for the same rows cannot both win one: SQLite
    /// serialises writers, and PostgreSQL re-evaluates the condition on the locked row.
    /// </summary>
    public static async Task<IReadOnlyList<(string Id, Guid Token)>> ClaimDueAsync(AdvisoryWatchDbContext db, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        if (await ClaimAsync(db, now, options, cancellationToken) is not { } token)
        {
            return [];
        }

        var ids = await db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken == token).Select(s => s.Id).ToListAsync(cancellationToken);
        return [.. ids.Select(id => (id, token))];
    }

    /// <summary>The claim itself (see <see cref="ClaimDueAsync"/>): the token the claimed rows now hold, or null when none was due.</summary>
    public static async Task<Guid?> ClaimAsync(AdvisoryWatchDbContext db, DateTimeOffset now, PollingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var token = Guid.NewGuid();
        var until = now + options.ClaimLease;
        var due = db.Set<Source>()
            .Where(s => s.Enabled
                && s.NextCheckAtUtc <= now
                && (s.RetryAfterUtc == null || s.RetryAfterUtc <= now)
                && (s.ClaimedUntilUtc == null || s.ClaimedUntilUtc < now))
            .OrderBy(s => s.NextCheckAtUtc)
            .Take(options.BatchSize)
            .Select(s => s.Id);
        var rows = await db.Set<Source>()
            .Where(s => due.Contains(s.Id)
                && s.Enabled
                && (s.ClaimedUntilUtc == null || s.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(
                set => set.SetProperty(s => s.ClaimToken, token).SetProperty(s => s.ClaimedUntilUtc, until),
                cancellationToken);
        return rows == 0 ? null : token;
    }

    /// <summary>Makes a source due now ("check now"); a source being polled is left to finish.</summary>
    public static Task<int> MakeDueAsync(AdvisoryWatchDbContext db, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Source>()
            .Where(s => s.Id == sourceId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.NextCheckAtUtc, now).SetProperty(s => s.RetryAfterUtc, (DateTimeOffset?)null), cancellationToken);
    }
}
