using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Html;

namespace AdvisoryWatch.Tests.Html;

public class HtmlListExtractorTests
{
    internal const string NsmList = """
        <!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Aktuelt - Nasjonal sikkerhetsmyndighet</title></head>
        <body><nav><a href="/">Forside</a></nav><main><ul class="articles">
          <li class="article"><article class="card list-view">
            <a href="/aktuelt/nsm-fraraader-tiktok-og-telegram/?utm_source=x"><h2>NSM fraråder TikTok og Telegram</h2></a>
            <p class="articlelist__meta">21. mars 2023</p><p class="ingress">NSMs faglige vurdering.</p></article></li>
          <li class="article"><article class="card list-view">
            <a href="/aktuelt/grunnprinsipper-2-1/"><h2>Grunnprinsipper for IKT-sikkerhet 2.1</h2></a>
            <p class="articlelist__meta">9 juni 2026</p><p class="ingress">Ny versjon.</p></article></li>
          <li class="article promo"><article class="card list-view"><a href="/kampanje/"><h2>Kampanje</h2></a></article></li>
        </ul><a class="next-page page-link" href="?page=2">Neste</a></main></body></html>
        """;

    private static readonly HtmlListConfig NsmConfig = new()
    {
        Item = "li.article article.card.list-view",
        Title = "h2",
        Date = ".articlelist__meta",
        DateCulture = "nb",
        Summary = ".ingress",
        NextPage = "a.next-page.page-link",
        Exclude = "li.promo",
    };

    private static ExtractionContext Context(string url = "https://nsm.no/aktuelt/") => new(new Uri(url));

    [Fact]
    public void Reads_items_with_titles_links_dates_and_summaries()
    {
        var result = HtmlListExtractor.Extract(Encoding.UTF8.GetBytes(NsmList), NsmConfig, Context());

        Assert.True(result.Succeeded, result.Error?.ToString());
        var feed = result.Value.Feed;
        Assert.Equal("html-list", feed.Format);
        Assert.Equal("nb", feed.Language);
        Assert.Equal(2, feed.Items.Count);
        var first = feed.Items[0];
        Assert.Equal("NSM fraråder TikTok og Telegram", first.Title);
        Assert.Equal("https://nsm.no/aktuelt/nsm-fraraader-tiktok-og-telegram/", first.Link);
        Assert.Equal(first.Link, first.Id);
        Assert.Equal(new DateTimeOffset(2023, 3, 21, 0, 0, 0, TimeSpan.Zero), first.Published?.Utc);
        Assert.Equal("NSMs faglige vurdering.", first.Summary);
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.Zero), feed.Items[1].Published?.Utc);
        Assert.Equal(new Uri("https://nsm.no/aktuelt/?page=2"), result.Value.NextPage);
    }

    [Fact]
    public void Defaults_to_the_first_link_for_title_and_link_and_reads_time_datetime()
    {
        var html = "<ul><li><a href='/2024/05/x'>Blixtmeddelande</a> <time datetime='2024-05-06T07:08:09+02:00'>6 maj</time></li></ul>";
        var result = HtmlListExtractor.Extract(Encoding.UTF8.GetBytes(html), new HtmlListConfig { Item = "li", Date = "time" }, Context("https://www.cert.se/nyheter/"));

        var item = Assert.Single(result.Value!.Feed.Items);
        Assert.Equal("Blixtmeddelande", item.Title);
        Assert.Equal("https://www.cert.se/2024/05/x", item.Link);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 5, 8, 9, TimeSpan.Zero), item.Published?.Utc);
    }

    [Fact]
    public void A_selector_that_matches_nothing_is_an_error_not_an_empty_list()
    {
        var result = HtmlListExtractor.Extract(Encoding.UTF8.GetBytes(NsmList), NsmConfig with { Item = "div.redesigned-card" }, Context());
        Assert.False(result.Succeeded);
        Assert.Equal("selector-matched-nothing", result.Error.Code);
        Assert.Contains("div.redesigned-card", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_selector_is_a_clean_error()
    {
        var result = HtmlListExtractor.Extract(Encoding.UTF8.GetBytes(NsmList), NsmConfig with { Item = "li[[" }, Context());
        Assert.False(result.Succeeded);
        Assert.Equal("bad-selector", result.Error.Code);
    }

    [Fact]
    public void A_page_over_the_size_cap_is_refused_before_parsing()
    {
        var result = HtmlListExtractor.Extract(new byte[11 * 1024 * 1024], NsmConfig, Context());
        Assert.False(result.Succeeded);
        Assert.Equal("too-large", result.Error.Code);
    }

    [Theory]
    [InlineData(250, null)]
    [InlineData(10_000, "too-deep")]
    public void Deep_nesting_is_read_up_to_the_limit_and_refused_past_it_without_an_overflow(int depth, string? error)
    {
        var html = "<ul><li>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "<a href='/x'>deep</a>" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</li></ul>";
        var result = HtmlListExtractor.Extract(Encoding.UTF8.GetBytes(html), new HtmlListConfig { Item = "li" }, Context());
        Assert.Equal(error, result.Error?.Code);
    }

    [Fact]
    public async Task Follows_next_pages_within_the_limit_and_stops_at_a_loop()
    {
        string Page(int n, int next) => $"<ul><li><a href='/a{n}'>Item {n}</a></li></ul><a class='next' href='/list?page={next}'>next</a>";
        var pages = new Dictionary<string, string>
        {
            ["https://nsm.no/list?page=2"] = Page(2, 3),
            ["https://nsm.no/list?page=3"] = Page(3, 2),
        };
        var loads = new List<Uri>();
        var result = await HtmlListExtractor.ExtractPagesAsync(
            Encoding.UTF8.GetBytes(Page(1, 2)),
            new HtmlListConfig { Item = "li", NextPage = "a.next" },
            Context("https://nsm.no/list?page=1"),
            (uri, _) =>
            {
                loads.Add(uri);
                return Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes(pages[uri.AbsoluteUri]));
            },
            TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.Equal(["Item 1", "Item 2", "Item 3"], result.Value.Items.Select(i => i.Title));
        Assert.Equal(2, loads.Count);
        Assert.Equal(3, result.Value.PagesRead);
    }

    [Fact]
    public async Task Stops_after_the_page_limit()
    {
        var loads = 0;
        var result = await HtmlListExtractor.ExtractPagesAsync(
            Encoding.UTF8.GetBytes("<ul><li><a href='/a0'>0</a></li></ul><a class='next' href='/p1'>n</a>"),
            new HtmlListConfig { Item = "li", NextPage = "a.next" },
            Context("https://nsm.no/p0") with { Limits = ExtractionLimits.Default with { MaxPages = 3 } },
            (uri, _) =>
            {
                loads++;
                var n = int.Parse(uri.AbsolutePath[2..], System.Globalization.CultureInfo.InvariantCulture);
                return Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes($"<ul><li><a href='/a{n}'>{n}</a></li></ul><a class='next' href='/p{n + 1}'>n</a>"));
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(2, loads);
        Assert.Equal(3, result.Value!.Items.Count);
        Assert.Contains(result.Value.Warnings, w => w.Contains("stopped after 3 pages", StringComparison.Ordinal));
    }
}
