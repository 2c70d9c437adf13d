using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// Puts a failed delivery back in the sender's queue: due now, its claim cleared, under the same
/// lease, Message-ID and outcome rules as every other send. Only a row still failed moves (the
/// UPDATE says so), so two retries, or a retry of a row that is pending, sent or ambiguous, never
/// send twice. A delivery that went in a digest is retried with its digest: the digest row is what
/// is sent, and the deliveries it carried share its fate.
/// </summary>
public sealed class DeliveryRetry(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, DeliverySignal signal, TimeProvider time)
{
    public async Task<DeliveryRetryOutcome> RetryAsync(Actor actor, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = await db.Set<Delivery>().AsNoTracking().ReadableBy(actor, d => d.DepartmentId)
            .Where(d => d.Id == id)
            .Select(d => new { d.DepartmentId, d.Mode, d.DigestId, d.State, d.LastReply })
            .SingleOrDefaultAsync(ct);
        if (row is null || !actor.CanManage(row.DepartmentId))
        {
            return DeliveryRetryOutcome.NotFound;
        }

        var now = time.GetUtcNow();
        int moved;
        using (await gate.EnterAsync(db, ct))
        {
            moved = await db.InTransactionAsync(
                async t =>
                {
                    var count = row.Mode == DeliveryMode.Digest
                        ? await RequeueDigestAsync(row.DigestId, now, t)
                        : await db.Set<Delivery>()
                            .Where(d => d.Id == id && d.State == DeliveryState.Failed)
                            .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.DueAtUtc, now).SetProperty(d => d.LockToken, (Guid?)null).SetProperty(d => d.LockedUntilUtc, (DateTimeOffset?)null), t);
                    if (count > 0)
                    {
                        audit.Add("deliveries.retried", "delivery:" + id, $"failed: {row.LastReply}", row.Mode == DeliveryMode.Digest ? "pending (with its digest)" : "pending");
                        await db.SaveChangesAsync(t);
                    }

                    return count;
                },
                ct);
        }

        if (moved == 0)
        {
            return DeliveryRetryOutcome.NotFailed;
        }

        signal.Pulse();
        return DeliveryRetryOutcome.Queued;
    }

    /// <summary>The digest goes back to the queue, and the failed deliveries it carried with it.</summary>
    private async Task<int> RequeueDigestAsync(Guid? digestId, DateTimeOffset now, CancellationToken ct)
    {
        if (digestId is null)
        {
            return 0;
        }

        var moved = await db.Set<Digest>()
            .Where(d => d.Id == digestId && d.State == DeliveryState.Failed)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.DueAtUtc, now).SetProperty(d => d.LockToken, (Guid?)null).SetProperty(d => d.LockedUntilUtc, (DateTimeOffset?)null), ct);
        if (moved > 0)
        {
            await db.Set<Delivery>()
                .Where(d => d.DigestId == digestId && d.State == DeliveryState.Failed)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.State, DeliveryState.Pending), ct);
        }

        return moved;
    }
}
