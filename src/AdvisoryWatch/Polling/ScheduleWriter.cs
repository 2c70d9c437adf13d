using System.Threading.Channels;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// Writes the outcomes that change only a source's row (a 304, a failure, a rate limit) — nine polls
/// in ten. On SQLite the polls that finish while a write is under way are written together: one
/// pass through the write gate and one transaction for the lot, each row still its own UPDATE
/// guarded by its claim token. A commit per 304, each queueing for the gate, was what a polling
/// cycle waited on. PostgreSQL has concurrent writers, so there each poll writes its own row.
/// </summary>
public sealed class ScheduleWriter(IServiceScopeFactory scopes, WriteGate gate, IOptions<DatabaseOptions> database)
{
    /// <summary>Enough to drain what 64 concurrent polls produce while one batch commits.</summary>
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _draining;

    /// <summary>Applies <paramref name="schedule"/> to the source's row if the claim still holds; false when it was lost.</summary>
    public async Task<bool> WriteAsync(AdvisoryWatchDbContext db, string sourceId, Guid claimToken, Action<UpdateSettersBuilder<Source>> schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // The provider comes from the options: asking the context would set it up for nothing,
        // since a batched write uses the writer's own context.
        if (database.Value.Provider != DatabaseProvider.Sqlite)
        {
            return await Claimed(db, sourceId, claimToken).ExecuteUpdateAsync(schedule, cancellationToken) > 0;
        }

        var pending = new Pending(sourceId, claimToken, schedule);
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The first poll to find no writer becomes it; the others only wait for their row.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private static IQueryable<Source> Claimed(AdvisoryWatchDbContext db, string sourceId, Guid claimToken) =>
        db.Set<Source>().Where(s => s.Id == sourceId && s.ClaimToken == claimToken);

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);

                // A write queued after the last read but before the flag dropped has no writer yet.
                if (!_queue.Reader.TryPeek(out _) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var written = new bool[batch.Count];
            using (await gate.EnterAsync(db, CancellationToken.None))
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    written[i] = await Claimed(db, batch[i].SourceId, batch[i].ClaimToken).ExecuteUpdateAsync(batch[i].Schedule) > 0;
                }

                await tx.CommitAsync();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(written[i]);
            }
        }
        catch (Exception e)
        {
            // Nothing of the batch was committed: every poll in it fails as its own write would
            // have, and is retried like one.
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private sealed record Pending(string SourceId, Guid ClaimToken, Action<UpdateSettersBuilder<Source>> Schedule)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
