using System.Threading.Channels;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// Writes the outcomes that change only a source's row (a 304, a failure, a rate limit) — nine polls
/// in ten. On SQLite the polls that finish while a write is under way are written together: one
/// pass through the write gate and one transaction for the lot, each row still its own UPDATE
/// guarded by its claim token. A commit per 304, each queueing for the gate, was what a polling
/// cycle waited on. PostgreSQL has concurrent writers, so there each poll writes its own row.
/// Every schedule write, batched or not, goes through <see cref="ScheduleStatements"/>.
/// </summary>
public sealed class ScheduleWriter(IServiceScopeFactory scopes, WriteGate gate, IOptions<DatabaseOptions> database)
{
    /// <summary>Enough to drain what 64 concurrent polls produce while one batch commits.</summary>
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _draining;
    private ScheduleStatements? _statements;

    /// <summary>Applies <paramref name="update"/> to the source's row if the claim still holds; false when it was lost.</summary>
    public async Task<bool> WriteAsync(AdvisoryWatchDbContext db, string sourceId, Guid claimToken, SourceRowUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(update);

        // The provider comes from the options: asking the context would set it up for nothing,
        // since a batched write uses the writer's own context.
        if (database.Value.Provider != DatabaseProvider.Sqlite)
        {
            var row = new ScheduleRow(sourceId, claimToken, update);
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(
                async ct =>
                {
                    await db.Database.OpenConnectionAsync(ct);
                    try
                    {
                        return (await Statements(db).ExecuteAsync(db, [row], ct))[0];
                    }
                    finally
                    {
                        await db.Database.CloseConnectionAsync();
                    }
                },
                cancellationToken);
        }

        var pending = new Pending(new ScheduleRow(sourceId, claimToken, update));
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The first poll to find no writer becomes it; the others only wait for their row.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="update"/> in <paramref name="db"/>'s current transaction, with the
    /// facts of a poll that changed more than the schedule; false when the claim was lost.
    /// </summary>
    public async Task<bool> WriteInTransactionAsync(AdvisoryWatchDbContext db, string sourceId, Guid claimToken, SourceRowUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(update);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A schedule written with the facts needs their transaction.");
        }

        return (await Statements(db).ExecuteAsync(db, [new ScheduleRow(sourceId, claimToken, update)], cancellationToken))[0];
    }

    /// <summary>Built once from the model; a race only builds it twice.</summary>
    private ScheduleStatements Statements(AdvisoryWatchDbContext db)
    {
        var statements = Volatile.Read(ref _statements);
        if (statements is null || !ReferenceEquals(statements.Model, db.Model))
        {
            statements = ScheduleStatements.Create(db);
            Volatile.Write(ref _statements, statements);
        }

        return statements;
    }

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
            bool[] written;
            using (await gate.EnterAsync(db, CancellationToken.None))
            {
                await using var tx = await db.Database.BeginTransactionAsync();
                written = await Statements(db).ExecuteAsync(db, [.. batch.Select(p => p.Row)], CancellationToken.None);
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

    private sealed record Pending(ScheduleRow Row)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
