using System.Data.Common;
using System.Diagnostics;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.IntegrationTests.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// A node killed mid-poll (SIGKILL of a real <c>advisorywatch run</c> child process) with the
/// shipped claim lease: its sources are polled again as soon as it starts again, not when the lease
/// runs out; and a node starting beside a live one leaves the live one's claims alone.
/// </summary>
public sealed class ClaimReleaseTests
{
    private const int Sources = 4;
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Claims_of_a_node_killed_mid_poll_are_released_when_it_starts_again_and_never_by_another_node(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await PollingHarness.CreateAsync(provider);
        h.Env.Settings.Remove("AdvisoryWatch:Polling:ClaimLease");
        var feed = AuthorityStub.Rss(("a", "A", "a", Monday));
        var yaml = "sources:\n";
        for (var i = 0; i < Sources; i++)
        {
            // An authority that takes its time: every poll is still in flight when the node dies.
            h.Stub.Set($"slow/{i}", new StubResponse(200, feed) { Delay = TimeSpan.FromMinutes(2) });
            yaml += PollingHarness.FeedAt($"slow-{i}", h.Stub.Url($"slow/{i}"));
        }

        await h.ImportAsync(yaml);
        await using (var child = await AppProcess.StartAsync(h.Env.ConfigurationArgs(seeds: false)))
        {
            try
            {
                await WaitAsync(async () => (await ClaimsAsync(h.Env)).Count == Sources && h.Stub.HitsUnder("slow/").Count >= 2, "the child node did not claim and start polling");
                var held = await ClaimsAsync(h.Env);
                Assert.Single(held.Values.Distinct());

                if (provider == "Postgres")
                {
                    // A second node on the same database, with a directory of its own, starts and
                    // stops beside the live one: the live node's claims are untouched.
                    var directory = Path.Combine(Path.GetTempPath(), "advisorywatch-tests", Guid.NewGuid().ToString("N"));
                    var error = new StringWriter();
                    var second = await RunCommand.StartAsync(new HostSettings([], directory, "http://127.0.0.1:0") { Overrides = h.Env.Configuration(seeds: false) }, error, ct)
                        ?? throw new InvalidOperationException(error.ToString());
                    await Task.Delay(1_500, ct);
                    await second.StopAsync(ct);
                    await second.DisposeAsync();
                    Directory.Delete(directory, recursive: true);
                    Assert.Equal(held, await ClaimsAsync(h.Env));
                }
            }
            finally
            {
                await child.KillAsync();
            }
        }

        // The node comes back (the authority answers quickly now): everything it held is polled at once.
        Assert.Equal(Sources, (await ClaimsAsync(h.Env)).Count);
        for (var i = 0; i < Sources; i++)
        {
            h.Stub.Set($"slow/{i}", new StubResponse(200, feed));
        }

        var restarted = Stopwatch.StartNew();
        await h.StartAsync();
        for (var i = 0; i < Sources; i++)
        {
            var polled = await h.WaitForPollAsync($"slow-{i}", null);
            Assert.Equal(1, polled.Health.ItemsSeen);
        }

        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(15), $"the claims came back after {restarted.Elapsed.TotalSeconds:F0} s; the lease is a minute");
        Assert.Empty(await ClaimsAsync(h.Env));
    }

    /// <summary>The claimed sources and the node holding each, read straight from the database (no host of ours runs).</summary>
    private static async Task<Dictionary<string, string?>> ClaimsAsync(TestEnvironment env)
    {
        await using DbConnection connection = env.Provider == "Postgres"
            ? new NpgsqlConnection(env.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(env.DataDirectory, "advisorywatch.db")};Pooling=False");
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException)
        {
            // Not created yet.
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Id\", \"ClaimedBy\" FROM sources WHERE \"ClaimToken\" IS NOT NULL";
        var claims = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                claims[reader.GetString(0)] = await reader.IsDBNullAsync(1) ? null : reader.GetString(1);
            }
        }
        catch (Exception e) when (e is SqliteException or PostgresException)
        {
            // The schema is not there yet.
        }

        return claims;
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail(failure);
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
