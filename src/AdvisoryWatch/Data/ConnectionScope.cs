using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AdvisoryWatch.Data;

/// <summary>
/// Keeps a context's connection open for one unit of work. Left to itself EF Core opens and closes
/// the connection around every statement, and on SQLite each open registers EF's SQL functions on
/// the native connection again: for a consumed event that cost more than its statements. Opens
/// nest, so a caller already holding the connection loses nothing. Not used where many callers
/// wait on the write gate at once (the polls): each would hold a pooled connection, and with it a
/// page cache, while it waits.
/// </summary>
public static class ConnectionScope
{
    public static async Task<Lease> KeepConnectionOpenAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.OpenConnectionAsync(cancellationToken);
        return new Lease(database);
    }

    public sealed class Lease(DatabaseFacade database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.CloseConnectionAsync();
    }
}
