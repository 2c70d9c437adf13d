using System.Text.Json;
using AdvisoryWatch.Notifications;
using Microsoft.AspNetCore.Http;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The other channel (Teams), and what a hostile authority page can and cannot do to mail.</summary>
public sealed class ChannelsAndHostileInputTests
{
    [Fact]
    public async Task A_department_with_a_Teams_channel_gets_an_adaptive_card_for_an_immediate_alert()
    {
        await using var hook = await HttpStub.StartAsync(async (_, response) =>
        {
            response.StatusCode = 202;
            await response.WriteAsync("");
        });
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        var webhook = new Uri(hook.BaseUrl, "workflows/secret-signature");
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync($"""
            departments:
              - id: t-teams
                name: Testavdelingen Teams
                recipients:
                  - address: {a}
                  - teams: {webhook.AbsoluteUri}
                subscriptions:
                  - sources: [stub-nsm]
                    cadence: immediate
            """);

        await h.BaselineThenPublishAsync("stub-nsm", "Råd om Telegram i offentlig sektor");
        var rows = await h.WaitForDeliveriesAsync("t-teams", r => r.Count == 2 && r.TrueForAll(d => d.State == DeliveryState.Sent));
        Assert.Contains(rows, d => d.Channel == Departments.RecipientChannel.Teams && d.Address == "(webhook)");
        var post = Assert.Single(hook.Requests);
        Assert.Equal("POST", post.Method);
        Assert.Equal("/workflows/secret-signature", post.Path);
        using var card = JsonDocument.Parse(post.Body);
        Assert.Equal("message", card.RootElement.GetProperty("type").GetString());
        var attachment = card.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Contains(Strings(attachment.GetProperty("content")), t => t.Contains("Råd om Telegram i offentlig sektor", StringComparison.Ordinal));

        // The audit API never shows the webhook's secret URL.
        var audit = await h.App!.Http.GetStringAsync(new Uri("/api/v1/deliveries?department=t-teams", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("secret-signature", audit, StringComparison.Ordinal);
        var department = await h.App.Http.GetStringAsync(new Uri("/api/v1/departments/t-teams", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("secret-signature", department, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_title_from_an_authority_cannot_add_a_header_or_a_recipient()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-hostile", [a], "      - sources: [stub-nsm]\n        cadence: immediate"));

        // Raw line breaks, escaped ones (decoded with the title's HTML) and an encoded-word hiding a CRLF.
        await h.BaselineThenPublishAsync("stub-nsm", "Viktig\r\nBcc: evil@attacker.example\nX-Injected: yes &#13;&#10;Bcc: evil3@attacker.example =?utf-8?q?a=0D=0ABcc:_evil2@attacker.example?=");
        Assert.Single(await h.WaitForDeliveriesAsync("t-hostile", r => r.Count == 1 && r[0].State == DeliveryState.Sent));
        var mail = Assert.Single(await MailSink.WaitForAsync(1, a));
        Assert.Single(mail.All("Subject"));
        Assert.Empty(mail.All("Bcc"));
        Assert.Empty(mail.All("X-Injected"));
        Assert.Equal([a], mail.EnvelopeTo);
        Assert.Empty(MailSink.For("evil@attacker.example", "evil2@attacker.example", "evil3@attacker.example"));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };
}
