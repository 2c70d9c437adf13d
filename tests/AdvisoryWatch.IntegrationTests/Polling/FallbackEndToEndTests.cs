using System.Globalization;
using System.Security;
using System.Text;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// A source read through more than one reader — its feed, its fallback list, a feed discovered on
/// a hub page, a URL an admin changed — driven through the real host against the authority stub.
/// Every scenario keeps a ledger of the changes that should be announced and reports what was
/// lost, announced twice or announced without cause: all must be zero.
/// </summary>
public sealed partial class FallbackEndToEndTests
{
    private static readonly TimeSpan Oslo = TimeSpan.FromHours(1);
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb");

    [Theory]
    [InlineData("Sqlite", true)]
    [InlineData("Sqlite", false)]
    [InlineData("Postgres", false)]
    public async Task The_primary_failing_once_while_an_item_is_published_announces_that_item_once_and_nothing_old(string provider, bool pageLinksAsFeed)
    {
        await using var h = await PollingHarness.CreateAsync(provider);
        var news = Enumerable.Range(1, 36).Reverse().Select(News.Old).ToList();
        h.Stub.Set("rss", Feed(news));
        h.Stub.Set("aktuelt", List(news, pageLinksAsFeed));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm-all", "rss", "aktuelt"));
        await h.StartAsync();
        var ledger = new Ledger();

        var baseline = await h.WaitForPollAsync("stub-nsm-all", null);
        Assert.Equal(36, baseline.Health.ItemsSeen);
        Assert.Equal(1, h.Stub.Hits("aktuelt"));
        await ledger.AssertAsync(h, "stub-nsm-all", news.Count);

        // NSM's RSS answers 500 once, just as a new item is published.
        var published = News.Now(37);
        news.Insert(0, published);
        h.Stub.Set("rss", new StubResponse(500, "Internal Server Error", "text/plain"));
        h.Stub.Set("aktuelt", List(news, pageLinksAsFeed));
        var outage = await PollAsync(h, "stub-nsm-all");
        Assert.Contains("fallback", outage.Health.LastError, StringComparison.Ordinal);
        ledger.Expect(ChangeKind.Published, published.Title);
        await ledger.AssertAsync(h, "stub-nsm-all", news.Count);

        // The RSS is back, with the new item: the same news, already announced.
        h.Stub.Set("rss", Feed(news));
        var back = await PollAsync(h, "stub-nsm-all");
        Assert.Null(back.Health.LastError);
        await ledger.AssertAsync(h, "stub-nsm-all", news.Count);

        // And the feed goes on as before: the next item is announced once, through the feed.
        await PublishInFeedAsync(h, ledger, "stub-nsm-all", "rss", news, 38);
    }

    [Fact]
    public async Task The_primary_failing_for_a_long_time_announces_each_new_item_once_and_its_return_only_what_changed_meanwhile()
    {
        await using var h = await PollingHarness.CreateAsync();
        var news = Enumerable.Range(1, 36).Reverse().Select(News.Old).ToList();
        h.Stub.Set("rss", Feed(news));
        h.Stub.Set("aktuelt", List(news, pageLinksAsFeed: false));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-long", "rss", "aktuelt"));
        await h.StartAsync();
        var ledger = new Ledger();
        await h.WaitForPollAsync("stub-long", null);

        // A day of 503s: the list is read on every poll, and it rolls over as news comes in.
        h.Stub.Set("rss", new StubResponse(503, "maintenance", "text/plain"));
        for (var n = 37; n <= 40; n++)
        {
            var item = News.Now(n);
            news.Insert(0, item);
            news.RemoveAt(news.Count - 1);
            h.Stub.Set("aktuelt", List(news, pageLinksAsFeed: false));
            await PollAsync(h, "stub-long");
            ledger.Expect(ChangeKind.Published, item.Title);
            await PollAsync(h, "stub-long");
            await ledger.AssertAsync(h, "stub-long", n);
        }

        // Meanwhile NSM revised an old item's text, which only the feed carries.
        var revised = news.FindIndex(x => x.N == 20);
        news[revised] = news[revised] with { Description = "Revidert: oppdater også ruterne." };
        h.Stub.Set("rss", Feed(news));
        var back = await PollAsync(h, "stub-long");
        Assert.Equal(0, back.Health.ConsecutiveFailures);
        ledger.Expect(ChangeKind.Updated, news[revised].Title);
        await ledger.AssertAsync(h, "stub-long", 40);

        await PollAsync(h, "stub-long");
        await ledger.AssertAsync(h, "stub-long", 40);
    }

    [Fact]
    public async Task A_source_first_read_through_its_fallback_announces_nothing_old_when_the_primary_answers()
    {
        await using var h = await PollingHarness.CreateAsync();
        var news = Enumerable.Range(1, 30).Reverse().Select(News.Old).ToList();
        h.Stub.Set("rss", new StubResponse(500, "Internal Server Error", "text/plain"));
        h.Stub.Set("aktuelt", List(news.Take(20), pageLinksAsFeed: false));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-fallback-first", "rss", "aktuelt"));
        await h.StartAsync();
        var ledger = new Ledger();
        await h.WaitForPollAsync("stub-fallback-first", null);
        await ledger.AssertAsync(h, "stub-fallback-first", 20);

        // The feed answers, with ten older items the list no longer shows.
        h.Stub.Set("rss", Feed(news));
        await PollAsync(h, "stub-fallback-first");
        await ledger.AssertAsync(h, "stub-fallback-first", 30);

        await PublishInFeedAsync(h, ledger, "stub-fallback-first", "rss", news, 31);
    }

    [Fact]
    public async Task A_url_changed_by_an_admin_takes_a_silent_baseline_and_announces_only_what_is_new()
    {
        await using var h = await PollingHarness.CreateAsync();
        var news = Enumerable.Range(15, 22).Reverse().Select(News.Old).ToList();
        h.Stub.Set("rss", Feed(news));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-moved-by-admin", "rss"));
        await h.StartAsync();
        var ledger = new Ledger();
        await h.WaitForPollAsync("stub-moved-by-admin", null);

        // NSM moves to a new feed with other guids and a longer history; one item is new there.
        var arrived = News.Now(37);
        var longer = new List<News> { arrived };
        longer.AddRange(news);
        longer.AddRange(Enumerable.Range(1, 14).Reverse().Select(News.Old));
        h.Stub.Set("ny-rss", Feed(longer, guid: n => $"urn:nsm:{n.N}"));
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-moved-by-admin", "ny-rss"));
        var moved = await PollAsync(h, "stub-moved-by-admin");
        Assert.Equal(h.Stub.Url("ny-rss").AbsoluteUri, moved.Url);
        Assert.Equal(longer.Count, moved.Health.ItemsSeen);
        ledger.Expect(ChangeKind.Published, arrived.Title);
        await ledger.AssertAsync(h, "stub-moved-by-admin", longer.Count);

        await PublishInFeedAsync(h, ledger, "stub-moved-by-admin", "ny-rss", longer, 38, guid: n => $"urn:nsm:{n.N}");
    }

    [Fact]
    public async Task A_feed_discovered_on_the_hub_has_its_own_baseline_and_announces_only_what_is_new()
    {
        await using var h = await PollingHarness.CreateAsync();
        var news = Enumerable.Range(1, 20).Reverse().Select(News.Old).ToList();
        h.Stub.Set("rss", Feed(news));
        h.Stub.Set("atom", Feed(news, guid: n => $"tag:nsm.no,2026:{n.N}", link: n => n.Link + "?utm_source=atom"));
        h.Stub.Set("hub", new StubResponse(200, """
            <!doctype html><html><head>
            <link rel="alternate" type="application/rss+xml" href="/rss">
            <link rel="alternate" type="application/atom+xml" href="/atom">
            </head><body>NSM</body></html>
            """, "text/html; charset=utf-8"));
        await h.ImportAsync($"""
            sources:
              - id: stub-discovered
                name: Stub discovered
                authority: Stub authority
                country: "NO"
                language: nb
                kind: feed
                url: {h.Stub.Url("rss")}
                discoverFrom: {h.Stub.Url("hub")}
                interval: 60

            """);
        await h.StartAsync();
        var ledger = new Ledger();
        await h.WaitForPollAsync("stub-discovered", null);
        Assert.Equal(1, h.Stub.Hits("atom"));
        await PollAsync(h, "stub-discovered");
        Assert.Equal(1, h.Stub.Hits("hub"));
        await ledger.AssertAsync(h, "stub-discovered", news.Count);

        // The feed moves: the old URL answers 404, the hub's other feed carries a new item.
        var published = News.Now(21);
        news.Insert(0, published);
        h.Stub.Set("rss", new StubResponse(404, "Not Found", "text/plain"));
        h.Stub.Set("atom", Feed(news, guid: n => $"tag:nsm.no,2026:{n.N}", link: n => n.Link + "?utm_source=atom"));
        var discovered = await PollAsync(h, "stub-discovered");
        Assert.Contains("announced by", discovered.Health.LastError, StringComparison.Ordinal);
        ledger.Expect(ChangeKind.Published, published.Title);
        await ledger.AssertAsync(h, "stub-discovered", news.Count);

        h.Stub.Set("rss", Feed(news));
        await PollAsync(h, "stub-discovered");
        await ledger.AssertAsync(h, "stub-discovered", news.Count);
    }

    /// <summary>A new item in the feed at <paramref name="path"/>: the next poll announces it, once.</summary>
    private static async Task PublishInFeedAsync(PollingHarness h, Ledger ledger, string sourceId, string path, List<News> news, int n, Func<News, string>? guid = null)
    {
        var item = News.Now(n);
        news.Insert(0, item);
        h.Stub.Set(path, Feed(news, guid));
        await PollAsync(h, sourceId);
        ledger.Expect(ChangeKind.Published, item.Title);
        await ledger.AssertAsync(h, sourceId, news.Count);
    }

    /// <summary>The interval elapsing: the source made due as the scheduler would find it, then its poll awaited.</summary>
    private static async Task<SourceView> PollAsync(PollingHarness h, string id)
    {
        var before = (await h.SourceAsync(id)).Health.LastAttemptAtUtc;
        await h.App!.WithDbAsync(db => SourceClaims.MakeDueAsync(db, id, TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken));
        return await h.WaitForPollAsync(id, before);
    }

    /// <summary>One piece of news as NSM publishes it: in the RSS with a guid, on /aktuelt with a date.</summary>
    private sealed record News(int N, string Title, DateTimeOffset Published, string Description)
    {
        public string Link => $"https://nsm.no/aktuelt/sak-{N}";

        /// <summary>Published days ago, at a time of day that is another date in UTC than in Oslo for some.</summary>
        public static News Old(int n) =>
            new(n, $"Sak {n}: råd om digital sikkerhet", new DateTimeOffset(2026, 9, 1, 0, 30, 0, Oslo).AddDays(n * 2).AddHours(n % 2 == 0 ? 10 : 0), $"Tekst om sak {n}.");

        /// <summary>Published now: after the source was last read, to the second a feed's date gives.</summary>
        public static News Now(int n)
        {
            var now = TimeProvider.System.GetUtcNow();
            var published = now.AddTicks(TimeSpan.TicksPerSecond - (now.Ticks % TimeSpan.TicksPerSecond));
            return new(n, $"Sak {n}: ny trusselvurdering", published.ToOffset(Oslo), $"Tekst om sak {n}.");
        }
    }

    private static StubResponse Feed(IEnumerable<News> news, Func<News, string>? guid = null, Func<News, string>? link = null)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>NSM – alle oppdateringer</title><link>https://nsm.no/aktuelt/</link><description>Oppdateringer</description>""");
        foreach (var n in news)
        {
            sb.Append("<item><title>").Append(SecurityElement.Escape(n.Title))
              .Append("</title><link>").Append(SecurityElement.Escape(link?.Invoke(n) ?? n.Link))
              .Append("</link><guid isPermaLink=\"false\">").Append(SecurityElement.Escape(guid?.Invoke(n) ?? $"nsm-{n.N}"))
              .Append("</guid><description>").Append(SecurityElement.Escape(n.Description))
              .Append("</description><pubDate>").Append(n.Published.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)).Append(" +0100")
              .Append("</pubDate></item>");
        }

        return new StubResponse(200, sb.Append("</channel></rss>").ToString());
    }

    /// <summary>
    /// NSM's news list: the same news, titled a little differently, with a date but no time. Its
    /// links are the feed's, or (as on many sites) the page's own, which the feed never shows.
    /// </summary>
    private static StubResponse List(IEnumerable<News> news, bool pageLinksAsFeed)
    {
        var sb = new StringBuilder("<!doctype html><html lang=\"nb\"><body><ul>");
        foreach (var n in news)
        {
            var href = pageLinksAsFeed ? n.Link : $"/nyheter/{n.Published:yyyy}/sak-{n.N}";
            sb.Append("<li class=\"article\"><a href=\"").Append(href).Append("\">").Append(SecurityElement.Escape(n.Title.Replace(":", " –", StringComparison.Ordinal)))
              .Append("</a><span class=\"date\">").Append(n.Published.ToString("d MMMM yyyy", Norwegian)).Append("</span></li>");
        }

        return new StubResponse(200, sb.Append("</ul></body></html>").ToString(), "text/html; charset=utf-8");
    }

    /// <summary>
    /// The changes that should have been announced, checked against what the change log received.
    /// News is told by its number: the feed and the list title it a little differently.
    /// </summary>
    private sealed partial class Ledger
    {
        private readonly List<(ChangeKind Kind, int News)> _expected = [];

        public void Expect(ChangeKind kind, string title) => _expected.Add((kind, Number(title)));

        /// <param name="newsCount">How many distinct pieces of news the source has shown: each is one advisory.</param>
        public async Task AssertAsync(PollingHarness h, string sourceId, int newsCount)
        {
            var log = (await h.ChangeLogAsync()).Where(e => e.SourceId == sourceId).ToList();
            var announced = log.Select(e => (e.Kind, News: Number(e.Title))).ToList();
            var lost = _expected.Except(announced).ToList();
            var duplicated = announced.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key)
                .Concat(log.Where(e => e.Deliveries > 1).Select(e => (e.Kind, Number(e.Title))))
                .Distinct()
                .ToList();
            var unexpected = announced.Except(_expected).ToList();
            var advisories = await h.AdvisoriesAsync(sourceId);
            var storedTwice = advisories.GroupBy(a => Number(a.Title)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(
                lost.Count == 0 && duplicated.Count == 0 && unexpected.Count == 0 && storedTwice.Count == 0 && advisories.Count == newsCount,
                $"lost {lost.Count}, duplicated {duplicated.Count}, unexpected {unexpected.Count}; {advisories.Count} advisories for {newsCount} pieces of news."
                + $" Lost: {string.Join(", ", lost.Take(5))}. Duplicated: {string.Join(", ", duplicated.Take(5))}."
                + $" Unexpected: {string.Join(", ", unexpected.Take(5))}. Stored twice: {string.Join(", ", storedTwice.Take(5))}.");
        }

        private static int Number(string title) => int.Parse(NewsNumber().Match(title).Groups[1].Value, CultureInfo.InvariantCulture);

        [System.Text.RegularExpressions.GeneratedRegex(@"^Sak (\d+)")]
        private static partial System.Text.RegularExpressions.Regex NewsNumber();
    }
}
