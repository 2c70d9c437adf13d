using System.Text;
using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// Hostile pages through <c>advisorywatch run</c>'s real host: a page built to exhaust the parser
/// fails fast with a typed error and backs off, and the other sources keep their schedule.
/// </summary>
public sealed class HostilePagesEndToEndTests
{
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";
    private const string Tuesday = "Tue, 03 Nov 2026 10:30:00 +0100";

    // 5.5 MB of elements each inside the one before: a parser needs hours for it.
    private static readonly string DeepPage = "<!doctype html><html><body><main>"
        + new StringBuilder(5_500_000).Insert(0, "<div>", 1_100_000) + "tekst</main></body></html>";

    [Fact]
    public async Task Deeply_nested_pages_fail_fast_as_too_deep_and_back_off_while_other_sources_keep_their_schedule()
    {
        await using var h = await PollingHarness.CreateAsync();
        const int hostile = 4;
        for (var i = 0; i < hostile; i++)
        {
            h.Stub.Set($"deep-{i}", new StubResponse(200, DeepPage, "text/html; charset=utf-8"));
        }

        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await h.ImportAsync("sources:\n" + string.Concat(Enumerable.Range(0, hostile).Select(i => h.PageSource($"stub-deep-{i}", $"deep-{i}"))) + h.FeedSource("stub-ok", "rss"));
        await h.StartAsync();

        for (var i = 0; i < hostile; i++)
        {
            var deep = await h.WaitForPollAsync($"stub-deep-{i}", null);
            Assert.Equal(1, deep.Health.ConsecutiveFailures);
            Assert.Contains("too-deep", deep.Health.LastError, StringComparison.Ordinal);
            Assert.True(deep.Health.NextCheckAtUtc >= deep.Health.LastAttemptAtUtc!.Value.AddMinutes(59), "a failed page waits at least its interval");
        }

        var ok = await h.WaitForPollAsync("stub-ok", null);
        Assert.Equal(0, ok.Health.ConsecutiveFailures);

        // Polling goes on: a new item on the healthy source is announced, and the hostile page,
        // checked again, fails again and waits longer.
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("b", "B", "b", Tuesday), ("a", "A", "a", Monday))));
        await h.CheckNowAsync("stub-ok");
        var published = Assert.Single(await h.ChangeLogAsync());
        Assert.Equal(ChangeKind.Published, published.Kind);

        var again = await h.CheckNowAsync("stub-deep-0");
        Assert.Equal(2, again.Health.ConsecutiveFailures);
        Assert.InRange(again.Health.NextCheckAtUtc!.Value - again.Health.LastAttemptAtUtc!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
        Assert.Equal(2, h.Stub.Hits("deep-0"));
        Assert.Empty(await h.AdvisoriesAsync("stub-deep-0"));
    }
}
