using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Planning;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Webhook;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The webhook channel: signed documents to a loopback receiver, its retry rules, the private-address guard, exactly once.</summary>
public sealed class WebhookChannelTests
{
    private const string Secret = "test-secret-0123456789-abcdefghijklmnop";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static WebhookNotifier Notifier(params string[] allowed) =>
        new(Options.Create(new WebhookOptions { AllowedNetworks = [.. allowed], TimeoutSeconds = 5 }), TimeProvider.System, NullLogger<WebhookNotifier>.Instance);

    /// <summary>The recipe of docs/webhooks.md, written from the text rather than from the product's code.</summary>
    private static bool VerifiesByTheDocumentedRecipe(string secret, string header, byte[] body, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = parts["t"];
        var signedPayload = Encoding.ASCII.GetBytes(t + ".").Concat(body).ToArray();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = string.Concat(hmac.ComputeHash(signedPayload).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts["v1"]))
            && Math.Abs(now.ToUnixTimeSeconds() - long.Parse(t, CultureInfo.InvariantCulture)) <= 300;
    }

    [Fact]
    public async Task The_signature_verifies_with_the_documented_recipe_and_fails_for_another_body_or_secret()
    {
        await using var stub = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = 204;
            return Task.CompletedTask;
        });
        using var notifier = Notifier("127.0.0.1/32");
        var id = Guid.NewGuid();
        var body = Encoding.UTF8.GetBytes("""{"schemaVersion":1,"title":"Råd om æøå"}""");

        var result = await notifier.PostAsync(new Uri(stub.BaseUrl, "hooks/aw?token=abc"), Secret, id, body, Token);

        Assert.IsType<SendResult.Sent>(result);
        var request = Assert.Single(stub.Requests);
        var header = request.Headers![WebhookSignature.HeaderName];
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.Equal(id.ToString("D"), request.Headers[WebhookNotifier.DeliveryHeader]);
        var received = Encoding.UTF8.GetBytes(request.Body);
        Assert.Equal(body, received);
        Assert.True(VerifiesByTheDocumentedRecipe(Secret, header, received, TimeProvider.System.GetUtcNow()));
        Assert.False(VerifiesByTheDocumentedRecipe(Secret + "x", header, received, TimeProvider.System.GetUtcNow()));
        Assert.False(VerifiesByTheDocumentedRecipe(Secret, header, [.. received, (byte)' '], TimeProvider.System.GetUtcNow()));
        Assert.False(VerifiesByTheDocumentedRecipe(Secret, header, received, TimeProvider.System.GetUtcNow().AddMinutes(10)));
    }

    [Theory]
    [InlineData(429, typeof(SendResult.RetryLater))]
    [InlineData(503, typeof(SendResult.RetryLater))]
    [InlineData(500, typeof(SendResult.RetryLater))]
    [InlineData(408, typeof(SendResult.RetryLater))]
    [InlineData(400, typeof(SendResult.Rejected))]
    [InlineData(410, typeof(SendResult.Rejected))]
    [InlineData(302, typeof(SendResult.Rejected))]
    public async Task Rate_limits_and_server_errors_are_retried_and_other_refusals_are_not(int status, Type expected)
    {
        await using var stub = await HttpStub.StartAsync(async (_, response) =>
        {
            response.StatusCode = status;
            response.Headers.RetryAfter = "120";
            await response.WriteAsync("""{"error":"busy"}""");
        });
        using var notifier = Notifier("127.0.0.1/32");

        var result = await notifier.PostAsync(new Uri(stub.BaseUrl, "hooks/aw"), Secret, Guid.NewGuid(), "{}"u8.ToArray(), Token);

        Assert.IsType(expected, result);
        if (result is SendResult.RetryLater later)
        {
            Assert.Equal(TimeSpan.FromSeconds(120), later.RetryAfter);
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    public async Task A_webhook_on_a_private_address_is_refused_without_a_request(string host)
    {
        await using var stub = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = 204;
            return Task.CompletedTask;
        });
        using var notifier = Notifier();
        var url = new Uri($"http://{host}:{stub.BaseUrl.Port}/hooks/aw");

        var result = await notifier.PostAsync(url, Secret, Guid.NewGuid(), "{}"u8.ToArray(), Token);

        var rejected = Assert.IsType<SendResult.Rejected>(result);
        Assert.Contains("blocked address", rejected.Reply, StringComparison.Ordinal);
        Assert.Contains(WebhookOptions.Section + ":AllowedNetworks", rejected.Reply, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_webhook_recipient_gets_each_change_exactly_once_through_a_retry_a_restart_and_a_duplicate_event()
    {
        var answers = 0;
        await using var hook = await HttpStub.StartAsync((_, response) =>
        {
            // The first post meets a receiver that is busy for a moment; every later one is taken.
            response.StatusCode = Interlocked.Increment(ref answers) == 1 ? 503 : 202;
            if (response.StatusCode == 503)
            {
                response.Headers.RetryAfter = "0";
            }

            return Task.CompletedTask;
        });
        await using var h = await NotificationHarness.CreateAsync();
        h.Env.Settings["AdvisoryWatch:Webhooks:AllowedNetworks:0"] = "127.0.0.1/32";
        var url = new Uri(hook.BaseUrl, "hooks/advisorywatch?token=query-secret");
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync($"""
            departments:
              - id: t-webhook
                name: Testavdelingen Webhook
                recipients:
                  - webhook: {url.AbsoluteUri}
                    secret: {Secret}
                subscriptions:
                  - sources: [stub-nsm]
                    cadence: immediate
            """);

        await h.BaselineThenPublishAsync("stub-nsm", "Råd om Telegram i offentlig sektor");
        var rows = await h.WaitForDeliveriesAsync("t-webhook", r => r.Count == 1 && r[0].State == DeliveryState.Sent);
        var row = Assert.Single(rows);
        Assert.Equal(RecipientChannel.Webhook, row.Channel);
        Assert.Equal(2, row.Attempts);
        Assert.Equal($"http://127.0.0.1:{hook.BaseUrl.Port}/hooks/advisorywatch", row.Address);

        // Both posts carried the same document id; the second is signed and says what changed.
        var posts = hook.Requests.ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(row.Id.ToString("D"), p.Headers![WebhookNotifier.DeliveryHeader]));
        var last = posts[^1];
        Assert.True(VerifiesByTheDocumentedRecipe(Secret, last.Headers![WebhookSignature.HeaderName], Encoding.UTF8.GetBytes(last.Body), TimeProvider.System.GetUtcNow()));
        using (var document = JsonDocument.Parse(last.Body))
        {
            var root = document.RootElement;
            Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(row.Id, root.GetProperty("id").GetGuid());
            Assert.Equal("alert", root.GetProperty("type").GetString());
            Assert.Equal("t-webhook", root.GetProperty("department").GetProperty("id").GetString());
            var change = Assert.Single(root.GetProperty("changes").EnumerateArray());
            Assert.Equal(row.ChangeId, change.GetProperty("changeId").GetGuid());
            Assert.Equal("Råd om Telegram i offentlig sektor", change.GetProperty("title").GetString());
        }

        // A restart, then the same change event delivered again: no new row, no new post.
        await h.StopAsync();
        await h.StartAsync();
        await using (var scope = h.App!.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatch.Data.AdvisoryWatchDbContext>();
            var version = await db.Set<AdvisoryVersion>().AsNoTracking().SingleAsync(v => v.Id == row.ChangeId, Token);
            var again = new ChangeDetected(row.ChangeId, row.AdvisoryId, "stub-nsm", ChangeKind.Published, row.Severity, version.Title, version.Url, version.Summary, [], "nb", TimeProvider.System.GetUtcNow());
            var planned = await ActivatorUtilities.CreateInstance<DeliveryPlanner>(scope.ServiceProvider).PlanAsync([again], [Guid.NewGuid()], Token);
            Assert.Equal((0, 0), planned);
        }

        await Task.Delay(1_000, Token);
        Assert.Single(await h.WaitForDeliveriesAsync("t-webhook", r => r.Count == 1));
        Assert.Equal(2, hook.Requests.Count);

        // The API shows neither the secret nor the URL's query.
        var department = await h.App.Http.GetStringAsync(new Uri("/api/v1/departments/t-webhook", UriKind.Relative), Token);
        var audit = await h.App.Http.GetStringAsync(new Uri("/api/v1/deliveries?department=t-webhook", UriKind.Relative), Token);
        Assert.DoesNotContain(Secret, department + audit, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret", department + audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_digest_carries_the_department_s_open_follow_ups_as_a_mail_digest_does()
    {
        await using var hook = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = 202;
            return Task.CompletedTask;
        });
        await using var h = await NotificationHarness.CreateAsync();
        h.Env.Settings["AdvisoryWatch:Webhooks:AllowedNetworks:0"] = "127.0.0.1/32";
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync($"""
            departments:
              - id: t-hook-digest
                name: Testavdelingen Digest
                recipients:
                  - webhook: {new Uri(hook.BaseUrl, "hooks/digest").AbsoluteUri}
                    secret: {Secret}
                subscriptions:
                  - sources: [stub-nsm]
                    cadence: daily 08:00
            """);

        await h.BaselineThenPublishAsync("stub-nsm", "Råd om TikTok på tjenestetelefoner");
        var queued = Assert.Single(await h.WaitForDeliveriesAsync("t-hook-digest", r => r.Count == 1));
        var put = await h.App!.Http.PutAsJsonAsync($"/api/v1/assessments/{queued.AdvisoryId}/t-hook-digest", new { state = "action-needed", owner = "Kari", dueDate = "2026-12-24" }, Token);
        Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);

        // The digest time comes (the clock is real, so the row is moved instead).
        var due = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        await h.App.WithDbAsync(db => db.Set<Delivery>().Where(d => d.Id == queued.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAtUtc, due)));
        await h.WaitForDeliveriesAsync("t-hook-digest", r => r[0].State == DeliveryState.Sent);

        using var document = JsonDocument.Parse(Assert.Single(hook.Requests).Body);
        var root = document.RootElement;
        Assert.Equal("digest", root.GetProperty("type").GetString());
        Assert.Single(root.GetProperty("changes").EnumerateArray());
        var followUp = Assert.Single(root.GetProperty("followUps").EnumerateArray());
        Assert.Equal(queued.AdvisoryId, followUp.GetProperty("advisoryId").GetGuid());
        Assert.Equal("Råd om TikTok på tjenestetelefoner", followUp.GetProperty("title").GetString());
        Assert.Equal("actionNeeded", followUp.GetProperty("state").GetString());
        Assert.Equal("Kari", followUp.GetProperty("owner").GetString());
        Assert.Equal("2026-12-24", followUp.GetProperty("dueDate").GetString());
    }
}
