using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>"Check now" through the API, asked for again and again: the authority sees only what its Retry-After and the back-off allow.</summary>
public sealed class ManualCheckTests
{
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";

    [Fact]
    public async Task Manual_checks_respect_retry_after_and_back_off_and_say_when_the_next_check_is_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await PollingHarness.CreateAsync();
        h.Env.Settings["AdvisoryWatch:Polling:ManualCheckSpacing"] = "00:01:00";
        h.Stub.Set("limited", new StubResponse(429, "slow down", "text/plain") { RetryAfter = "600" });
        h.Stub.Set("ok", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))) { ETag = "\"v1\"" });
        h.Stub.Set("broken", new StubResponse(500, "boom", "text/plain"));
        await h.ImportAsync("sources:\n" + PollingHarness.FeedAt("m-limited", h.Stub.Url("limited"), 1) + PollingHarness.FeedAt("m-ok", h.Stub.Url("ok"), 1) + PollingHarness.FeedAt("m-broken", h.Stub.Url("broken"), 1));
        await h.StartAsync();
        var limited = await h.WaitForPollAsync("m-limited", null);
        await h.WaitForPollAsync("m-ok", null);
        var broken = await h.WaitForPollAsync("m-broken", null);
        Assert.Equal(429, limited.Health.LastStatusCode);

        // The healthy source was last checked two minutes ago: one check by hand is allowed.
        await h.App!.WithDbAsync(db => db.Set<Source>().Where(s => s.Id == "m-ok")
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastAttemptAtUtc, TimeProvider.System.GetUtcNow().AddMinutes(-2)), ct));

        // Twelve requests for each, as an impatient admin (or a script) would send them.
        var answers = new Dictionary<string, List<(HttpStatusCode Status, JsonElement Body, string? RetryAfter)>>
        {
            ["m-limited"] = [],
            ["m-ok"] = [],
            ["m-broken"] = [],
        };
        for (var i = 0; i < 12; i++)
        {
            foreach (var (id, list) in answers)
            {
                using var response = await h.App.Http.PostAsync(new Uri($"/api/v1/sources/{id}/check", UriKind.Relative), null, ct);
                list.Add((response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(ct), response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            await Task.Delay(250, ct);
        }

        // Let the ticks that follow claim whatever was made due.
        await Task.Delay(1_000, ct);
        await h.WaitForOutboxAsync();

        // The authority that asked for 600 s saw no request at all; each refusal says until when.
        Assert.Equal(1, h.Stub.Hits("limited"));
        Assert.All(answers["m-limited"], a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.InRange(double.Parse(a.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 500, 600);
            Assert.Equal(limited.Health.RetryAfterUtc, a.Body.GetProperty("nextAllowedCheckAtUtc").GetDateTimeOffset());
            Assert.Contains("Retry-After", a.Body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        });

        // The healthy source: the first request polls it, the rest wait for the spacing.
        Assert.Equal(2, h.Stub.Hits("ok"));
        Assert.Equal(HttpStatusCode.Accepted, answers["m-ok"][0].Status);
        var refused = answers["m-ok"][^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        var okNow = await h.SourceAsync("m-ok");
        Assert.Equal(okNow.Health.LastAttemptAtUtc!.Value.AddMinutes(1), refused.Body.GetProperty("nextAllowedCheckAtUtc").GetDateTimeOffset());

        // The failing source backs off: after one failure, twice the spacing.
        Assert.Equal(1, h.Stub.Hits("broken"));
        Assert.All(answers["m-broken"], a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal(broken.Health.LastAttemptAtUtc!.Value.AddMinutes(2), a.Body.GetProperty("nextAllowedCheckAtUtc").GetDateTimeOffset());
            Assert.Contains("backing off", a.Body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        });
    }
}
