using System.Threading.Channels;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// Writes a poll's outcome: the source's row, and with it the facts the poll recorded, if any. On
/// SQLite the polls that finish while a write is under way are written together: one pass through
/// the write gate and one transaction for the lot. A commit per poll, each queueing for the gate,
/// was what a polling cycle waited on.
/// Each row is still its own <c>UPDATE</c> guarded by its claim token, and a poll's facts are
/// written under a savepoint of their own, so a lost claim or a failed insert undoes that poll alone.
/// PostgreSQL has concurrent writers, so there each poll writes in its own transaction. Every
/// schedule write goes through <see cref="ScheduleStatements"/>.
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

        return await EnqueueAsync(new Pending(new ScheduleRow(sourceId, claimToken, update), Facts: null), cancellationToken);
    }

    /// <summary>
    /// Writes what <paramref name="db"/> tracks (a poll's advisories, versions and outbox rows)
    /// together with <paramref name="update"/>, in one transaction: both or neither. False when the
    /// claim was lost, and then nothing was written. On SQLite the tracked changes are handed to the
    /// batch and <paramref name="db"/>'s change tracker is left empty.
    /// </summary>
    public async Task<bool> WriteWithFactsAsync(AdvisoryWatchDbContext db, string sourceId, Guid claimToken, SourceRowUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(update);
        var row = new ScheduleRow(sourceId, claimToken, update);
        if (database.Value.Provider != DatabaseProvider.Sqlite)
        {
            // Within the poll's own retry this runs once; called alone, a retry saves the same changes again.
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(
                async ct =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                    if (!(await Statements(db).ExecuteAsync(db, [row], ct))[0])
                    {
                        await tx.RollbackAsync(ct);
                        return false;
                    }

                    await tx.CommitAsync(ct);
                    db.ChangeTracker.AcceptAllChanges();
                    return true;
                },
                cancellationToken);
        }

        return await EnqueueAsync(new Pending(row, TrackedChanges.Take(db)), cancellationToken);
    }

    private async Task<bool> EnqueueAsync(Pending pending, CancellationToken cancellationToken)
    {
        _queue.Writer.TryWrite(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The first poll to find no writer becomes it; the others only wait for their row.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return await pending.Done.Task.WaitAsync(cancellationToken);
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
            if (!_queue.Reader.TryPeek(out _))
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

    /// <summary>Takes the batch once the gate is held: what queues while another writer holds it joins this batch.</summary>
    private async Task WriteBatchAsync(List<Pending> batch)
    {
        // Set per poll when its facts fail alone; the rest succeed or fail with the commit.
        Exception?[] failed = [];
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();

            // Each poll with facts has its own savepoint below; EF's own would only nest inside it.
            db.Database.AutoSavepointsEnabled = false;
            bool[] written;
            using (await gate.EnterAsync(db, CancellationToken.None))
            {
                Take(batch);
                written = new bool[batch.Count];
                failed = new Exception?[batch.Count];
                await using var tx = await db.Database.BeginTransactionAsync();
                var statements = Statements(db);
                var rowsOnly = Enumerable.Range(0, batch.Count).Where(i => batch[i].Facts is null).ToList();
                if (rowsOnly.Count > 0)
                {
                    var rows = await statements.ExecuteAsync(db, [.. rowsOnly.Select(i => batch[i].Row)], CancellationToken.None);
                    for (var k = 0; k < rowsOnly.Count; k++)
                    {
                        written[rowsOnly[k]] = rows[k];
                    }
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    if (batch[i].Facts is { } facts)
                    {
                        (written[i], failed[i]) = await WriteFactsAsync(db, tx, statements, batch[i].Row, facts);
                    }
                }

                await tx.CommitAsync();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (failed[i] is { } e)
                {
                    batch[i].Done.TrySetException(e);
                }
                else
                {
                    batch[i].Done.TrySetResult(written[i]);
                }
            }
        }
        catch (Exception e)
        {
            // Nothing of the batch was committed: every poll in it fails as its own write would
            // have, and is retried like one. Taken here too if the failure came before the gate,
            // so that a broken writer cannot leave the queue to spin.
            if (batch.Count == 0)
            {
                Take(batch);
            }

            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private void Take(List<Pending> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }
    }

    /// <summary>One poll's facts and row under a savepoint: (written, null), (false, null) for a lost claim, or (false, why) when they failed.</summary>
    private static async Task<(bool Written, Exception? Failure)> WriteFactsAsync(AdvisoryWatchDbContext db, IDbContextTransaction tx, ScheduleStatements statements, ScheduleRow row, TrackedChanges facts)
    {
        const string Savepoint = "poll";
        await tx.CreateSavepointAsync(Savepoint);
        try
        {
            if (!(await statements.ExecuteAsync(db, [row], CancellationToken.None))[0])
            {
                return (false, null);
            }

            facts.AttachTo(db);
            await db.SaveChangesAsync();
            return (true, null);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
        {
            // A constraint or a mapping problem of this poll: undo its row and facts, keep the others.
            await tx.RollbackToSavepointAsync(Savepoint);
            return (false, e);
        }
        finally
        {
            db.ChangeTracker.Clear();
            await tx.ReleaseSavepointAsync(Savepoint);
        }
    }

    /// <param name="Facts">Null for an outcome that changes only the source's row.</param>
    private sealed record Pending(ScheduleRow Row, TrackedChanges? Facts)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
