using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Data;

/// <summary>
/// Serialises this process's writes when the database is SQLite. SQLite has one writer at a time;
/// concurrent writers otherwise meet SQLITE_BUSY and its busy handler, which sleeps in steps of
/// milliseconds — with dozens of polls in flight that sleeping, not the writing, dominated a
/// polling cycle. Waiting on an in-process lock instead costs nothing. PostgreSQL needs no gate.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _sqlite = new(1, 1);

    public async ValueTask<IDisposable?> EnterAsync(AdvisoryWatchDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        await _sqlite.WaitAsync(cancellationToken);
        return new Release(_sqlite);
    }

    public void Dispose() => _sqlite.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
