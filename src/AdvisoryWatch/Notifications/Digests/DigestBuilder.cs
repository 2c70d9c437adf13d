using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Digests;

/// <summary>
/// Where a digest is built: each recipient's queued rows whose digest time has come become one
/// digest per (recipient, period), unique on both, so running it on several schedulers or again
/// after a crash builds each digest once. The sender then sends it like any other row.
/// </summary>
public sealed partial class DigestBuilder(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    TimeProvider time,
    ILogger<DigestBuilder> logger)
{
    /// <summary>Gathers each recipient's queued rows whose digest time has come into one digest per period.</summary>
    public async Task<int> BuildDueAsync(CancellationToken ct)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {DigestId} for recipient {RecipientId}: {Items} items up to {PeriodEnd}")]
    private static partial void LogDigestBuilt(ILogger logger, Guid digestId, Guid recipientId, int items, DateTimeOffset periodEnd);
}
