using AdvisoryWatch.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Changes;

/// <summary>Wakes the dispatcher when a transaction has written events, so they go out at once rather than on the next timer.</summary>
public sealed class OutboxSignal : Hosting.WakeSignal;

/// <summary>
/// Publishes outbox rows through the bus and completes them when what they announce is safe. At
/// least once: anything not known to be safe is published again, and consumers are idempotent.
/// Several dispatchers can run (one per worker node); a row is locked by one of them for a lease.
/// <para>
/// When is a row safe? On a transport that holds messages durably (<see cref="OutboxTransport"/>) it
/// is when the publish returns. On the in-memory bus a published message lives only in this
/// process, and a crash (kill -9, the out-of-memory killer) before its consumers commit would lose
/// it: there a published row waits until every consumer registered for its type has written its
/// <see cref="OutboxReceipt"/>, in the transaction of its work. A row not recorded within its lease
/// is published again, each time with a longer lease; when this process starts, every row not yet
/// recorded is published again at once, since no in-memory message outlives the process that held it.
/// </para>
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    OutboxReceipts receipts,
    OutboxTransport transport,
    IOptions<ChangesOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>The longest a published row waits for its receipts before it is published again.</summary>
    private static readonly TimeSpan MaxReceiptLease = TimeSpan.FromHours(1);

    /// <summary>How often done rows past their retention are deleted, and how many per statement.</summary>
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private const int PruneChunk = 1_000;

    private bool _recovered;
    private DateTimeOffset _lastCompletion = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DispatchOnceAsync(stoppingToken);
                failures = 0;
                if (published == BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The broker or the database is away: wait longer each time, never spin.
                failures++;
                LogDispatchFailed(logger, failures, e);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures))), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (time.GetUtcNow() - _lastPrune >= PruneEvery)
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPruneFailed(logger, e);
                }

                _lastPrune = time.GetUtcNow();
            }

            await signal.WaitAsync(Idle, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Deletes the rows done longer ago than <see cref="ChangesOptions.OutboxRetention"/>, with their
    /// receipts, a chunk per transaction so that polls' writes get the write gate between chunks.
    /// Rows not done are never touched, however old. Returns how many rows were deleted.
    /// </summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        var cutoff = time.GetUtcNow() - options.Value.OutboxRetention;
        var deleted = 0;
        while (true)
        {
            var ids = await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.SentAtUtc != null && m.SentAtUtc < cutoff)
                .OrderBy(m => m.SentAtUtc)
                .Select(m => m.Id)
                .Take(PruneChunk)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            using (await gate.EnterAsync(db, cancellationToken))
            {
                deleted += await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                    await db.Set<OutboxReceipt>().Where(r => ids.Contains(r.MessageId)).ExecuteDeleteAsync(cancellationToken);
                    var rows = await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.SentAtUtc != null).ExecuteDeleteAsync(cancellationToken);
                    await tx.CommitAsync(cancellationToken);
                    return rows;
                });
            }

            if (ids.Count < PruneChunk)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            LogPruned(logger, deleted, options.Value.OutboxRetention);
        }

        return deleted;
    }

    /// <summary>Completes what its consumers recorded, then publishes one batch; returns how many were published.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        await using var connection = await db.Database.KeepConnectionOpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (!transport.HoldsPublishedMessages)
        {
            if (!_recovered)
            {
                await RecoverAsync(db, gate, now, cancellationToken);
                _recovered = true;
                _lastCompletion = now;
            }
            else if (receipts.TakeRecorded() || now - _lastCompletion >= Idle)
            {
                // Only when a consumer here recorded something, or now and then for what consumers
                // of other nodes recorded: a round woken by a poll's commit costs no extra statement.
                await CompleteAsync(db, gate, now, cancellationToken);
                _lastCompletion = now;
            }
        }

        var token = Guid.NewGuid();
        var candidates = db.Set<OutboxMessage>()
            .Where(m => m.SentAtUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.CreatedAtUtc)
            .Take(BatchSize)
            .Select(m => m.Id);
        int locked;
        using (await gate.EnterAsync(db, cancellationToken))
        {
            locked = await db.Set<OutboxMessage>()
                .Where(m => candidates.Contains(m.Id) && m.SentAtUtc == null && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockToken, token).SetProperty(m => m.LockedUntilUtc, now + Lease), cancellationToken);
        }

        if (locked == 0)
        {
            return 0;
        }

        var batch = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.LockToken == token).OrderBy(m => m.CreatedAtUtc).ToListAsync(cancellationToken);
        var again = batch.Count(m => m.PublishedAtUtc is not null);
        if (again > 0)
        {
            LogPublishingAgain(logger, again);
        }

        var published = new List<OutboxMessage>(batch.Count);
        foreach (var row in batch)
        {
            try
            {
                var message = row.Deserialize();
                await bus.Publish(message, message.GetType(), context => context.MessageId = row.Id, cancellationToken);
                published.Add(row);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Rows after a failure keep their lease and are retried when it expires, in order.
                await FailedAsync(db, gate, row, e);
                break;
            }
        }

        await MarkPublishedAsync(db, gate, token, published);
        return published.Count;
    }

    /// <summary>
    /// Marks what was published, in one statement per outcome rather than one per row: done, if the
    /// transport holds it or nobody is registered to record it; else waiting for receipts.
    /// </summary>
    private async Task MarkPublishedAsync(AdvisoryWatchDbContext db, WriteGate gate, Guid token, List<OutboxMessage> published)
    {
        if (published.Count == 0)
        {
            return;
        }

        // On RabbitMQ MassTransit publishes with publisher confirms to durable exchanges, bound at
        // start-up to the durable queues of every consumer's endpoint: a returned publish is a
        // message the broker has stored for each of them, and outlives this process. What the
        // consumers do with it then is the broker's redelivery to guarantee, not the outbox's.
        var done = published.Where(m => transport.HoldsPublishedMessages || !receipts.Expected.ContainsKey(m.MessageType)).Select(m => m.Id).ToList();
        var waiting = published.ExceptBy(done, m => m.Id).GroupBy(m => m.Attempts);
        var now = time.GetUtcNow();

        // After the publish, whatever the caller's token says: leaving a published row locked
        // would only delay its completion.
        using var write = await gate.EnterAsync(db, CancellationToken.None);
        if (done.Count > 0)
        {
            await db.Set<OutboxMessage>()
                .Where(m => m.LockToken == token && done.Contains(m.Id))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(m => m.SentAtUtc, now).SetProperty(m => m.PublishedAtUtc, now).SetProperty(m => m.Attempts, m => m.Attempts + 1)
                        .SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntilUtc, (DateTimeOffset?)null),
                    CancellationToken.None);
        }

        foreach (var group in waiting)
        {
            // Usually one group: rows published for the first time.
            var ids = group.Select(m => m.Id).ToList();
            var attempts = group.Key + 1;
            var until = now + ReceiptLease(attempts);
            await db.Set<OutboxMessage>()
                .Where(m => m.LockToken == token && ids.Contains(m.Id))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(m => m.PublishedAtUtc, now).SetProperty(m => m.Attempts, attempts)
                        .SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntilUtc, until),
                    CancellationToken.None);
        }
    }

    /// <summary>A minute for the first publish, doubling with every publish after it, up to <see cref="MaxReceiptLease"/>.</summary>
    internal static TimeSpan ReceiptLease(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxReceiptLease.Ticks, Lease.Ticks << Math.Clamp(attempts - 1, 0, 10)));

    private async Task FailedAsync(AdvisoryWatchDbContext db, WriteGate gate, OutboxMessage row, Exception e)
    {
        var attempts = row.Attempts + 1;
        var error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
        var until = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Min(attempts, 6))));
        LogPublishFailed(logger, row.Id, attempts, e);
        using var write = await gate.EnterAsync(db, CancellationToken.None);
        await db.Set<OutboxMessage>()
            .Where(m => m.Id == row.Id)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntilUtc, until),
                CancellationToken.None);
    }

    /// <summary>Completes, in one statement per message type, every row whose consumers have all recorded it.</summary>
    private async Task<int> CompleteAsync(AdvisoryWatchDbContext db, WriteGate gate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var completed = 0;
        foreach (var (type, names) in receipts.Expected)
        {
            var count = names.Length;
            using var write = await gate.EnterAsync(db, cancellationToken);
            completed += await db.Set<OutboxMessage>()
                .Where(m => m.SentAtUtc == null && m.MessageType == type
                    && db.Set<OutboxReceipt>().Count(r => r.MessageId == m.Id && names.Contains(r.Consumer)) == count)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(m => m.SentAtUtc, now).SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntilUtc, (DateTimeOffset?)null),
                    cancellationToken);
        }

        return completed;
    }

    /// <summary>
    /// On start-up: completes what was recorded before the restart, and frees every other row
    /// for publishing now. Whatever this node had published, locked or backed off lived in the
    /// process that is gone; waiting out its lease would only delay the alerts.
    /// </summary>
    private async Task RecoverAsync(AdvisoryWatchDbContext db, WriteGate gate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await CompleteAsync(db, gate, now, cancellationToken);
        int freed;
        using (await gate.EnterAsync(db, cancellationToken))
        {
            freed = await db.Set<OutboxMessage>()
                .Where(m => m.SentAtUtc == null && m.LockedUntilUtc != null)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntilUtc, (DateTimeOffset?)null), cancellationToken);
        }

        if (freed > 0)
        {
            LogRecovered(logger, freed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({Failures} in a row); retrying with back-off")]
    private static partial void LogDispatchFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} failed (attempt {Attempts}); it will be retried")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} outbox messages were not done when this node last stopped; they are published again now")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} outbox messages done more than {Retention} ago, with their receipts")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting old outbox messages failed; the next round tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox messages published earlier and not recorded by all their consumers are published again")]
    private static partial void LogPublishingAgain(ILogger logger, int count);
}
