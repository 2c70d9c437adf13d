using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>Urgent alerts: acknowledged through the link, or escalated to the coordinator once.</summary>
public sealed partial class AcknowledgementTests
{
    private const string UrgentOnly = "      - sources: [stub-nsm]\n        minimumSeverity: urgent\n        cadence: daily 08:00";

    [Fact]
    public async Task An_urgent_alert_goes_out_at_once_to_digest_subscribers_and_is_acknowledged_through_its_link()
    {
        await using var h = await NotificationHarness.CreateAsync();
        string a = NotificationHarness.Address(), coordinator = NotificationHarness.Address("coord");
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-ack", [a], UrgentOnly, coordinator, "3s"));
        await h.BaselineThenPublishAsync("stub-nsm", "Blixtmeddelande: kritisk sårbarhet utnyttjas aktivt");

        var row = Assert.Single(await h.WaitForDeliveriesAsync("t-ack", r => r.Count == 1 && r[0].State == DeliveryState.Sent));
        Assert.Equal((DeliveryMode.Immediate, Severity.Urgent), (row.Mode, row.Severity));
        var mail = Assert.Single(await MailSink.WaitForAsync(1, a));
        var link = new Uri(AckLink().Match(mail.Raw.Replace("=\r\n", "", StringComparison.Ordinal)).Value);
        var path = new Uri(link.PathAndQuery, UriKind.Relative);

        var page = await h.App!.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(await Acks(h));

        var posted = await h.App.Http.PostAsync(path, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var ack = Assert.Single(await Acks(h));
        Assert.Equal(a, ack.Address);

        // Acknowledged in time: the coordinator is not bothered.
        await Task.Delay(4_000, TestContext.Current.CancellationToken);
        Assert.Empty(MailSink.For(coordinator));
    }

    [Fact]
    public async Task An_urgent_alert_nobody_acknowledges_is_escalated_to_the_coordinator_once()
    {
        await using var h = await NotificationHarness.CreateAsync();
        string a = NotificationHarness.Address(), coordinator = NotificationHarness.Address("coord");
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-escalate", [a], UrgentOnly, coordinator, "1s"));
        await h.BaselineThenPublishAsync("stub-nsm", "Blixtmeddelande: angrepp mot kommuner");

        var rows = await h.WaitForDeliveriesAsync("t-escalate", r => r.Exists(d => d.Mode == DeliveryMode.Escalation && d.State == DeliveryState.Sent));
        var escalation = Assert.Single(rows, d => d.Mode == DeliveryMode.Escalation);
        Assert.Equal(coordinator, escalation.Address);
        Assert.Single(await MailSink.WaitForAsync(1, coordinator));

        // Later ticks and a restart do not escalate again.
        await h.StopAsync();
        await h.StartAsync();
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        Assert.Single(MailSink.For(coordinator));
        var audit = await h.DeliveriesAsync("department=t-escalate&mode=escalation");
        Assert.Single(audit.Items);
    }

    private static async Task<List<AcknowledgementView>> Acks(Polling.PollingHarness h) =>
        (await h.App!.Http.GetFromJsonAsync<List<AcknowledgementView>>("/api/v1/acknowledgements?department=" + (await h.DeliveriesAsync("")).Items[0].DepartmentId, NotificationHarness.Json, TestContext.Current.CancellationToken))!;

    [GeneratedRegex(@"https?://[^\s""<>]+/ack/[A-Za-z0-9_-]+")]
    private static partial Regex AckLink();
}
