using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.IntegrationTests.Polling;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>
/// A polling environment that also notifies: mail goes to the test command's SMTP server, digests
/// and retries run on short intervals, and every address is unique to the test.
/// </summary>
public static class NotificationHarness
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PollingHarness> CreateAsync(string provider = "Sqlite", int? smtpPort = null)
    {
        var h = await PollingHarness.CreateAsync(provider);
        h.Env.Settings["AdvisoryWatch:Mail:Smtp:Host"] = TestServices.SmtpHost;
        h.Env.Settings["AdvisoryWatch:Mail:Smtp:Port"] = (smtpPort ?? TestServices.SmtpPort).ToString(System.Globalization.CultureInfo.InvariantCulture);
        h.Env.Settings["AdvisoryWatch:Notifications:TickInterval"] = "00:00:00.200";
        h.Env.Settings["AdvisoryWatch:Notifications:SendInterval"] = "00:00:00.200";
        h.Env.Settings["AdvisoryWatch:Notifications:RetryInitial"] = "00:00:00.500";
        h.Env.Settings["AdvisoryWatch:Notifications:RetryMax"] = "00:00:02";
        h.Env.Settings["AdvisoryWatch:Notifications:RelayProbeInterval"] = "00:00:01";
        return h;
    }

    /// <summary>An address only this test uses; <paramref name="prefix"/> can ask the sink for a 451 or 550.</summary>
    public static string Address(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@test.example";

    public static async Task ImportDepartmentsAsync(this PollingHarness h, string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"aw-departments-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            var result = await TestEnvironment.CliAsync(["departments", "import", file, .. h.Env.ConfigurationArgs(seeds: false)]);
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static string Department(string id, IEnumerable<string> recipients, string subscriptions, string? coordinator = null, string? escalateAfter = null) =>
        $"""
        departments:
          - id: {id}
            name: Testavdelingen {id}
            language: nb
            timeZone: Europe/Oslo
        """ + (coordinator is null ? "" : $"\n    coordinator: {coordinator}") + (escalateAfter is null ? "" : $"\n    escalateAfter: {escalateAfter}") + """

            recipients:
        """ + string.Concat(recipients.Select(r => $"\n      - address: {r}")) + """

            subscriptions:
        """ + "\n" + subscriptions + "\n";

    public static async Task<DeliveryPage> DeliveriesAsync(this PollingHarness h, string query) =>
        (await h.App!.Http.GetFromJsonAsync<DeliveryPage>("/api/v1/deliveries?" + query, Json, TestContext.Current.CancellationToken))!;

    /// <summary>Waits until <paramref name="done"/> holds for the department's deliveries.</summary>
    public static async Task<List<Delivery>> WaitForDeliveriesAsync(this PollingHarness h, string department, Func<List<Delivery>, bool> done, int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<Delivery> rows = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            rows = await h.App!.WithDbAsync(db => db.Set<Delivery>().AsNoTracking().Where(d => d.DepartmentId == department).ToListAsync());
            if (done(rows))
            {
                return rows;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"deliveries of {department} did not settle within {seconds} s: " + string.Join(", ", rows.Select(r => $"{r.Address}={r.State}/{r.Attempts}")));
    }

    /// <summary>Starts the host on a feed with one item (the silent baseline), then publishes a new item and polls it.</summary>
    public static async Task BaselineThenPublishAsync(this PollingHarness h, string sourceId, string newTitle, string newSummary = "Ny veiledning for kommunale virksomheter.")
    {
        h.Stub.Set(sourceId, new StubResponse(200, AuthorityStub.Rss(("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.StartAsync();
        await h.WaitForPollAsync(sourceId, null);
        h.Stub.Set(sourceId, new StubResponse(200, AuthorityStub.Rss(
            ("new-" + Guid.NewGuid().ToString("N")[..8], newTitle, newSummary, "Tue, 03 Nov 2026 10:30:00 +0100"),
            ("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.CheckNowAsync(sourceId);
    }

    /// <summary>One more new item on a feed the running host already knows.</summary>
    public static async Task BaselineThenPublishAgainAsync(this PollingHarness h, string sourceId, string newTitle)
    {
        h.Stub.Set(sourceId, new StubResponse(200, AuthorityStub.Rss(
            ("new-" + Guid.NewGuid().ToString("N")[..8], newTitle, "Enda en ny veiledning.", "Wed, 04 Nov 2026 10:30:00 +0100"),
            ("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.CheckNowAsync(sourceId);
    }
}
