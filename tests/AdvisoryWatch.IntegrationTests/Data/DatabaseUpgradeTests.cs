using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Data;

/// <summary>
/// Upgrades keep the data: a database made by the release before migrations (the fixtures, one per
/// provider, with rows in every table) is started on by this code through its real host, and
/// every row, the full migration history and the schema of a new database are there afterwards.
/// Every later migration runs through these same tests.
/// </summary>
public sealed class DatabaseUpgradeTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_database_made_before_migrations_is_upgraded_in_place_and_keeps_every_row(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = TestEnvironment.Create(provider);
        await FixtureDatabase.RestoreV1Async(env);
        var before = await FixtureDatabase.ContentAsync(env);
        Assert.Equal(13, before.Count(t => t.Key != "schema_version"));
        Assert.All(before, t => Assert.NotEmpty(t.Value.Rows));

        List<string> migrations;
        await using (var app = await env.StartAsync(seeds: false))
        {
            migrations = await app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));

            // The new code reads the old rows through its own API: ids, texts, times, enums, JSON.
            var sources = await app.Http.GetStringAsync(new Uri("/api/v1/sources", UriKind.Relative), ct);
            Assert.Contains("\"stub-nsm\"", sources, StringComparison.Ordinal);
            Assert.Contains("\"stub-page\"", sources, StringComparison.Ordinal);
            var advisories = await app.Http.GetStringAsync(new Uri("/api/v1/advisories", UriKind.Relative), ct);
            Assert.Contains("Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt", Strings(JsonDocument.Parse(advisories).RootElement));
            Assert.Contains("2026-11-03T09:30:00", advisories, StringComparison.Ordinal);
            var failed = await app.Http.GetStringAsync(new Uri("/api/v1/deliveries?department=fx-immediate&state=failed", UriKind.Relative), ct);
            Assert.Contains("smtp-550-bo@fixture.example", failed, StringComparison.Ordinal);
            var acks = await app.Http.GetStringAsync(new Uri("/api/v1/acknowledgements?department=fx-urgent", UriKind.Relative), ct);
            Assert.Contains("dag@fixture.example", acks, StringComparison.Ordinal);
            using var rules = JsonDocument.Parse(await app.Http.GetStringAsync(new Uri("/api/v1/topics/rules", UriKind.Relative), ct));
            Assert.Equal(2, rules.RootElement.GetProperty("version").GetInt32());
            Assert.Equal("fixture", rules.RootElement.GetProperty("comment").GetString());
        }

        // Every row of every table is still there, unchanged in every column it had.
        var after = await FixtureDatabase.ContentAsync(env);
        foreach (var (table, old) in before.Where(t => t.Key != "schema_version"))
        {
            Assert.True(after.TryGetValue(table, out var now), $"table {table} is gone");
            var kept = old.Columns.Select(c => now.Columns.IndexOf(c)).ToList();
            Assert.DoesNotContain(-1, kept);
            Assert.Equal(Sorted(old.Rows), Sorted(now.Rows.Select(r => kept.Select(i => r[i]).ToArray())));
        }

        // The old stamp is replaced by the full history: the first migration recorded, the rest applied.
        Assert.DoesNotContain("schema_version", after.Keys);
        Assert.NotEmpty(migrations);
        Assert.Equal(migrations, await HistoryAsync(env));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_database_made_before_migrations_ends_with_the_schema_of_a_new_database(string provider)
    {
        await using var upgraded = TestEnvironment.Create(provider);
        await FixtureDatabase.RestoreV1Async(upgraded);
        await (await upgraded.StartAsync(seeds: false)).DisposeAsync();

        await using var fresh = TestEnvironment.Create(provider);
        await (await fresh.StartAsync(seeds: false)).DisposeAsync();

        var schema = await FixtureDatabase.SchemaAsync(fresh);
        Assert.Contains(schema, line => line.Contains("deliveries", StringComparison.Ordinal));
        Assert.Equal(schema, await FixtureDatabase.SchemaAsync(upgraded));
        Assert.Equal(await HistoryAsync(fresh), await HistoryAsync(upgraded));
    }

    [Fact]
    public async Task Nodes_starting_together_on_a_database_made_before_migrations_upgrade_it_once()
    {
        await using var env = TestEnvironment.Create("Postgres");
        await FixtureDatabase.RestoreV1Async(env);

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => env.StartAsync(seeds: false))));
        var migrations = await nodes[0].WithDbAsync(db => Task.FromResult(db.Database.GetMigrations().ToList()));
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        Assert.Equal(migrations, await HistoryAsync(env));
    }

    [Theory]
    [InlineData("UPDATE schema_version SET version = 2", "The database's schema version is 2; this release upgrades only version 1")]
    [InlineData("DROP TABLE schema_version", "has AdvisoryWatch tables (")]
    public async Task A_database_of_an_unknown_schema_is_refused_with_a_clear_message_and_left_unchanged(string damage, string message)
    {
        await using var env = TestEnvironment.Create();
        await FixtureDatabase.RestoreV1Async(env);
        await FixtureDatabase.ExecuteAsync(env, damage);
        var before = await FixtureDatabase.SchemaAsync(env);

        var result = await TestEnvironment.CliAsync(["sources", "list", .. env.ConfigurationArgs(seeds: false)]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("left unchanged", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await FixtureDatabase.SchemaAsync(env));
        Assert.Equal(0, await FixtureDatabase.WithConnectionAsync(env, async c =>
            (await FixtureDatabase.QueryAsync(c, "SELECT name FROM sqlite_master WHERE name = '__EFMigrationsHistory'")).Count));
    }

    [Fact]
    public async Task A_database_upgraded_by_a_newer_release_is_refused()
    {
        await using var env = TestEnvironment.Create();
        await (await env.StartAsync(seeds: false)).DisposeAsync();
        await FixtureDatabase.ExecuteAsync(env, "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '99.0.0')");

        var result = await TestEnvironment.CliAsync(["sources", "list", .. env.ConfigurationArgs(seeds: false)]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("migrations this release does not know (29991231000000_FromTheFuture)", result.Error, StringComparison.Ordinal);
    }

    private static Task<List<string>> HistoryAsync(TestEnvironment env) =>
        FixtureDatabase.WithConnectionAsync(env, async c =>
            (await FixtureDatabase.QueryAsync(c, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"")).Select(r => r[0]).ToList());

    private static List<string> Sorted(IEnumerable<string[]> rows) =>
        rows.Select(r => string.Join(" | ", r)).Order(StringComparer.Ordinal).ToList();

    // The API escapes non-ASCII letters in JSON: compare the strings it holds, not its text.
    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };
}
