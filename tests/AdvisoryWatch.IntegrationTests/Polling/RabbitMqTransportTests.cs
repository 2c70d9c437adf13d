using AdvisoryWatch.Contracts;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.Notifications;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>The scaled-out transport: the same flow as on one machine, through a real RabbitMQ broker.</summary>
public sealed class RabbitMqTransportTests
{
    [Fact]
    public async Task Polls_change_events_and_deliveries_flow_through_RabbitMQ_on_PostgreSQL()
    {
        await using var h = await NotificationHarness.CreateAsync("Postgres");
        h.Env.Settings["AdvisoryWatch:Bus:Transport"] = "RabbitMq";
        h.Env.Settings["ConnectionStrings:RabbitMq"] = TestServices.RabbitMqUri.AbsoluteUri;
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-rabbit", [a], "      - sources: [stub-nsm]\n        cadence: immediate"));

        await h.BaselineThenPublishAsync("stub-nsm", "Varsel over meldingsbussen");
        var log = Assert.Single(await h.ChangeLogAsync());
        Assert.Equal(ChangeKind.Published, log.Kind);
        var delivery = Assert.Single(await h.WaitForDeliveriesAsync("t-rabbit", r => r.Count == 1 && r[0].State == DeliveryState.Sent));
        Assert.Equal(log.ChangeId, delivery.ChangeId);
        Assert.Single(await MailSink.WaitForAsync(1, a));
    }
}
