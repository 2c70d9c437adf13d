using AdvisoryWatch.Contracts;
using AdvisoryWatch.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// Scenarios driven through <c>advisorywatch run</c>'s real host, with the authority stub playing
/// the websites: baseline, new and changed items, watched pages, 304s, back-off, fallback, restart.
/// </summary>
public sealed class PollingEndToEndTests
{
    private const string Monday = "Mon, 02 Nov 2026 09:00:00 +0100";
    private const string Tuesday = "Tue, 03 Nov 2026 10:30:00 +0100";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task First_poll_stores_a_silent_baseline_then_new_and_changed_items_are_announced_once(string provider)
    {
        await using var h = await PollingHarness.CreateAsync(provider);
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-1", "Råd om TikTok på jobbtelefoner", "NSM fraråder TikTok og Telegram på tjenestetelefoner.", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "rss"));
        await h.StartAsync();

        var first = await h.WaitForPollAsync("stub-nsm", null);
        Assert.Equal(1, first.Health.ItemsSeen);
        Assert.NotNull(first.Health.BaselineTakenAtUtc);
        Assert.Empty(await h.ChangeLogAsync());

        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-2", "Ny trusselvurdering", "Etterretningstrusselen mot Norge øker.", Tuesday),
            ("nsm-1", "Råd om TikTok på jobbtelefoner", "NSM fraråder TikTok og Telegram på tjenestetelefoner.", Monday))));
        await h.CheckNowAsync("stub-nsm");
        var log = await h.ChangeLogAsync();
        var published = Assert.Single(log);
        Assert.Equal(ChangeKind.Published, published.Kind);
        Assert.Equal("Ny trusselvurdering", published.Title);

        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(
            ("nsm-2", "Ny trusselvurdering", "Etterretningstrusselen mot Norge øker.", Tuesday),
            ("nsm-1", "Råd om TikTok på jobbtelefoner", "NSM fraråder TikTok, Telegram og WeChat på tjenestetelefoner.", Monday))));
        await h.CheckNowAsync("stub-nsm");
        log = await h.ChangeLogAsync();
        Assert.Equal(2, log.Count);
        var updated = log.Single(e => e.Kind == ChangeKind.Updated);
        Assert.All(log, e => Assert.Equal(1, e.Deliveries));

        var advisory = await h.AdvisoryAsync(updated.AdvisoryId);
        Assert.Equal(2, advisory.Advisory.CurrentVersion);
        Assert.Equal(2, advisory.Versions.Count);
        Assert.True(advisory.Versions[^1].IsBaseline);
        Assert.Contains("WeChat", advisory.Versions[0].Diff, StringComparison.Ordinal);
        Assert.Contains("- NSM fraråder TikTok og Telegram", advisory.Versions[0].Diff, StringComparison.Ordinal);

        // The same feed again: nothing new, nothing announced.
        await h.CheckNowAsync("stub-nsm");
        Assert.Equal(2, (await h.ChangeLogAsync()).Count);
        Assert.Equal(2, (await h.AdvisoriesAsync("stub-nsm")).Count);
    }

    [Fact]
    public async Task A_watched_page_change_is_announced_with_a_diff_and_a_page_that_goes_is_announced_once()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rad", new StubResponse(200, AuthorityStub.Page("Grunnprinsipper", "Bruk sterke passord.", "Oppdater programvare."), "text/html; charset=utf-8"));
        await h.ImportAsync("sources:\n" + h.PageSource("stub-page", "rad"));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-page", null);

        // Only the excluded "last updated" stamp changes: not a change.
        h.Stub.Set("rad", new StubResponse(200, AuthorityStub.Page("Grunnprinsipper", "Bruk sterke passord.", "Oppdater programvare."), "text/html; charset=utf-8"));
        await h.CheckNowAsync("stub-page");
        Assert.Empty(await h.ChangeLogAsync());

        h.Stub.Set("rad", new StubResponse(200, AuthorityStub.Page("Grunnprinsipper", "Bruk passordfraser og MFA.", "Oppdater programvare."), "text/html; charset=utf-8"));
        await h.CheckNowAsync("stub-page");
        var changed = Assert.Single(await h.ChangeLogAsync());
        Assert.Equal(ChangeKind.PageChanged, changed.Kind);
        var view = await h.AdvisoryAsync(changed.AdvisoryId);
        Assert.Contains("- Bruk sterke passord.", view.Versions[0].Diff, StringComparison.Ordinal);
        Assert.Contains("+ Bruk passordfraser og MFA.", view.Versions[0].Diff, StringComparison.Ordinal);

        h.Stub.Set("rad", new StubResponse(410, "Gone", "text/plain"));
        await h.CheckNowAsync("stub-page");
        await h.CheckNowAsync("stub-page");
        var log = await h.ChangeLogAsync();
        Assert.Single(log, e => e.Kind == ChangeKind.PageGone);
        var health = (await h.SourceAsync("stub-page")).Health;
        Assert.Equal(410, health.LastStatusCode);
        Assert.True((await h.AdvisoryAsync(changed.AdvisoryId)).Advisory.Gone);
    }

    [Fact]
    public async Task Conditional_get_sends_the_etag_and_a_304_announces_nothing()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))) { ETag = "\"v1\"" });
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-etag", "rss"));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-etag", null);

        var second = await h.CheckNowAsync("stub-etag");
        Assert.Equal(304, second.Health.LastStatusCode);
        Assert.Equal("\"v1\"", h.Stub.Requests[^1].IfNoneMatch);
        Assert.Empty(await h.ChangeLogAsync());
        Assert.Equal(0, second.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task Server_errors_back_off_and_retry_after_is_honoured_while_other_sources_keep_their_schedule()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("ok", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        h.Stub.Set("broken", new StubResponse(500, "boom", "text/plain"));
        h.Stub.Set("limited", new StubResponse(429, "slow down", "text/plain") { RetryAfter = "7200" });
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-ok", "ok") + h.FeedSource("stub-broken", "broken") + h.FeedSource("stub-limited", "limited"));
        await h.StartAsync();

        var ok = await h.WaitForPollAsync("stub-ok", null);
        var broken = await h.WaitForPollAsync("stub-broken", null);
        var limited = await h.WaitForPollAsync("stub-limited", null);
        Assert.Equal(0, ok.Health.ConsecutiveFailures);
        Assert.InRange(ok.Health.NextCheckAtUtc!.Value - ok.Health.LastAttemptAtUtc!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        Assert.Equal(1, broken.Health.ConsecutiveFailures);
        Assert.Equal(500, broken.Health.LastStatusCode);
        Assert.Contains("500", broken.Health.LastError, StringComparison.Ordinal);
        broken = await h.CheckNowAsync("stub-broken");
        Assert.Equal(2, broken.Health.ConsecutiveFailures);
        Assert.InRange(broken.Health.NextCheckAtUtc!.Value - broken.Health.LastAttemptAtUtc!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));

        Assert.Equal(429, limited.Health.LastStatusCode);
        Assert.InRange(limited.Health.RetryAfterUtc!.Value - limited.Health.LastAttemptAtUtc!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
        Assert.Empty(await h.ChangeLogAsync());
    }

    [Fact]
    public async Task A_read_that_needed_recovering_shows_as_warnings_in_the_health_not_as_ok()
    {
        await using var h = await PollingHarness.CreateAsync();
        var clean = AuthorityStub.Rss(("a", "A", "a", Monday), ("b", "B", "b", Monday));
        h.Stub.Set("clean", new StubResponse(200, clean));
        h.Stub.Set("broken", new StubResponse(200, clean.Replace("<language>nb-NO</language>", "<language>nb-NO</language><itunes:category text=\"News\">", StringComparison.Ordinal)));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-clean", "clean") + h.FeedSource("stub-recovered", "broken"));
        await h.StartAsync();

        var recovered = await h.WaitForPollAsync("stub-recovered", null);
        Assert.Equal("warnings", recovered.Health.State);
        Assert.Equal(2, recovered.Health.ItemsSeen);
        Assert.Contains("unclosed <itunes:category>", recovered.Health.LastReadWarnings, StringComparison.Ordinal);
        Assert.Equal(0, recovered.Health.ConsecutiveFailures);
        Assert.Equal(2, (await h.AdvisoriesAsync("stub-recovered")).Count);

        var ok = await h.WaitForPollAsync("stub-clean", null);
        Assert.Equal("ok", ok.Health.State);
        Assert.Null(ok.Health.LastReadWarnings);
    }

    [Fact]
    public async Task When_the_primary_fails_the_fallback_list_is_read_and_the_reason_is_shown()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(503, "maintenance", "text/plain"));
        h.Stub.Set("aktuelt", new StubResponse(200, """
            <html><body><ul>
            <li class="article"><a href="/aktuelt/a">Første sak</a><span class="date">9 juni 2026</span></li>
            <li class="article"><a href="/aktuelt/b">Andre sak</a><span class="date">3 mars 2025</span></li>
            </ul></body></html>
            """, "text/html; charset=utf-8"));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-fallback", "rss", "aktuelt"));
        await h.StartAsync();

        var polled = await h.WaitForPollAsync("stub-fallback", null);
        Assert.Equal(2, polled.Health.ItemsSeen);
        Assert.Equal(0, polled.Health.ConsecutiveFailures);
        Assert.Contains("fallback", polled.Health.LastError, StringComparison.Ordinal);
        var items = await h.AdvisoriesAsync("stub-fallback");
        Assert.Contains(items, a => a.Title == "Første sak" && a.PublishedAtUtc == new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_restart_neither_repeats_the_baseline_nor_announces_anything_twice()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-restart", "rss"));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-restart", null);
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("b", "B", "b", Tuesday), ("a", "A", "a", Monday))));
        await h.CheckNowAsync("stub-restart");
        Assert.Single(await h.ChangeLogAsync());
        await h.StopAsync();

        await h.StartAsync();
        await h.CheckNowAsync("stub-restart");
        var log = await h.ChangeLogAsync();
        Assert.Single(log);
        Assert.Equal(1, log[0].Deliveries);
        Assert.Equal(2, (await h.AdvisoriesAsync("stub-restart")).Count);
    }

    [Fact]
    public async Task Events_committed_before_a_crash_are_published_after_the_restart_exactly_once()
    {
        // C2: the change commits, then the process dies before publishing. A web-only node runs
        // no scheduler and no dispatcher; the test polls in it as a worker would, which leaves the
        // outbox exactly as a crash after the commit would.
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-c2", "rss"));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-c2", null);
        await h.StopAsync();

        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("b", "B", "b", Tuesday), ("a", "A", "a", Monday))));
        h.Env.Settings["AdvisoryWatch:Roles"] = "Web";
        await h.StartAsync();
        await using (var scope = h.App!.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatch.Data.AdvisoryWatchDbContext>();
            await AdvisoryWatch.Polling.SourceClaims.MakeDueAsync(db, "stub-c2", TimeProvider.System.GetUtcNow().AddSeconds(-1), TestContext.Current.CancellationToken);
        }

        var pending = await PollDirectlyAsync(h, "stub-c2");
        Assert.Equal(1, pending);
        await h.StopAsync();

        h.Env.Settings.Remove("AdvisoryWatch:Roles");
        await h.StartAsync();
        await h.WaitForOutboxAsync();
        var log = await h.ChangeLogAsync();
        var entry = Assert.Single(log);
        Assert.Equal("B", entry.Title);
        Assert.Equal(1, entry.Deliveries);
    }

    private static async Task<int> PollDirectlyAsync(PollingHarness h, string id)
    {
        await using var scope = h.App!.App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AdvisoryWatch.Data.AdvisoryWatchDbContext>();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdvisoryWatch.Polling.PollingOptions>>().Value;
        var claims = await AdvisoryWatch.Polling.SourceClaims.ClaimDueAsync(db, TimeProvider.System.GetUtcNow(), options, TestContext.Current.CancellationToken);
        var claim = Assert.Single(claims);
        Assert.Equal(id, claim.Id);
        var source = await db.Set<AdvisoryWatch.Sources.Source>().AsNoTracking().SingleAsync(s => s.Id == id, TestContext.Current.CancellationToken);
        var result = await services.GetRequiredService<AdvisoryWatch.Polling.SourcePoller>().PollAsync(source, conditional: true, TestContext.Current.CancellationToken);
        var recorded = await AdvisoryWatch.Polling.PollOutcome.ApplyAsync(db, services.GetRequiredService<AdvisoryWatch.Polling.ScheduleWriter>(), services.GetRequiredService<ChangeRecorder>(), source, result, claim.Token, TimeProvider.System.GetUtcNow(), options, TestContext.Current.CancellationToken);
        Assert.NotNull(recorded);
        return await db.Set<OutboxMessage>().CountAsync(m => m.SentAtUtc == null, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_source_on_a_private_address_is_refused_without_a_single_connection()
    {
        await using var h = await PollingHarness.CreateAsync(allowLoopback: false);
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-private", "rss"));
        await h.StartAsync();

        var polled = await h.WaitForPollAsync("stub-private", null);
        Assert.Equal(1, polled.Health.ConsecutiveFailures);
        Assert.Contains("port", polled.Health.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, h.Stub.Hits("rss"));
        Assert.Empty(await h.AdvisoriesAsync("stub-private"));
    }

    [Fact]
    public async Task A_permanent_redirect_is_shown_but_never_written_over_the_source_url()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("old", new StubResponse(301, "", "text/plain") { Location = "/new" });
        h.Stub.Set("new", new StubResponse(200, AuthorityStub.Rss(("a", "A", "a", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-moved", "old"));
        await h.StartAsync();

        var polled = await h.WaitForPollAsync("stub-moved", null);
        Assert.Equal(h.Stub.Url("new").AbsoluteUri, polled.Health.PermanentRedirectTo);
        Assert.Equal(h.Stub.Url("old").AbsoluteUri, polled.Url);
        Assert.Equal(1, polled.Health.ItemsSeen);
    }

    [Fact]
    public async Task Sources_check_shows_what_a_poll_finds_and_saves_nothing()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(200, AuthorityStub.Rss(("a", "Råd om sosiale medier", "a", Monday))));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-check", "rss"));

        var check = await TestEnvironment.CliAsync(["sources", "check", "stub-check", .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.True(check.ExitCode == 0, check.Error);
        Assert.Contains("Råd om sosiale medier", check.Output, StringComparison.Ordinal);
        Assert.Contains("lastAttempt: -", check.Output, StringComparison.Ordinal);

        var show = await TestEnvironment.CliAsync(["sources", "show", "stub-check", .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.Contains("lastAttempt: -", show.Output, StringComparison.Ordinal);
        Assert.Contains("itemsSeen: -", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_check_of_a_broken_source_exits_2_with_the_reason()
    {
        await using var h = await PollingHarness.CreateAsync();
        h.Stub.Set("rss", new StubResponse(200, "<html><body>Not a feed</body></html>", "text/html"));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-broken-check", "rss"));

        var check = await TestEnvironment.CliAsync(["sources", "check", "stub-broken-check", .. h.Env.ConfigurationArgs(seeds: false)]);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("error: the primary could not be read", check.Output, StringComparison.Ordinal);
    }
}
