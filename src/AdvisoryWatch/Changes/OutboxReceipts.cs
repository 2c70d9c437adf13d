using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>
/// Which consumers each outbox message type waits for, and how a consumer records that it has a
/// message: <see cref="AddAsync"/> inside its own transaction, <see cref="Recorded"/> after the
/// commit, so the dispatcher completes the rows soon instead of on its next round.
/// </summary>
public sealed class OutboxReceipts(IEnumerable<OutboxConsumer> consumers, OutboxSignal signal)
{
    private int _recorded;

    /// <summary>The consumers' names by message type (the outbox row's <see cref="OutboxMessage.MessageType"/>).</summary>
    public IReadOnlyDictionary<string, string[]> Expected { get; } = consumers
        .GroupBy(c => c.MessageType.FullName!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(c => c.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// Adds the receipts this consumer does not have yet for <paramref name="messageIds"/> to
    /// <paramref name="db"/>'s unit of work; the caller saves them with its own rows, in one
    /// transaction. Messages without an id (not from the outbox) need none.
    /// </summary>
    public async Task<int> AddAsync(AdvisoryWatchDbContext db, IEnumerable<Guid?> messageIds, string consumer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messageIds);
        var ids = messageIds.OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        var known = await db.Set<OutboxReceipt>().AsNoTracking()
            .Where(r => r.Consumer == consumer && ids.Contains(r.MessageId))
            .Select(r => r.MessageId)
            .ToListAsync(cancellationToken);
        var missing = ids.Except(known).ToList();
        db.AddRange(missing.Select(id => new OutboxReceipt { MessageId = id, Consumer = consumer, RecordedAtUtc = now }));
        return missing.Count;
    }

    /// <summary>Tells the dispatcher that receipts were committed.</summary>
    public void Recorded()
    {
        Volatile.Write(ref _recorded, 1);
        signal.Pulse();
    }

    /// <summary>Whether receipts were committed since the last call.</summary>
    internal bool TakeRecorded() => Interlocked.Exchange(ref _recorded, 0) == 1;
}
