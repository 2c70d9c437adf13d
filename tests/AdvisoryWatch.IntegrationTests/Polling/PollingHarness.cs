using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// An environment whose sources point at the authority stub, polled quickly: sources are added
/// with the real <c>sources import</c> command and polled by the real host.
/// </summary>
public sealed class PollingHarness : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PollingHarness(TestEnvironment env, AuthorityStub stub)
    {
        Env = env;
        Stub = stub;
    }

    public TestEnvironment Env { get; }

    public AuthorityStub Stub { get; }

    public RunningApp? App { get; private set; }

    public static async Task<PollingHarness> CreateAsync(string provider = "Sqlite", bool allowLoopback = true)
    {
        var env = TestEnvironment.Create(provider);
        var stub = await AuthorityStub.StartAsync();
        env.Settings.Remove("AdvisoryWatch:Roles");
        env.Settings["AdvisoryWatch:Polling:TickInterval"] = "00:00:00.200";
        env.Settings["AdvisoryWatch:Polling:PerHostSpacing"] = "00:00:00";
        env.Settings["AdvisoryWatch:Polling:Jitter"] = "0";
        env.Settings["AdvisoryWatch:Polling:ClaimLease"] = "00:00:10";
        env.Settings["AdvisoryWatch:Polling:ManualCheckSpacing"] = "00:00:00";
        if (allowLoopback)
        {
            env.Settings["AdvisoryWatch:Fetch:AllowedNetworks:0"] = "127.0.0.1";
        }

        return new PollingHarness(env, stub);
    }

    /// <summary>Adds sources through <c>advisorywatch sources import</c>, as an admin would.</summary>
    public async Task ImportAsync(string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"aw-sources-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            var result = await TestEnvironment.CliAsync(["sources", "import", file, .. Env.ConfigurationArgs(seeds: false)]);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<RunningApp> StartAsync(TimeProvider? time = null)
    {
        App = await Env.StartAsync(seeds: false, time);
        return App;
    }

    /// <summary>Starts the host over HTTPS, as the pages need (their cookies are Secure).</summary>
    public async Task<RunningApp> StartSecureAsync()
    {
        App = await Access.SecureHost.StartAsync(Env);
        return App;
    }

    public async Task StopAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
            App = null;
        }
    }

    public async Task<SourceView> SourceAsync(string id) =>
        (await App!.Http.GetFromJsonAsync<SourceView>($"/api/v1/sources/{id}", Json, TestContext.Current.CancellationToken))!;

    /// <summary>Waits for the source's next completed poll after <paramref name="after"/>.</summary>
    public async Task<SourceView> WaitForPollAsync(string id, DateTimeOffset? after)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var s = await SourceAsync(id);
            if (s.Health.LastAttemptAtUtc is { } t && (after is null || t > after))
            {
                await WaitForOutboxAsync();
                return s;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{id} was not polled within 30 s");
    }

    /// <summary>"Check now" through the API, then waits for that poll and for its events to be consumed.</summary>
    public async Task<SourceView> CheckNowAsync(string id)
    {
        var before = (await SourceAsync(id)).Health.LastAttemptAtUtc;
        var response = await App!.Http.PostAsync(new Uri($"/api/v1/sources/{id}/check", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await WaitForPollAsync(id, before);
    }

    /// <summary>Waits until every outbox row is published and its event recorded by the consumer.</summary>
    public async Task WaitForOutboxAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var (pending, sent, logged) = await App!.WithDbAsync(async db => (
                await db.Set<OutboxMessage>().CountAsync(m => m.SentAtUtc == null),
                await db.Set<OutboxMessage>().CountAsync(),
                await db.Set<ChangeLogEntry>().CountAsync()));
            if (pending == 0 && logged == sent)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the outbox did not drain within 30 s");
    }

    public Task<List<ChangeLogEntry>> ChangeLogAsync() =>
        App!.WithDbAsync(db => db.Set<ChangeLogEntry>().OrderBy(e => e.FirstReceivedAtUtc).ThenBy(e => e.Title).ToListAsync());

    public Task<List<Advisory>> AdvisoriesAsync(string sourceId) =>
        App!.WithDbAsync(db => db.Set<Advisory>().Where(a => a.SourceId == sourceId).OrderBy(a => a.ItemKey).ToListAsync());

    public async Task<AdvisoryView> AdvisoryAsync(Guid id) =>
        (await App!.Http.GetFromJsonAsync<AdvisoryView>($"/api/v1/advisories/{id}", Json, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Stub.DisposeAsync();
        await Env.DisposeAsync();
    }

    /// <summary>A feed source at any URL (another stub's, say), checked every <paramref name="interval"/> minutes.</summary>
    public static string FeedAt(string id, Uri url, int interval = 60) => $"""
          - id: {id}
            name: Stub {id}
            authority: Stub authority
            country: "NO"
            language: nb
            kind: feed
            url: {url}
            interval: {interval}
            topics: [cybersecurity]

        """;

    /// <summary>A catalogue entry in the seeds' YAML format.</summary>
    public string FeedSource(string id, string path, string? fallbackPath = null) => FeedAt(id, Stub.Url(path)).TrimEnd('\n') + (fallbackPath is null ? "" : $"""

            fallback:
              kind: html-list
              url: {Stub.Url(fallbackPath)}
              htmlList:
                item: li.article
                link: a[href]
                date: .date
                dateFormat: d MMMM yyyy
                dateCulture: nb
        """) + "\n";

    public string PageSource(string id, string path) => $"""
          - id: {id}
            name: Stub {id}
            authority: Stub authority
            country: "NO"
            language: nb
            kind: page
            url: {Stub.Url(path)}
            interval: 60
            page:
              content: main
              exclude: [.updated]
        """ + "\n";
}
