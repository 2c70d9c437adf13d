using System.Reflection;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdvisoryWatch.Data;

/// <summary>
/// Brings the database to this release's schema at start-up with the provider's EF Core migration
/// set (<c>Data/Migrations/Sqlite</c> or <c>Data/Migrations/Postgres</c>). A database made before
/// migrations (a <c>schema_version</c> table saying 1, no migration history) is the initial
/// migration already: it is recorded as applied, and the later migrations run on it. A database
/// this release cannot place is refused with a message, never altered.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The only schema the hand-made schema code ever stamped; the initial migration is it.</summary>
    internal const int LegacySchemaVersion = 1;

    internal const string LegacyVersionTable = "schema_version";

    // Any constant: serialises schema work of nodes starting together against one PostgreSQL.
    private const long PostgresLockKey = 0x4164_7657_6174_6368;

    public static async Task MigrateAsync(AdvisoryWatchDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

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

            if (await AdoptLegacySchemaAsync(db, postgres, cancellationToken))
            {
                await RefuseUnknownMigrationsAsync(db, cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
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

    /// <summary>
    /// A database without migration history: new (migrations create it), made by the release
    /// before migrations (recorded as the initial migration, in one transaction with dropping the
    /// old stamp, so that the old code cannot run on it unawares), or something else (refused).
    /// True when the database had a migration history already.
    /// </summary>
    private static async Task<bool> AdoptLegacySchemaAsync(AdvisoryWatchDbContext db, bool postgres, CancellationToken ct)
    {
        // Asked of the catalogue, not of IHistoryRepository.ExistsAsync: Npgsql's answers true
        // before the table exists (its migrator creates the table if missing either way).
        var tables = await TablesAsync(db, postgres, ct);
        if (tables.Contains(HistoryRepository.DefaultTableName))
        {
            return true;
        }

        if (!tables.Contains(LegacyVersionTable))
        {
            var ours = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Where(tables.Contains).Order(StringComparer.Ordinal).ToList();
            if (ours.Count > 0)
            {
                throw new StartupRefusedException(
                    $"The database has AdvisoryWatch tables ({string.Join(", ", ours)}) but neither a migration history nor a schema version, so its schema is unknown; it was left unchanged. Restore it from a backup, or point AdvisoryWatch at an empty database.");
            }

            // A new database. The empty history made here spares Npgsql's migrator reading a
            // missing table, which it logs as a failed command before it creates the table.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            return false;
        }

        var version = await db.Database
            .SqlQueryRaw<int?>($"SELECT MAX(version) AS \"Value\" FROM {LegacyVersionTable}")
            .SingleAsync(ct);
        if (version != LegacySchemaVersion)
        {
            throw new StartupRefusedException(
                $"The database's schema version is {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}; this release upgrades only version {LegacySchemaVersion} (the last one before migrations), so it was left unchanged. Run the release that made it, or restore a backup.");
        }

        var initial = db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).First();
        var productVersion = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
        var history = db.GetService<IHistoryRepository>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, productVersion)), ct);
        await db.Database.ExecuteSqlRawAsync($"DROP TABLE {LegacyVersionTable}", ct);
        await tx.CommitAsync(ct);
        return false;
    }

    /// <summary>A history naming migrations this release lacks: a newer release upgraded it.</summary>
    private static async Task RefuseUnknownMigrationsAsync(AdvisoryWatchDbContext db, CancellationToken ct)
    {
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StartupRefusedException(
                $"The database has migrations this release does not know ({string.Join(", ", unknown)}): a newer release upgraded it. It was left unchanged; run that release or a later one.");
        }
    }

    private static async Task<HashSet<string>> TablesAsync(AdvisoryWatchDbContext db, bool postgres, CancellationToken ct)
    {
        var sql = postgres
            ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'";
        return (await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }
}
