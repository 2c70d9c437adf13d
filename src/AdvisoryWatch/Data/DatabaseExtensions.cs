using System.Data.Common;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdvisoryWatch.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// The database, chosen here and only here: SQLite in the data directory (one node) or
    /// PostgreSQL (<c>ConnectionStrings:AdvisoryWatch</c>) when scaled out.
    /// </summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AdvisoryWatchOptions.Section).Get<AdvisoryWatchOptions>() ?? new();
        var connectionString = builder.Configuration.GetConnectionString("AdvisoryWatch");
        builder.Services.AddDbContext<AdvisoryWatchDbContext>(db =>
        {
            if (options.Database.Provider == DatabaseProvider.Postgres)
            {
                db.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(5, TimeSpan.FromSeconds(5), null));
            }
            else
            {
                var path = Path.Combine(Path.GetFullPath(options.DataDirectory), "advisorywatch.db");
                db.UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={path}" : connectionString);
                db.AddInterceptors(SqlitePragmas.Instance);
            }
        });
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>Creates the schema when the database is new. Runs before the other hosted services.</summary>
    public static async Task EnsureDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdvisoryWatchOptions>>().Value;
        Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    private sealed class DatabaseInitializer(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => EnsureDatabaseAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// WAL lets the web API read while the poller writes; the busy timeout turns a momentary lock
    /// into a short wait instead of "database is locked".
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
