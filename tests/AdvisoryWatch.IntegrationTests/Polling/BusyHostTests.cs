using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// A host with far more sources than its politeness limits can check each interval, through the
/// real host with the shipped limits (500 ms between request starts, 2 in flight, a 5 s tick, the
/// shipped lease and jitter, 1-minute intervals) on a clock running 10 times faster: 700 sources
/// ask for 700 checks a minute from a host allowed 120, and more than one lease (600 checks) long.
/// </summary>
public sealed class BusyHostTests
{
    private const double Speed = 10;
    private const int BusySources = 700;
    private const int OtherSources = 3;
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_busy_host_is_polled_at_its_limit_in_turn_without_discarded_polls_and_another_host_is_not_held_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await PollingHarness.CreateAsync();
        await using var other = await AuthorityStub.StartAsync("127.0.0.2");
        foreach (var key in (string[])["PerHostSpacing", "ClaimLease", "Jitter"])
        {
            h.Env.Settings.Remove($"AdvisoryWatch:Polling:{key}");
        }

        var clock = new FastClock(Speed);
        var limits = new PollingOptions();
        h.Env.Settings["AdvisoryWatch:Polling:TickInterval"] = clock.Scale(limits.TickInterval).ToString("c", CultureInfo.InvariantCulture);
        h.Env.Settings["AdvisoryWatch:Fetch:AllowedNetworks:1"] = "127.0.0.2";

        var feed = AuthorityStub.Rss(("a", "Råd", "Tekst", Monday));
        var yaml = new StringBuilder("sources:\n");
        for (var i = 0; i < BusySources; i++)
        {
            h.Stub.Set($"busy/{i}", new StubResponse(200, feed) { ETag = "\"v1\"" });
            yaml.Append(PollingHarness.FeedAt($"busy-{i:D4}", h.Stub.Url($"busy/{i}"), interval: 1));
        }

        // Added last, so that they come last in the order of the first claims too.
        for (var i = 0; i < OtherSources; i++)
        {
            other.Set($"news/{i}", new StubResponse(200, feed));
            yaml.Append(PollingHarness.FeedAt($"other-{i}", other.Url($"news/{i}"), interval: 1));
        }

        await h.ImportAsync(yaml.ToString());
        await h.StartAsync(clock);
        var logs = LogCapture.Attach(h.App!.App.Services);

        // The other host's baselines are not held up behind the busy host's backlog.
        await WaitAsync(TimeSpan.FromSeconds(10), async () =>
            (await h.App.WithDbAsync(db => db.Set<Source>().CountAsync(s => s.Id.StartsWith("other-") && s.BaselineTakenAtUtc != null, ct))) == OtherSources,
            "the other host's sources were not all polled");

        // A change on the other host is seen within two of its intervals.
        var changedAt = clock.GetUtcNow();
        other.Set("news/0", new StubResponse(200, AuthorityStub.Rss(("b", "Ny trussel", "Ny tekst", Monday), ("a", "Råd", "Tekst", Monday))));
        var seen = await WaitForAsync(TimeSpan.FromSeconds(15), () => h.App.WithDbAsync(db => db.Set<ChangeLogEntry>().Where(e => e.Title == "Ny trussel").Select(e => (DateTimeOffset?)e.FirstReceivedAtUtc).FirstOrDefaultAsync(ct)));
        Assert.True(seen - changedAt <= TimeSpan.FromMinutes(2), $"the change was seen {(seen - changedAt).TotalSeconds:F0} s after it was made, more than two 1-minute intervals");

        // The busy host is polled at its limit (2 a second), and never faster.
        var limit = 1 / limits.PerHostSpacing.TotalSeconds;
        var (hits0, t0) = (BusyHits(h), clock.GetUtcNow());
        await Task.Delay(clock.Scale(TimeSpan.FromMinutes(4)), ct);
        var (hits1, t1) = (BusyHits(h), clock.GetUtcNow());
        var rate = (hits1 - hits0) / (t1 - t0).TotalSeconds;

        // The lower bound leaves room for a machine too busy to keep a 50 ms beat; a host claimed
        // for too short a time would fall far below it.
        Assert.InRange(rate, 0.5 * limit, 1.03 * limit);

        // Every source checked in turn: once every one has been checked, none has been checked
        // twice more than another.
        await WaitAsync(TimeSpan.FromSeconds(60), () => Task.FromResult(h.Stub.HitsUnder("busy/").Count == BusySources), "not every busy source was checked");
        await Task.Delay(clock.Scale(TimeSpan.FromMinutes(1)), ct);
        var perSource = h.Stub.HitsUnder("busy/");
        Assert.True(perSource.Values.Max() - perSource.Values.Min() <= 1, $"checks per source ranged from {perSource.Values.Min()} to {perSource.Values.Max()}");

        // Nothing fetched was thrown away for an expired claim; saying the host is behind is right.
        Assert.Equal(0, logs.Count("the claim expired before the result was saved"));
        Assert.True(logs.Count("is behind") > 0, "the scheduler never said the busy host is behind");

        // The backlog, the effective rate and the limit are shown per host.
        var hosts = await JsonAsync(h, "/api/v1/hosts");
        var busy = hosts.EnumerateArray().Single(x => x.GetProperty("host").GetString() == "127.0.0.1");
        Assert.True(busy.GetProperty("behind").GetBoolean());
        Assert.Equal(BusySources, busy.GetProperty("sources").GetInt32());
        Assert.InRange(busy.GetProperty("due").GetInt32(), BusySources / 2, BusySources);
        // Overdue is due for more than two intervals, so at least the sources not checked in the
        // last three minutes at the host's limit (less one minute's slack): 700 - 4 * 120.
        Assert.InRange(busy.GetProperty("overdue").GetInt32(), BusySources - (4 * 120), BusySources);
        Assert.Equal(120, busy.GetProperty("limitPerMinute").GetDouble());
        Assert.InRange(busy.GetProperty("checkedLastMinute").GetInt32(), 0.4 * 120, 1.05 * 120);
        Assert.Equal(BusySources, busy.GetProperty("demandPerMinute").GetDouble());
        Assert.Contains("every", busy.GetProperty("note").GetString(), StringComparison.Ordinal);
        var calm = hosts.EnumerateArray().Single(x => x.GetProperty("host").GetString() == "127.0.0.2");
        Assert.False(calm.GetProperty("behind").GetBoolean());
        Assert.Equal(0, calm.GetProperty("overdue").GetInt32());

        // A source that has waited several intervals is not "ok" (not the very oldest: that one is
        // about to be checked).
        var oldest = await h.App.WithDbAsync(db => db.Set<Source>().Where(s => s.Id.StartsWith("busy-")).OrderBy(s => s.NextCheckAtUtc).Skip(100).Select(s => s.Id).FirstAsync(ct));
        var health = (await JsonAsync(h, $"/api/v1/sources/{oldest}")).GetProperty("health");
        Assert.Equal("overdue", health.GetProperty("state").GetString());
        Assert.True(health.GetProperty("overdueSeconds").GetDouble() > 120, $"overdue {health.GetProperty("overdueSeconds")} s");
        Assert.Equal("ok", (await JsonAsync(h, "/api/v1/sources/other-1")).GetProperty("health").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Sources_list_and_the_api_show_overdue_sources_and_the_host_that_is_behind()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Env.Settings["AdvisoryWatch:Roles"] = "Web";
        h.Env.Settings.Remove("AdvisoryWatch:Polling:PerHostSpacing");
        await h.ImportAsync("sources:\n" + PollingHarness.FeedAt("late-one", new Uri("https://busy.example/a"), 1) + PollingHarness.FeedAt("on-time", new Uri("https://busy.example/b"), 1));
        await h.StartAsync();
        var now = TimeProvider.System.GetUtcNow();
        await h.App!.WithDbAsync(async db =>
        {
            var late = await db.Set<Source>().SingleAsync(s => s.Id == "late-one");
            late.LastAttemptAtUtc = late.LastSuccessAtUtc = now.AddMinutes(-11);
            late.NextCheckAtUtc = now.AddMinutes(-10);
            late.ItemsSeen = 3;
            var onTime = await db.Set<Source>().SingleAsync(s => s.Id == "on-time");
            onTime.LastAttemptAtUtc = onTime.LastSuccessAtUtc = now.AddSeconds(-30);
            onTime.NextCheckAtUtc = now.AddSeconds(30);
            onTime.ItemsSeen = 3;
            return await db.SaveChangesAsync();
        });

        var list = await TestEnvironment.CliAsync(["sources", "list", .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.True(list.ExitCode == 0, list.Error);
        var lines = list.Output.Split('\n');
        Assert.Contains("overdue 10 min", lines.Single(l => l.StartsWith("late-one", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("ok (3 items)", lines.Single(l => l.StartsWith("on-time", StringComparison.Ordinal)), StringComparison.Ordinal);
        var hostLine = lines.Single(l => l.StartsWith("busy.example", StringComparison.Ordinal));
        Assert.Equal(["busy.example", "2", "1", "1", "1", "120", "2"], hostLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var late = await JsonAsync(h, "/api/v1/sources/late-one");
        Assert.Equal("overdue", late.GetProperty("health").GetProperty("state").GetString());
        Assert.InRange(late.GetProperty("health").GetProperty("overdueSeconds").GetDouble(), 590, 660);
        Assert.Equal("busy.example", late.GetProperty("host").GetString());
        Assert.Equal("ok", (await JsonAsync(h, "/api/v1/sources/on-time")).GetProperty("health").GetProperty("state").GetString());
        var host = Assert.Single((await JsonAsync(h, "/api/v1/hosts")).EnumerateArray());
        Assert.True(host.GetProperty("behind").GetBoolean());
        Assert.Equal((1, 1, 2), (host.GetProperty("due").GetInt32(), host.GetProperty("overdue").GetInt32(), host.GetProperty("sources").GetInt32()));
    }

    private static async Task<JsonElement> JsonAsync(PollingHarness h, string path) =>
        await h.App!.Http.GetFromJsonAsync<JsonElement>(path, Json, TestContext.Current.CancellationToken);

    private static int BusyHits(PollingHarness h) => h.Stub.HitsUnder("busy/").Values.Sum();

    private static async Task WaitAsync(TimeSpan timeout, Func<Task<bool>> done, string failure)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{failure} within {timeout.TotalSeconds} s");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<T> WaitForAsync<T>(TimeSpan timeout, Func<Task<T?>> read)
        where T : struct
    {
        T? value = null;
        await WaitAsync(timeout, async () => (value = await read()) is not null, "the change was not seen");
        return value!.Value;
    }
}
