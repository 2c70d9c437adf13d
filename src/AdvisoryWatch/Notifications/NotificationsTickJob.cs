using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Planning;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// The scheduler's notification work: builds the digests that are due and escalates urgent alerts
/// nobody acknowledged. Both are safe to run on several schedulers and to run again after a crash:
/// a digest is unique per (recipient, period) and an escalation per (change, coordinator).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class NotificationsTickJob(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    DeliverySignal signal,
    TimeProvider time,
    ILogger<NotificationsTickJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var built = await BuildDueDigestsAsync(cancellationToken);
            var escalated = await EscalateAsync(cancellationToken);
            if (built + escalated > 0)
            {
                signal.Pulse();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTickFailed(logger, e);
        }
    }

    /// <summary>Gathers each recipient's queued rows whose digest time has come into one digest per period.</summary>
    public async Task<int> BuildDueDigestsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var groups = await db.Set<Delivery>().AsNoTracking()
            .Where(d => d.State == DeliveryState.Queued && d.DigestId == null && d.DueAtUtc <= now)
            .GroupBy(d => new { d.RecipientId, d.DueAtUtc, d.DepartmentId, d.Address })
            .Select(g => g.Key)
            .ToListAsync(ct);
        var built = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        foreach (var group in groups)
        {
            // PostgreSQL runs with retries on transient failures: a transaction must be retried whole.
            built += await strategy.ExecuteAsync(() => BuildOneAsync(group.RecipientId, group.DueAtUtc!.Value, group.DepartmentId, group.Address, now, ct));
        }

        return built;
    }

    private async Task<int> BuildOneAsync(Guid recipientId, DateTimeOffset periodEnd, string departmentId, string address, DateTimeOffset now, CancellationToken ct)
    {
        using var write = await gate.EnterAsync(db, ct);
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var digest = await db.Set<Digest>().AsNoTracking().SingleOrDefaultAsync(d => d.RecipientId == recipientId && d.PeriodEndUtc == periodEnd, ct);
        if (digest is null)
        {
            digest = new Digest
            {
                Id = Guid.CreateVersion7(now),
                DepartmentId = departmentId,
                RecipientId = recipientId,
                Address = address,
                PeriodStartUtc = await PeriodStartAsync(db, recipientId, periodEnd, ct),
                PeriodEndUtc = periodEnd,
                State = DeliveryState.Pending,
                CreatedAtUtc = now,
                DueAtUtc = now,
            };
            db.Add(digest);
            await db.SaveChangesAsync(ct);
        }

        var queued = db.Set<Delivery>()
            .Where(d => d.RecipientId == recipientId && d.State == DeliveryState.Queued && d.DigestId == null && d.DueAtUtc == periodEnd);
        var count = await queued.CountAsync(ct);

        // Only a digest no sender has touched takes more items. The update also locks the digest row
        // until commit, so a sender claiming it meanwhile waits and then reads every item attached here.
        var open = await db.Set<Digest>()
            .Where(d => d.Id == digest.Id && d.LockToken == null && d.Attempts == 0 && d.State == DeliveryState.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.ItemCount, d => d.ItemCount + count), ct);
        if (open == 0)
        {
            // Late arrivals for a period already on its way go to the next one.
            var length = periodEnd - digest.PeriodStartUtc;
            var next = periodEnd + (length >= TimeSpan.FromHours(1) ? length : TimeSpan.FromDays(1));
            await queued.ExecuteUpdateAsync(set => set.SetProperty(d => d.DueAtUtc, next), ct);
            await tx.CommitAsync(ct);
            return 0;
        }

        var attached = await queued.ExecuteUpdateAsync(set => set.SetProperty(d => d.DigestId, digest.Id).SetProperty(d => d.State, DeliveryState.Pending), ct);
        await tx.CommitAsync(ct);
        LogDigestBuilt(logger, digest.Id, recipientId, attached, periodEnd);
        return 1;
    }

    /// <summary>Where a recipient's digest period ending at <paramref name="periodEnd"/> starts: the previous digest's end, else its first item.</summary>
    internal static async Task<DateTimeOffset> PeriodStartAsync(AdvisoryWatchDbContext db, Guid recipientId, DateTimeOffset periodEnd, CancellationToken ct)
    {
        var previous = await db.Set<Digest>().AsNoTracking()
            .Where(d => d.RecipientId == recipientId && d.PeriodEndUtc < periodEnd)
            .MaxAsync(d => (DateTimeOffset?)d.PeriodEndUtc, ct);
        if (previous is { } p)
        {
            return p;
        }

        var earliest = await db.Set<Delivery>().AsNoTracking()
            .Where(d => d.RecipientId == recipientId && d.State == DeliveryState.Queued && d.DueAtUtc == periodEnd)
            .MinAsync(d => (DateTimeOffset?)d.CreatedAtUtc, ct);
        return earliest ?? periodEnd;
    }

    /// <summary>Urgent alerts sent to a department that nobody there acknowledged in time go to its coordinator, once.</summary>
    public async Task<int> EscalateAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var departments = await db.Set<Department>().AsNoTracking()
            .Where(d => d.EscalateAfter != null)
            .Include(d => d.Recipients.Where(r => r.Role == RecipientRole.Coordinator))
            .ToListAsync(ct);
        var escalated = 0;
        foreach (var department in departments)
        {
            var coordinator = department.Recipients.FirstOrDefault();
            if (coordinator is null)
            {
                continue;
            }

            var sentBefore = now - department.EscalateAfter!.Value;
            var candidates = await db.Set<Delivery>().AsNoTracking()
                .Where(d => d.DepartmentId == department.Id
                    && d.Mode == DeliveryMode.Immediate
                    && d.Severity == Severity.Urgent
                    && d.State == DeliveryState.Sent
                    && d.SentAtUtc <= sentBefore
                    && !db.Set<Acknowledgement>().Any(a => a.ChangeId == d.ChangeId && a.DepartmentId == d.DepartmentId)
                    && !db.Set<Delivery>().Any(e => e.ChangeId == d.ChangeId && e.RecipientId == coordinator.Id))
                .Select(d => new { d.ChangeId, d.AdvisoryId })
                .Distinct()
                .ToListAsync(ct);
            foreach (var c in candidates)
            {
                using var write = await gate.EnterAsync(db, ct);
                db.ChangeTracker.Clear();
                db.Add(new Delivery
                {
                    Id = Guid.CreateVersion7(now),
                    ChangeId = c.ChangeId,
                    AdvisoryId = c.AdvisoryId,
                    DepartmentId = department.Id,
                    RecipientId = coordinator.Id,
                    Channel = RecipientChannel.Email,
                    Address = coordinator.Address,
                    Mode = DeliveryMode.Escalation,
                    State = DeliveryState.Pending,
                    Severity = Severity.Urgent,
                    CreatedAtUtc = now,
                    DueAtUtc = now,
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                    escalated++;
                    LogEscalated(logger, c.ChangeId, department.Id);
                }
                catch (DbUpdateException)
                {
                    // Another scheduler escalated it a moment ago: once is enough.
                    db.ChangeTracker.Clear();
                }
            }
        }

        return escalated;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The notifications tick failed; it runs again at the next interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {DigestId} for recipient {RecipientId}: {Items} items up to {PeriodEnd}")]
    private static partial void LogDigestBuilt(ILogger logger, Guid digestId, Guid recipientId, int items, DateTimeOffset periodEnd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Urgent change {ChangeId} was not acknowledged by {DepartmentId} in time: escalated to its coordinator")]
    private static partial void LogEscalated(ILogger logger, Guid changeId, string departmentId);
}
