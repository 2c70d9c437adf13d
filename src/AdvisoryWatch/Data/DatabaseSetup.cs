using System.Data.Common;
using System.Runtime.CompilerServices;
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
        services.AddKnownSection<DatabaseOptions>(DatabaseOptions.Section, nameof(DatabaseOptions.ConnectionString));
        services.AddOptions<DatabaseOptions>().Configure<IConfiguration>((o, c) =>
        {
            var read = DatabaseOptions.Read(c);
            o.Provider = read.Provider;
            o.ConnectionString = read.ConnectionString;
        });
        services.AddSingleton<SqliteBusyTimeout>();
        services.AddSingleton<WriteGate>();

        // Built on first use, so that configuration errors surface in validation, not here. Pooled:
        // every poll and every consumed message has a scope, and building the options and setting
        // up a fresh context for each was a visible share of their CPU. Each provider has its own
        // context type only for its own migration set; handlers ask for AdvisoryWatchDbContext.
        if (DatabaseOptions.Read(builder.Configuration).Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<AdvisoryWatchDbContext, PostgresAdvisoryWatchDbContext>(
                (sp, options) => UseNpgsql(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<AdvisoryWatchDbContext, SqliteAdvisoryWatchDbContext>(
                (sp, options) =>
                {
                    var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                    var hosting = sp.GetRequiredService<IOptions<HostingOptions>>().Value;
                    options.UseSqlite(SqliteConnectionString(db.ConnectionString, hosting.DataDirectoryFullPath));
                    options.AddInterceptors(sp.GetRequiredService<SqliteBusyTimeout>());
                });
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Apart from the lambda above, so that compiling it does not load Npgsql: resolving a call
    /// loads the assembly it names, and on SQLite nothing of Npgsql is needed (a few MB of code
    /// and metadata that would stay loaded for the life of the process).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void UseNpgsql(DbContextOptionsBuilder options, string? connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure());

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
    /// Sets SQLite's own busy timeout on every connection so a writer waits rather than fails;
    /// synchronous=NORMAL: in WAL mode that keeps the database consistent after a crash and loses
    /// at most the last commits on power loss, instead of an fsync per commit (a poll is a commit);
    /// and a 1 MB page cache per connection instead of 2 MB, since a pool of dozens of connections
    /// each filling its cache held more memory than the rest of the process, and the operating
    /// system caches the file anyway. These are settings of the native connection, which the pool
    /// keeps: they are made once per native connection, not on every open (EF opens a connection
    /// per statement outside a transaction, so that was two extra statements per statement).
    /// </summary>
    internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1024;";
        private static readonly object Configured = new();
        private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (IsConfigured(connection))
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            MarkConfigured(connection);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsConfigured(connection))
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkConfigured(connection);
        }

        private bool IsConfigured(DbConnection connection) =>
            connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

        private void MarkConfigured(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                _configured.AddOrUpdate(handle, Configured);
            }
        }
    }
}
