using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Data;

public static class DbTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the provider's execution strategy
    /// (PostgreSQL retries transient failures, and refuses a transaction begun outside it). On a
    /// retry the work runs again from the start, with nothing left staged from the failed try.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this AdvisoryWatchDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            cancellationToken);
    }
}
