using AdvisoryWatch.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Changes;

/// <summary>Wakes the dispatcher when a transaction has written events, so they go out at once rather than on the next timer.</summary>
public sealed class OutboxSignal : Hosting.WakeSignal;

/// <summary>
/// Publishes outbox rows through the bus and marks them sent. At least once: a crash between the
/// publish and the mark publishes again, and consumers are idempotent on the change id. Several
/// dispatchers can run (one per worker node); a row is locked by one of them for a lease.
/// </summary>
public sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider time, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

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

            await signal.WaitAsync(Idle, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Publishes one batch; returns how many were published.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var gate = scope.ServiceProvider.GetRequiredService<WriteGate>();
        await using var connection = await db.Database.KeepConnectionOpenAsync(cancellationToken);
        var now = time.GetUtcNow();
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

        var batch = await db.Set<OutboxMessage>().Where(m => m.LockToken == token).OrderBy(m => m.CreatedAtUtc).ToListAsync(cancellationToken);
        var published = 0;
        foreach (var row in batch)
        {
            try
            {
                var message = row.Deserialize();
                await bus.Publish(message, message.GetType(), context => context.MessageId = row.Id, cancellationToken);
                row.SentAtUtc = time.GetUtcNow();
                row.LockToken = null;
                row.LockedUntilUtc = null;
                published++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                row.Attempts++;
                row.LastError = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
                row.LockedUntilUtc = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Min(row.Attempts, 6))));
                row.LockToken = null;
                LogPublishFailed(logger, row.Id, row.Attempts, e);
                break;
            }
        }

        // Rows after a failure keep their lease and are retried when it expires, in order.
        using (await gate.EnterAsync(db, CancellationToken.None))
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return published;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({Failures} in a row); retrying with back-off")]
    private static partial void LogDispatchFailed(ILogger logger, int failures, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox message {MessageId} failed (attempt {Attempts}); it will be retried")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, int attempts, Exception exception);
}
