using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AdvisoryWatch.Data;

/// <summary>
/// Keeps a context's connection open for one unit of work. Left to itself EF Core opens and closes
/// the connection around every statement, and on SQLite each open registers EF's SQL functions on
/// the native connection again: for a changed poll or a consumed event that cost more than the
/// statements themselves. Opens nest, so a caller already holding the connection loses nothing.
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
