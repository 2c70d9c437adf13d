using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdvisoryWatch.Data;

/// <summary>
/// Creates the schema at start-up and upgrades it with hand-written, versioned SQL (EF's design
/// tools are not available to generate migrations). A new database gets the current model in one
/// step and is stamped with <see cref="CurrentVersion"/>; an existing one runs the
/// <see cref="Upgrades"/> above its stamped version, in order, each in a transaction.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>One schema change, written for each provider.</summary>
    public sealed record Upgrade(int Version, string Description, string Sqlite, string Postgres);

    /// <summary>
    /// Version 1 is the model as first released. A change to an entity after that must add an
    /// upgrade here with both dialects, and a test that upgrades a version-N database.
    /// </summary>
    public static IReadOnlyList<Upgrade> Upgrades { get; } = [];

    public static int CurrentVersion => Upgrades.Count == 0 ? 1 : Upgrades[^1].Version;

    // Any constant: serialises schema work of nodes starting together against one PostgreSQL.
    private const long PostgresLockKey = 0x4164_7657_6174_6368;

    public static async Task EnsureAsync(AdvisoryWatchDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        // PostgreSQL is the only other provider; asking Npgsql itself would load it on SQLite too.
        var postgres = !db.Database.IsSqlite();
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }
            else
            {
                // WAL lets the web host read while a worker writes; it is persisted in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            await CreateOrUpgradeAsync(db, creator, postgres, time.GetUtcNow(), cancellationToken);
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task CreateOrUpgradeAsync(AdvisoryWatchDbContext db, IRelationalDatabaseCreator creator, bool postgres, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at_utc TEXT NOT NULL, description TEXT NOT NULL)", ct);
        var applied = await db.Database
            .SqlQueryRaw<int>("SELECT COALESCE(MAX(version), 0) AS \"Value\" FROM schema_version")
            .SingleAsync(ct);

        if (applied == 0)
        {
            // Only schema_version exists: create every table of the current model.
            await creator.CreateTablesAsync(ct);
            await StampAsync(db, CurrentVersion, "created from the model", now, ct);
            return;
        }

        foreach (var upgrade in Upgrades.Where(u => u.Version > applied).OrderBy(u => u.Version))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(postgres ? upgrade.Postgres : upgrade.Sqlite, ct);
            await StampAsync(db, upgrade.Version, upgrade.Description, now, ct);
            await tx.CommitAsync(ct);
        }
    }

    private static Task<int> StampAsync(AdvisoryWatchDbContext db, int version, string description, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"INSERT INTO schema_version (version, applied_at_utc, description) VALUES ({version}, {now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}, {description})", ct);
}
