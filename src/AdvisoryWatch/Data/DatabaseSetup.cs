using System.Data.Common;
using AdvisoryWatch.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// The one place the database provider is chosen: SQLite in the data directory (WAL, busy
    /// timeout, foreign keys) or PostgreSQL (Npgsql with retry on transient failures).
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<IConfigurationCheck, DatabaseConfigurationCheck>();
        services.AddOptions<DatabaseOptions>().Configure<IConfiguration>((o, c) =>
        {
            var read = DatabaseOptions.Read(c);
            o.Provider = read.Provider;
            o.ConnectionString = read.ConnectionString;
        });
        services.AddSingleton<SqliteBusyTimeout>();
        services.AddSingleton<WriteGate>();

        // Built on first use, so that configuration errors surface in validation, not here; once,
        // not per scope: every poll has a scope, and rebuilding the options was a visible share of
        // a poll's CPU.
        services.AddDbContext<AdvisoryWatchDbContext>(
            (sp, options) =>
            {
                var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                var hosting = sp.GetRequiredService<IOptions<HostingOptions>>().Value;
                switch (db.Provider)
                {
                    case DatabaseProvider.Postgres:
                        options.UseNpgsql(db.ConnectionString, npgsql => npgsql.EnableRetryOnFailure());
                        break;
                    default:
                        options.UseSqlite(SqliteConnectionString(db.ConnectionString, hosting.DataDirectoryFullPath));
                        options.AddInterceptors(sp.GetRequiredService<SqliteBusyTimeout>());
                        break;
                }
            },
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    internal static string SqliteConnectionString(string? configured, string dataDirectory)
    {
        var cs = new SqliteConnectionStringBuilder(configured ?? string.Empty);
        if (string.IsNullOrEmpty(cs.DataSource))
        {
            cs.DataSource = Path.Combine(dataDirectory, "advisorywatch.db");
        }

        cs.ForeignKeys = true;
        cs.Pooling = true;

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout; keep it generous.
        cs.DefaultTimeout = Math.Max(cs.DefaultTimeout, 30);
        return cs.ToString();
    }

    /// <summary>
    /// Sets SQLite's own busy timeout on every connection so a writer waits rather than fails, and
    /// synchronous=NORMAL: in WAL mode that keeps the database consistent after a crash and loses
    /// at most the last commits on power loss, instead of an fsync per commit (a poll is a commit).
    /// </summary>
    internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
