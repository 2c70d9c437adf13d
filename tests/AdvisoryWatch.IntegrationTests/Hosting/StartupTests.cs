using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.Json;

namespace AdvisoryWatch.IntegrationTests.Hosting;

public class StartupTests
{
    [Fact]
    public async Task Run_reports_every_configuration_error_at_once_and_exits_non_zero()
    {
        await using var env = TestEnvironment.Create();
        var result = await TestEnvironment.CliAsync(
            "run", "--data", env.DataDirectory,
            "--AdvisoryWatch:Roles=Web,Cook",
            "--AdvisoryWatch:Database:Provider=Oracle",
            "--AdvisoryWatch:Seeds:Enabled=maybe");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("3 errors", result.Error, StringComparison.Ordinal);
        Assert.Contains("AdvisoryWatch:Roles: 'Web,Cook'", result.Error, StringComparison.Ordinal);
        Assert.Contains("AdvisoryWatch:Database:Provider: 'Oracle'", result.Error, StringComparison.Ordinal);
        Assert.Contains("AdvisoryWatch:Seeds:Enabled: 'maybe'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(env.DataDirectory), "nothing is created when the configuration is invalid");
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused_with_the_key_named()
    {
        await using var env = TestEnvironment.Create();
        var result = await TestEnvironment.CliAsync("sources", "list", "--data", env.DataDirectory, "--AdvisoryWatch:Database:Provider=Postgres");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings:AdvisoryWatch: required", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Run_creates_the_data_directory_and_answers_live_and_ready(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync();

        Assert.True(Directory.Exists(env.DataDirectory));
        var live = await app.Http.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await app.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(provider == "Sqlite", File.Exists(Path.Combine(env.DataDirectory, "advisorywatch.db")));
    }

    [Fact]
    public async Task Ready_fails_when_the_database_cannot_be_reached_while_live_still_answers()
    {
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync(seeds: false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Replace the database file with a directory: SQLite can no longer open it.
        File.Delete(Path.Combine(env.DataDirectory, "advisorywatch.db"));
        File.Delete(Path.Combine(env.DataDirectory, "advisorywatch.db-wal"));
        File.Delete(Path.Combine(env.DataDirectory, "advisorywatch.db-shm"));
        Directory.CreateDirectory(Path.Combine(env.DataDirectory, "advisorywatch.db"));

        // As a probe asks: without a credential (a key could not be checked without the database).
        using var probe = app.Anonymous();
        var live = await probe.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_new_database_records_every_migration_once_and_is_not_recreated_on_restart(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await (await env.StartAsync()).DisposeAsync();
        await using var app = await env.StartAsync();

        var (applied, known) = await app.WithDbAsync(async db =>
            ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList()));
        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
        using var doc = JsonDocument.Parse(await app.Http.GetStringAsync(new Uri("/api/v1/sources", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.True(doc.RootElement.GetArrayLength() > 15);
    }
}
