using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.FollowUp;
using AdvisoryWatch.IntegrationTests.Notifications;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Apps;

/// <summary>
/// The app register end to end: an app registered through the API becomes a topic without any
/// rule file edit, an advisory from the authority stub that names it opens one "to assess"
/// follow-up for each department using the app — once, however often the event arrives — and
/// the department's digest lists it.
/// </summary>
public sealed class AppReassessmentTests
{
    private const string Finans = "t-finans";
    private const string Helse = "t-helse";
    private const string Kultur = "t-kultur";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_advisory_naming_an_app_opens_exactly_one_follow_up_per_using_department_even_when_the_event_is_delivered_twice(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await NotificationHarness.CreateAsync(provider);
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        var digest = "      - sources: [stub-nsm]\n        cadence: weekly friday 15:00";
        await h.ImportDepartmentsAsync(string.Concat(
            NotificationHarness.Department(Finans, [NotificationHarness.Address()], digest),
            WithoutHeader(NotificationHarness.Department(Helse, [NotificationHarness.Address()], digest)),
            WithoutHeader(NotificationHarness.Department(Kultur, [NotificationHarness.Address()], digest))));
        h.Stub.Set("stub-nsm", new StubResponse(200, AuthorityStub.Rss(("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        var app = await h.StartAsync();
        await h.WaitForPollAsync("stub-nsm", null);

        // The register: an Admin adds the app, each department's coordinator its use.
        Assert.Equal(HttpStatusCode.Created, (await app.Http.PutAsJsonAsync("/api/v1/apps/wickr", new { name = "Wickr", vendor = "AWS", aliases = new[] { "Wickr Me", "AWS Wickr" } }, ct)).StatusCode);
        using var finans = await app.ClientAsync(AccessRole.Coordinator, Finans);
        using var kultur = await app.ClientAsync(AccessRole.Coordinator, Kultur);
        using var kulturReader = await app.ClientAsync(AccessRole.Reader, Kultur);
        Assert.Equal(HttpStatusCode.Created, (await finans.PutAsJsonAsync($"/api/v1/apps/wickr/departments/{Finans}", new { protection = "sensitive", assessment = "allowed-with-conditions", rationale = "Kun for vaktlag" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kultur.PutAsJsonAsync($"/api/v1/apps/wickr/departments/{Finans}", new { protection = "normal", assessment = "not-allowed" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Http.PutAsJsonAsync($"/api/v1/apps/wickr/departments/{Helse}", new { protection = "critical" }, ct)).StatusCode);

        // The app's topic is in force: the topics endpoint lists it beside the rule file's.
        var topics = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/topics", ct);
        Assert.Contains(topics.GetProperty("topics").EnumerateArray(), t => t.GetProperty("id").GetString() == "app-wickr");

        h.Stub.Set("stub-nsm", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-wickr", "Råd om krypterte meldingsapper", "NSM fraråder bruk av AWS Wickr på tjenestetelefoner.", "Tue, 03 Nov 2026 10:30:00 +0100"),
            ("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.CheckNowAsync("stub-nsm");
        var opened = await WaitForFollowUpsAsync(app, 2);
        Assert.Equal([Finans, Helse], opened.Select(a => a.DepartmentId).Order(StringComparer.Ordinal));
        Assert.All(opened, a => Assert.Equal(AssessmentState.ToAssess, a.State));
        Assert.All(opened, a => Assert.Equal("wickr", a.AppId));

        // The same event twice more: nothing new.
        var outbox = await app.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.MessageType == typeof(ChangeDetected).FullName, ct));
        var change = JsonSerializer.Deserialize<ChangeDetected>(outbox.Payload, NotificationHarness.Json)!;
        Assert.Contains("app-wickr", change.Topics);
        var bus = app.App.Services.GetRequiredService<IBus>();
        await bus.Publish(change, ct);
        await bus.Publish(change, ct);
        await WaitForDeliveriesAsync(app, change.ChangeId, 3);
        await Task.Delay(1_000, ct);
        var after = await app.WithDbAsync(db => db.Set<Assessment>().AsNoTracking().Include(a => a.History).ToListAsync(ct));
        Assert.Equal(2, after.Count);
        Assert.All(after, a => Assert.Single(a.History));

        // The app's page: its assessments and the advisory that named it; a reader of a department
        // that does not use it sees the app but no one's assessment, and no follow-up.
        var detail = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/apps/wickr", ct);
        Assert.Equal(2, detail.GetProperty("app").GetProperty("uses").GetArrayLength());
        Assert.Equal(2, detail.GetProperty("history").GetArrayLength());
        var mention = Assert.Single(detail.GetProperty("advisories").EnumerateArray());
        Assert.Equal(change.AdvisoryId, mention.GetProperty("advisoryId").GetGuid());
        var seenByKultur = await kulturReader.GetFromJsonAsync<JsonElement>("/api/v1/apps/wickr", ct);
        Assert.Equal(0, seenByKultur.GetProperty("app").GetProperty("uses").GetArrayLength());
        Assert.Empty((await kulturReader.GetFromJsonAsync<JsonElement>("/api/v1/assessments?all=true", ct)).EnumerateArray());
        var finansList = await finans.GetFromJsonAsync<JsonElement>("/api/v1/assessments", ct);
        Assert.Equal("Råd om krypterte meldingsapper", Assert.Single(finansList.EnumerateArray()).GetProperty("advisoryTitle").GetString());

        // The department's digest lists the open follow-up.
        await h.StopAsync();
        var preview = await TestEnvironment.CliAsync(["digest", "preview", Finans, .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.True(preview.ExitCode == 0, preview.Error);
        var section = preview.Output[preview.Output.IndexOf("=== Åpen oppfølging ===", StringComparison.Ordinal)..];
        Assert.Contains("* Råd om krypterte meldingsapper", section, StringComparison.Ordinal);
        Assert.Contains("Skal vurderes", section, StringComparison.Ordinal);
    }

    private static string WithoutHeader(string departments) => departments[(departments.IndexOf('\n', StringComparison.Ordinal) + 1)..];

    private static async Task<List<Assessment>> WaitForFollowUpsAsync(RunningApp app, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var rows = await app.WithDbAsync(db => db.Set<Assessment>().AsNoTracking().ToListAsync());
            if (rows.Count >= count)
            {
                return rows;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{count} follow-ups did not open within 30 s");
    }

    private static async Task WaitForDeliveriesAsync(RunningApp app, Guid changeId, int deliveries)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await app.WithDbAsync(db => db.Set<ChangeLogEntry>().AsNoTracking().Where(e => e.ChangeId == changeId).Select(e => e.Deliveries).SingleAsync()) >= deliveries)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"change {changeId} was not received {deliveries} times within 30 s");
    }
}
