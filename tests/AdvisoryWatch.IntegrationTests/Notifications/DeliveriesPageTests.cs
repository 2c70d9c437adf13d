using System.Net;
using AdvisoryWatch.Audit;
using AdvisoryWatch.IntegrationTests.Access;
using AdvisoryWatch.Notifications;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The deliveries page: the audit trail filtered by state, and the retry of a failed delivery (to a webhook receiver that refuses, then accepts).</summary>
public sealed class DeliveriesPageTests
{
    [Fact]
    public async Task The_page_filters_by_state_and_a_retry_of_a_failed_delivery_sends_it_exactly_once()
    {
        // A receiver that refuses for good (400) until it is fixed: the delivery fails, and a retry can succeed.
        var fixedReceiver = false;
        await using var receiver = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = Volatile.Read(ref fixedReceiver) ? 204 : 400;
            return Task.CompletedTask;
        });
        await using var h = await NotificationHarness.CreateAsync();
        h.Env.Settings["AdvisoryWatch:Webhooks:AllowedNetworks:0"] = "127.0.0.1/32";
        var hook = new Uri(receiver.BaseUrl, "hooks/t-retry").AbsoluteUri;
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync($"""
            departments:
              - id: t-retry
                name: Testavdelingen t-retry
                recipients:
                  - webhook: {hook}
                    secret: test-secret-0123456789-abcdefghijklmnop
                subscriptions:
                  - cadence: immediate
            """);
        var password = await h.Env.AddUserAsync("coord-retry@example.org", "Coordinator", "t-retry");
        await h.BaselineThenPublishAsync("stub-nsm", "Ny sårbarhet i meldingsapper");
        var failed = Assert.Single(await h.WaitForDeliveriesAsync("t-retry", r => r.Count == 1 && r[0].State == DeliveryState.Failed));
        await h.StopAsync();
        Assert.Single(receiver.Requests);

        Volatile.Write(ref fixedReceiver, true);
        var address = failed.Address;
        await using var app = await SecureHost.StartAsync(h.Env);
        using var browser = app.Browser();
        await browser.SignInAsync("coord-retry@example.org", password);

        var (status, failedPage) = await browser.GetAsync("/deliveries?state=failed");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(address, failedPage, StringComparison.Ordinal);
        Assert.Contains("400", failedPage[failedPage.IndexOf("id=\"deliveries\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain(address, (await browser.GetAsync("/deliveries?state=sent")).Body, StringComparison.Ordinal);

        var retried = await browser.PostAsync(
            "/deliveries?state=failed&handler=Retry", new Dictionary<string, string> { ["deliveryId"] = failed.Id.ToString() }, BrowserClient.AntiforgeryToken(failedPage));
        Assert.Equal((HttpStatusCode.Redirect, "/deliveries?state=failed&done=retried"), (retried.Status, retried.Location));
        var row = await WaitForStateAsync(app, failed.Id, DeliveryState.Sent);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(failed.Id.ToString("D"), receiver.Requests.Last().Headers![AdvisoryWatch.Notifications.Sending.Channels.Webhook.WebhookNotifier.DeliveryHeader]);

        // The same form again: the delivery is no longer failed, so nothing moves and nothing is sent.
        var again = await browser.PostAsync(
            "/deliveries?state=failed&handler=Retry", new Dictionary<string, string> { ["deliveryId"] = failed.Id.ToString() }, BrowserClient.AntiforgeryToken(failedPage));
        Assert.Equal("/deliveries?state=failed&done=not-failed", again.Location);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Equal(2, receiver.Requests.Count);
        row = await app.WithDbAsync(db => db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == failed.Id));
        Assert.Equal((DeliveryState.Sent, 2), (row.State, row.Attempts));
        var audit = Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "deliveries.retried").ToListAsync()));
        Assert.Contains("coord-retry@example.org", audit.Actor, StringComparison.Ordinal);
        Assert.Contains("400", audit.Before, StringComparison.Ordinal);
        Assert.Contains(address, (await browser.GetAsync("/deliveries?state=sent")).Body, StringComparison.Ordinal);
    }

    private static async Task<Delivery> WaitForStateAsync(RunningApp app, Guid id, DeliveryState state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var row = await app.WithDbAsync(db => db.Set<Delivery>().AsNoTracking().SingleAsync(d => d.Id == id));
            if (row.State == state || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(state, row.State);
                return row;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
