using AdvisoryWatch.Notifications;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>
/// A relay that closes connections it held idle (Postfix's <c>smtpd_timeout</c>, aiosmtpd's 300 s)
/// through the real host: after a quiet period the next alerts go out at once, each on its first
/// attempt, and the relay is never declared down.
/// </summary>
public sealed class IdleRelayTests
{
    private const string Immediate = "      - sources: [stub-nsm]\n        cadence: immediate";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_quiet_period_in_which_the_relay_closed_every_connection_the_next_alerts_go_out_at_once(bool goodbye)
    {
        await using var server = new ScriptedSmtpServer(new() { IdleTimeout = TimeSpan.FromMilliseconds(400), GoodbyeOnIdle = goodbye });
        await using var h = await NotificationHarness.CreateAsync(smtpPort: server.Port);
        h.Env.Settings["AdvisoryWatch:Mail:Smtp:Connections"] = "4";
        h.Env.Settings["AdvisoryWatch:Notifications:RelayDownAfter"] = "3";

        // A relay declared down would hold the mail until the next probe, a minute away.
        h.Env.Settings["AdvisoryWatch:Notifications:RelayProbeInterval"] = "00:01:00";
        var people = Enumerable.Range(0, 4).Select(i => $"accept-{i}-{Guid.NewGuid():N}@test.example").ToArray();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-idle", people, Immediate));
        await h.BaselineThenPublishAsync("stub-nsm", "Første varsel før en stille periode");
        await h.WaitForDeliveriesAsync("t-idle", r => r.Count == 4 && r.TrueForAll(d => d.State == DeliveryState.Sent));

        // The quiet period: the relay closes every connection the sender keeps.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (server.IdleClosed < server.ConnectionsOpened && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(server.ConnectionsOpened, server.IdleClosed);
        await h.BaselineThenPublishAgainAsync("stub-nsm", "Neste varsel etter den stille perioden");
        var rows = await h.WaitForDeliveriesAsync("t-idle", r => r.Count == 8 && r.TrueForAll(d => d.State == DeliveryState.Sent), seconds: 15);

        Assert.All(rows, d => Assert.Equal(1, d.Attempts));
        Assert.Equal(8, server.Accepted.Count);
        var status = await h.App!.Http.GetStringAsync(new Uri("/api/v1/notifications/status", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("\"down\":false", status, StringComparison.Ordinal);
    }
}
