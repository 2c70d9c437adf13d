using AdvisoryWatch.Changes;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Dates;

namespace AdvisoryWatch.Tests.Changes;

/// <summary>The rule that makes an item read through a source's fallback and the same news in its feed one advisory.</summary>
public sealed class ItemMatchTests
{
    private static ExtractedItem FeedItem(string guid, string title, string link, string date) =>
        new(guid, title, link, FeedDates.Parse(date), null, "Beskrivelse fra RSS", null, [], []);

    private static ExtractedItem ListItem(string title, string link, string date) =>
        new(link, title, link, FeedDates.Parse(date, "nb", "d MMMM yyyy"), null, null, null, [], []);

    [Fact]
    public void A_feed_item_and_the_list_entry_with_the_same_link_match_on_the_link_whatever_their_keys()
    {
        var feed = FeedItem("nsm-4711", "Ny trusselvurdering", "https://nsm.no/aktuelt/ny-trusselvurdering", "Tue, 03 Nov 2026 10:30:00 +0100");
        var list = ListItem("Ny trusselvurdering fra NSM", "https://www.nsm.no/aktuelt/ny-trusselvurdering/", "3 november 2026");

        Assert.NotEqual(feed.Id, list.Id);
        Assert.Equal(MatchKind.Link, ItemMatch.Match(ItemSighting.Of(list), ItemSighting.Of(feed)));
    }

    [Theory]
    [InlineData("https://nsm.no/aktuelt/a", "http://www.nsm.no/aktuelt/a/")]
    [InlineData("https://nsm.no/Aktuelt/R%C3%A5d", "https://nsm.no/aktuelt/råd")]
    [InlineData("https://nsm.no/sok?b=2&a=1", "https://nsm.no/sok?a=1&b=2")]
    public void The_canonical_link_ignores_scheme_www_case_encoding_trailing_slash_and_parameter_order(string a, string b) =>
        Assert.Equal(ItemMatch.LinkKey(a), ItemMatch.LinkKey(b));

    [Theory]
    [InlineData("https://nsm.no/aktuelt/a", "https://nsm.no/aktuelt/b")]
    [InlineData("https://nsm.no/aktuelt/a", "https://cert.se/aktuelt/a")]
    [InlineData("https://nsm.no/sok?id=1", "https://nsm.no/sok?id=2")]
    public void Different_links_have_different_canonical_links(string a, string b) =>
        Assert.NotEqual(ItemMatch.LinkKey(a), ItemMatch.LinkKey(b));

    [Fact]
    public void Where_feed_and_page_link_differently_the_same_title_on_the_same_day_matches()
    {
        // The feed links through a tracking host, the page to the article: only title and date agree.
        var feed = FeedItem("tt-88", "Säpo: Ökat hot mot Sverige", "https://via.tt.se/pressmeddelande/88", "Wed, 04 Nov 2026 00:30:00 +0100");
        var list = ListItem("Säpo – ökat hot mot Sverige.", "https://www.sakerhetspolisen.se/nyheter/2026-11-04-okat-hot.html", "4 november 2026");

        Assert.Equal(MatchKind.TitleAndDate, ItemMatch.Match(ItemSighting.Of(list), ItemSighting.Of(feed)));
    }

    [Fact]
    public void The_same_title_on_another_day_is_other_news()
    {
        var monday = FeedItem("w-45", "Ukens sårbarheter", "https://nsm.no/feed/45", "Mon, 02 Nov 2026 09:00:00 +0100");
        var nextMonday = ListItem("Ukens sårbarheter", "https://nsm.no/aktuelt/ukens-sarbarheter-46", "9 november 2026");

        Assert.Equal(MatchKind.None, ItemMatch.Match(ItemSighting.Of(nextMonday), ItemSighting.Of(monday)));
    }

    [Fact]
    public void Another_title_on_the_same_day_is_other_news()
    {
        var a = FeedItem("a", "Sårbarhet i Microsoft Exchange", "https://nsm.no/feed/a", "Mon, 02 Nov 2026 09:00:00 +0100");
        var b = ListItem("Sårbarhet i Cisco ASA", "https://nsm.no/aktuelt/b", "2 november 2026");

        Assert.Equal(MatchKind.None, ItemMatch.Match(ItemSighting.Of(b), ItemSighting.Of(a)));
    }

    [Fact]
    public void Without_a_date_on_one_side_the_title_alone_matches_weakest()
    {
        var feed = FeedItem("tt-1", "Säpos lägesbild 2026", "https://via.tt.se/1", "Thu, 05 Feb 2026 08:00:00 +0100");
        var undated = new ExtractedItem("https://sakerhetspolisen.se/x", "Säpos lägesbild 2026", "https://sakerhetspolisen.se/x", null, null, null, null, [], []);

        Assert.Equal(MatchKind.TitleUndated, ItemMatch.Match(ItemSighting.Of(undated), ItemSighting.Of(feed)));
        Assert.True(MatchKind.Link > MatchKind.TitleAndDate && MatchKind.TitleAndDate > MatchKind.TitleUndated);
    }

    [Theory]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-02T23:30:00Z", true)] // 00:30 in Oslo is the 3rd there
    [InlineData("2026-11-03T00:00:00Z", "2026-11-03T22:00:00Z", true)]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-04T13:00:00Z", false)]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-02T08:00:00Z", false)]
    [InlineData("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", false)]
    [InlineData("2026-11-03T09:00:00Z", "2026-11-03T18:00:00Z", true)]
    [InlineData("2026-11-03T09:00:00Z", "2026-11-05T09:00:00Z", false)]
    public void A_bare_day_matches_a_timestamp_of_that_day_in_any_time_zone(string a, string b, bool same) =>
        Assert.Equal(same, ItemMatch.SameDay(DateTimeOffset.Parse(a, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(b, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Titles_agree_across_case_punctuation_dashes_and_compatibility_forms()
    {
        Assert.Equal(ItemMatch.TitleKey("Råd om TikTok – på jobbtelefoner."), ItemMatch.TitleKey("råd om tiktok på  jobbtelefoner"));
        Assert.Equal(ItemMatch.TitleKey("Ｎｙ trussel"), ItemMatch.TitleKey("Ny trussel"));
        Assert.NotEqual(ItemMatch.TitleKey("Råd om TikTok"), ItemMatch.TitleKey("Råd om Telegram"));
        Assert.Null(ItemMatch.TitleKey(" – "));
    }

    [Fact]
    public void Items_without_a_link_or_title_match_nothing()
    {
        var empty = new ItemSighting(null, null, DateTimeOffset.UnixEpoch);
        Assert.Equal(MatchKind.None, ItemMatch.Match(empty, empty));
        Assert.Null(ItemMatch.LinkKey("mailto:post@nsm.no"));
    }
}
