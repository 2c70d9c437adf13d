using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AdvisoryWatch.IntegrationTests.Data;

/// <summary>
/// Writes the upgrade fixtures: a database of each provider made by this code (schema version 1),
/// through the real host, with rows in every table. Runs only when ADVISORYWATCH_WRITE_FIXTURES
/// names the folder to write to: the fixtures are made once, by the release they stand for.
/// </summary>
public sealed partial class LegacyFixtureWriter
{
    private const string Immediate = "      - sources: [stub-nsm, stub-page]\n        cadence: immediate";
    private const string DigestDaily = "      - sources: [stub-nsm, stub-page]\n        cadence: daily 08:00";
    private const string UrgentOnly = "      - sources: [stub-nsm]\n        minimumSeverity: urgent\n        cadence: daily 08:00";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Write_a_schema_version_1_database_with_rows_in_every_table(string provider)
    {
        var target = Environment.GetEnvironmentVariable("ADVISORYWATCH_WRITE_FIXTURES");
        Assert.SkipWhen(string.IsNullOrEmpty(target), "ADVISORYWATCH_WRITE_FIXTURES is not set");
        var ct = TestContext.Current.CancellationToken;

        await using var h = await NotificationHarness.CreateAsync(provider);
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm", "stub-nsm-list") + h.PageSource("stub-page", "stub-page"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("fx-immediate", ["anna@fixture.example", "smtp-550-bo@fixture.example"], Immediate));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("fx-digest", ["cecilie@fixture.example"], DigestDaily));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("fx-urgent", ["dag@fixture.example"], UrgentOnly, "koordinator@fixture.example", "2h"));

        h.Stub.Set("stub-page", new StubResponse(200, AuthorityStub.Page("Retningslinjer for logging", "Logg alle pålogginger.", "Oppbevar logger i seks måneder.")));
        await h.BaselineThenPublishAsync("stub-nsm", "Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt", "Sårbarheten utnyttjas aktivt; patcha omedelbart.");
        await h.WaitForPollAsync("stub-page", null);

        // A watched page changes: a Changed version with a diff.
        h.Stub.Set("stub-page", new StubResponse(200, AuthorityStub.Page("Retningslinjer for logging", "Logg alle pålogginger.", "Oppbevar logger i tolv måneder.")));
        await h.CheckNowAsync("stub-page");
        await h.WaitForDeliveriesAsync("fx-immediate", r => r.Count == 4 && r.TrueForAll(d => d.State is DeliveryState.Sent or DeliveryState.Failed));

        // The urgent alert is acknowledged through its link.
        await h.WaitForDeliveriesAsync("fx-urgent", r => r.Count == 1 && r[0].State == DeliveryState.Sent);
        var mail = (await MailSink.WaitForAsync(1, "dag@fixture.example"))[^1];
        var link = new Uri(AckLink().Match(mail.Raw.Replace("=\r\n", "", StringComparison.Ordinal)).Value);
        (await h.App!.Http.PostAsync(new Uri(link.PathAndQuery, UriKind.Relative), null, ct)).EnsureSuccessStatusCode();

        // The digest comes due and is sent.
        var queued = (await h.WaitForDeliveriesAsync("fx-digest", r => r.Count == 2)).Where(d => d.Mode == DeliveryMode.Digest).Select(d => d.Id).ToList();
        Assert.NotEmpty(queued);
        var due = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        await h.App.WithDbAsync(db => db.Set<Delivery>().Where(d => queued.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAtUtc, due), ct));
        await h.WaitForDeliveriesAsync("fx-digest", r => r.TrueForAll(d => d.State == DeliveryState.Sent));

        // An admin saves a second version of the topic rules.
        var rules = await h.App.Http.GetFromJsonAsync<TopicRulesFixtureView>("/api/v1/topics/rules", NotificationHarness.Json, ct);
        using (var put = new StringContent(rules!.Yaml + "\n# fixture: saved again\n", System.Text.Encoding.UTF8, "application/yaml"))
        {
            (await h.App.Http.PutAsync(new Uri("/api/v1/topics/rules?comment=fixture", UriKind.Relative), put, ct)).EnsureSuccessStatusCode();
        }

        await h.WaitForOutboxAsync();
        await h.StopAsync();

        Directory.CreateDirectory(target!);
        if (provider == "Sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Copy(Path.Combine(h.Env.DataDirectory, "advisorywatch.db"), Path.Combine(target!, "v1-sqlite.db"), overwrite: true);
            Assert.False(File.Exists(Path.Combine(h.Env.DataDirectory, "advisorywatch.db-wal")), "the WAL is checkpointed on close");
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            var cs = new NpgsqlConnectionStringBuilder(h.Env.ConnectionString);
            var pgDump = Directory.GetFiles("/usr/lib/postgresql", "pg_dump", SearchOption.AllDirectories).Max()!;
            var start = new ProcessStartInfo(pgDump) { RedirectStandardError = true };
            foreach (var arg in (string[])["--no-owner", "--no-privileges", "--format=plain", "-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username!, "-f", Path.Combine(target!, "v1-postgres.sql"), cs.Database!])
            {
                start.ArgumentList.Add(arg);
            }

            using var dump = Process.Start(start)!;
            var err = await dump.StandardError.ReadToEndAsync(ct);
            await dump.WaitForExitAsync(ct);
            Assert.True(dump.ExitCode == 0, err);
        }
    }

    private sealed record TopicRulesFixtureView(int Version, string Yaml);

    [GeneratedRegex(@"https?://[^\s""<>]+/ack/[A-Za-z0-9_-]+")]
    private static partial Regex AckLink();
}
