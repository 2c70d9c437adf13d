using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

namespace AdvisoryWatch.Tests.Feeds;

/// <summary>
/// What a feed meant, read from what it wrote: each recovery on a small fixture written for it, and
/// the rule over all of them that no item is lost without a warning.
/// </summary>
public class FeedRecoveryTests
{
    private static ExtractionResult<ExtractedFeed> Parse(string text, string? url = "https://example.org/feed") =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(text), new ExtractionContext(url is null ? null : new Uri(url)));

    private static string Items(int count, int from = 1) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"<item><title>Advisory {i}</title><link>https://example.org/a/{i}</link><guid>urn:a:{i}</guid><pubDate>Wed, 10 Jan 2024 09:0{i % 10}:00 GMT</pubDate></item>"));

    [Fact]
    public void An_unclosed_element_in_an_itunes_block_before_the_first_item_costs_no_items()
    {
        var result = Parse($"""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Podcast</title>
            <itunes:owner><itunes:name>NSM</itunes:name><itunes:email>post@nsm.no</itunes:owner>
            <itunes:category text="Technology">
            {Items(3)}
            </channel></rss>
            """);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["Advisory 1", "Advisory 2", "Advisory 3"], result.Value.Items.Select(i => i.Title));
        Assert.Equal("Podcast", result.Value.Title);
        Assert.Contains(result.Value.Warnings, w => w.Contains("not well-formed", StringComparison.Ordinal));
        Assert.Contains(result.Value.Warnings, w => w.Contains("unclosed <itunes:category>", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unclosed_item_is_closed_by_the_next_item()
    {
        var result = Parse("<rss version=\"2.0\"><channel><title>t</title><item><title>One</title><item><title>Two</title></item></channel></rss>");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["One", "Two"], result.Value.Items.Select(i => i.Title));
        Assert.NotEmpty(result.Value.Warnings);
    }

    [Fact]
    public void A_stray_end_tag_and_a_stray_less_than_sign_cost_nothing()
    {
        var result = Parse("<rss version=\"2.0\"><channel><title>t</title></image><item><title>a < b</title></item><item><title>c</title></item></channel></rss>");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["a < b", "c"], result.Value.Items.Select(i => i.Title));
        Assert.Contains(result.Value.Warnings, w => w.Contains("stray </image>", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_in_a_description_left_unescaped_and_unbalanced_costs_no_items()
    {
        var result = Parse("<rss version=\"2.0\"><channel><title>t</title><item><title>One</title><description><p>Line<br>next</p></description></item><item><title>Two</title></item></channel></rss>");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["One", "Two"], result.Value.Items.Select(i => i.Title));
        Assert.Contains("Line", result.Value.Items[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_document_keeps_the_items_before_the_cut_and_says_the_cut_one_was_left_out()
    {
        var full = $"<rss version=\"2.0\"><channel><title>t</title>{Items(3)}</channel></rss>";
        var cut = full[..(full.IndexOf("<title>Advisory 3", StringComparison.Ordinal) + 12)];

        var result = Parse(cut);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["Advisory 1", "Advisory 2"], result.Value.Items.Select(i => i.Title));
        Assert.Contains(result.Value.Warnings, w => w.Contains("ends early", StringComparison.Ordinal) && w.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_truncated_atom_feed_keeps_its_whole_entries()
    {
        var result = Parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><id>urn:1</id><title>One</title></entry><entry><id>urn:2</id><title>Tw");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(["One"], result.Value.Items.Select(i => i.Title));
        Assert.Contains(result.Value.Warnings, w => w.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Items_present_but_unreadable_are_a_warning_not_a_quiet_empty_feed()
    {
        // Items in a namespace RSS never used: nothing to read, but not nothing to say.
        var result = Parse("<rss version=\"2.0\"><channel xmlns=\"urn:unknown\"><title>t</title><item><title>x</title></item></channel></rss>");

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Empty(result.Value.Items);
        Assert.Contains(result.Value.Warnings, w => w.Contains("none could be read", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SÃ¥rbarhet i Ã©diteur", "Sårbarhet i éditeur")]
    [InlineData("Oppdater nÃ¥ â€“ kritisk", "Oppdater nå – kritisk")]
    public void Double_encoded_utf8_is_repaired_with_a_warning(string written, string meant)
    {
        var feed = FeedParserTests.ParseOk($"<rss version=\"2.0\"><channel><title>t</title><item><title>{written}</title><description>{written}</description></item></channel></rss>");

        var item = Assert.Single(feed.Items);
        Assert.Equal(meant, item.Title);
        Assert.Equal(meant, item.Summary);
        Assert.Contains(item.Warnings, w => w.Contains("double-encoded UTF-8 in the title", StringComparison.Ordinal));
        Assert.Contains(feed.Warnings, w => w.Contains("double-encoded UTF-8 repaired in 1 items", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sårbarhet i Ã©diteur")] // a real å beside the mojibake: not all of it decodes
    [InlineData("Ã")]
    [InlineData("Prix: 5 Â")]
    public void Text_that_is_not_wholly_double_encoded_is_left_alone(string written)
    {
        var feed = FeedParserTests.ParseOk($"<rss version=\"2.0\"><channel><title>t</title><item><title>{written}</title></item></channel></rss>");

        var item = Assert.Single(feed.Items);
        Assert.Equal(written, item.Title);
        Assert.Empty(item.Warnings);
    }

    [Theory]
    [InlineData("http://backend.userland.com/rss2")]
    [InlineData("http://backend.userland.com/rss")]
    [InlineData("http://blogs.law.harvard.edu/tech/rss")]
    public void Rss_in_an_old_rss_namespace_is_read(string ns)
    {
        var feed = FeedParserTests.ParseOk($"<rss version=\"2.0\" xmlns=\"{ns}\"><channel><title>Old</title><link>https://example.org/</link><item><title>One</title><link>https://example.org/1</link></item></channel></rss>");

        Assert.Equal("Old", feed.Title);
        Assert.Equal("https://example.org/1", Assert.Single(feed.Items).Link);
    }

    [Theory]
    [InlineData("http://purl.org/atom/ns#draft-ietf-atompub-format-08")]
    [InlineData("http://example.com/newformat#")]
    [InlineData("http://purl.org/echo/")]
    public void Atom_in_a_pre_1_0_namespace_is_read(string ns)
    {
        var feed = FeedParserTests.ParseOk($"<feed xmlns=\"{ns}\"><title>Draft</title><entry><id>urn:1</id><title>One</title></entry></feed>");

        Assert.Equal("atom0.3", feed.Format);
        Assert.Equal("One", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void A_root_that_is_not_a_feed_is_named_with_its_namespace()
    {
        var result = Parse("<feed xmlns=\"urn:not-atom\"><entry/></feed>");

        Assert.False(result.Succeeded);
        Assert.Equal("not-a-feed", result.Error.Code);
        Assert.Contains("'urn:not-atom'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_one_atom_entry_is_a_feed_of_one()
    {
        var feed = FeedParserTests.ParseOk("<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:1</id><title>Alone</title><link href=\"https://example.org/1\"/><updated>2024-01-10T09:00:00Z</updated></entry>");

        var item = Assert.Single(feed.Items);
        Assert.Equal("Alone", item.Title);
        Assert.Equal("https://example.org/1", item.Link);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><head><meta charset=utf-8><title>Feed</title></head><body><pre>{0}</pre></body></html>")]
    [InlineData("<html><body>{0}</body></html>")]
    public void A_feed_wrapped_in_an_html_page_is_read_with_a_warning(string page)
    {
        var result = Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, page, $"<rss version=\"2.0\"><channel><title>Inside</title>{Items(2)}</channel></rss>"));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(2, result.Value.Items.Count);
        Assert.Contains(result.Value.Warnings, w => w.Contains("wrapped in an HTML page", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_link_with_no_base_is_kept_as_written()
    {
        var feed = FeedParserTests.ParseOk("<rss version=\"2.0\"><channel><title>t</title><link>/news</link><item><title>One</title><link>/a/1</link></item></channel></rss>", url: null);

        Assert.Equal("/news", feed.Link);
        var item = Assert.Single(feed.Items);
        Assert.Equal("/a/1", item.WrittenLink);
        Assert.Null(item.Link);
    }

    [Theory]
    [InlineData("enclosure")]
    [InlineData("related")]
    [InlineData("self")]
    public void An_atom_entry_without_an_alternate_link_falls_back_to_its_first_usable_link(string rel)
    {
        var feed = FeedParserTests.ParseOk($"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><link rel=\"{rel}\" href=\"https://example.org/feed-{rel}\"/><entry><id>urn:1</id><link rel=\"edit\" href=\"https://example.org/edit\"/><link rel=\"{rel}\" href=\"https://example.org/{rel}\"/></entry></feed>");

        Assert.Equal($"https://example.org/{rel}", Assert.Single(feed.Items).Link);
        Assert.Equal($"https://example.org/feed-{rel}", feed.Link);
    }

    [Fact]
    public void An_alternate_link_wins_over_an_earlier_fallback()
    {
        var feed = FeedParserTests.ParseOk("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>urn:1</id><link rel=\"enclosure\" href=\"https://example.org/a.mp3\"/><link href=\"https://example.org/page\"/></entry></feed>");

        Assert.Equal("https://example.org/page", Assert.Single(feed.Items).Link);
    }

    [Theory]
    [InlineData("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z")]
    [InlineData("Sat, Dec 16 2023 12:02:33 AM", "2023-12-16T00:02:33Z")]
    [InlineData("Dec 16, 2023 02:02 PM PST", "2023-12-16T22:02:00Z")]
    [InlineData("Sat, 16 Dec 2023 14:02:33 EST", "2023-12-16T19:02:33Z")]
    public void Dates_in_the_forms_real_feeds_use_are_read_with_their_named_zones(string written, string utc)
    {
        var feed = FeedParserTests.ParseOk($"<rss version=\"2.0\"><channel><item><title>x</title><pubDate>{written}</pubDate></item></channel></rss>");

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(feed.Items).Published?.Utc);
    }

    [Theory]
    [InlineData("<item rdf:about=\"https://example.org/1\" dc:date=\"2024-01-10T09:05:00Z\"><title>x</title></item>")]
    [InlineData("<item rdf:about=\"https://example.org/1\"><title>x</title><rdf:Description><dc:date>2024-01-10T09:05:00Z</dc:date></rdf:Description></item>")]
    [InlineData("<item rdf:about=\"https://example.org/1\"><title>x</title><dcterms:issued>2024-01-10T09:05:00Z</dcterms:issued></item>")]
    public void An_rss1_item_dated_only_by_dublin_core_in_an_unusual_place_has_its_date(string item)
    {
        var feed = FeedParserTests.ParseOk($"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\"><channel rdf:about=\"https://example.org/\"><title>t</title></channel>{item}</rdf:RDF>");

        Assert.Equal(new DateTimeOffset(2024, 1, 10, 9, 5, 0, TimeSpan.Zero), Assert.Single(feed.Items).Published?.Utc);
    }

    [Fact]
    public void No_item_is_lost_without_a_warning_at_any_truncation_point()
    {
        var full = $"<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title><description><![CDATA[<p>x</p>]]></description>{Items(6)}</channel></rss>";
        var random = new Random(15);
        var points = Enumerable.Range(0, 150).Select(_ => random.Next(1, full.Length)).Append(full.Length - 1).Append(full.Length - 7);
        foreach (var at in points)
        {
            var complete = CountOccurrences(full[..at], "</item>");
            var kept = AssertNothingLostSilently(Encoding.UTF8.GetBytes(full[..at]), 6, $"cut at {at}");
            Assert.True(kept is null || kept >= complete, $"cut at {at}: {kept} items kept, {complete} were complete");
        }
    }

    [Fact]
    public void No_item_is_lost_without_a_warning_in_any_encoding_or_at_any_cut()
    {
        var full = $"<?xml version=\"1.0\" encoding=\"{{0}}\"?>\n<rss version=\"2.0\"><channel><title>Sårbarheter</title>{Items(4)}<item><title>Kritisk sårbarhet, åtgärda</title><guid>urn:a:x</guid></item></channel></rss>";
        var random = new Random(1515);

        // windows-1252 needs the code-page provider; the engine registers it when it first
        // decodes, which may not have happened yet in this test run.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        foreach (var name in (string[])["utf-8", "iso-8859-1", "windows-1252", "utf-16"])
        {
            var encoding = Encoding.GetEncoding(name);
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, full, name))).ToArray();
            var whole = FeedParser.Parse(bytes, new ExtractionContext(new Uri("https://example.org/feed")));
            Assert.True(whole.Succeeded, $"{name}: {whole.Error}");
            Assert.Equal(5, whole.Value.Items.Count);
            Assert.Equal("Kritisk sårbarhet, åtgärda", whole.Value.Items[^1].Title);
            for (var n = 0; n < 40; n++)
            {
                AssertNothingLostSilently(bytes[..random.Next(1, bytes.Length)], 5, $"{name}");
            }
        }
    }

    [Fact]
    public void Every_item_survives_a_random_ill_formed_element_between_elements()
    {
        // Mistakes real feeds make, dropped at a random boundary between two tags.
        string[] mistakes = ["<itunes:category text=\"News\">", "<media:group>", "</image>", "<br>", "<p>", " a < b ", "<img src=x>"];
        var head = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>t</title><description>d</description>";
        var full = head + Items(5) + "</channel></rss>";
        var boundaries = Enumerable.Range(head.Length - 1, full.Length - head.Length).Where(i => full[i] == '>' && full[i + 1] == '<').ToList();
        var random = new Random(4242);
        for (var n = 0; n < 200; n++)
        {
            var at = boundaries[random.Next(boundaries.Count)] + 1;
            var mistake = mistakes[random.Next(mistakes.Length)];
            var broken = full.Insert(at, mistake);

            var result = Parse(broken);

            Assert.True(result.Succeeded, $"{mistake} at {at}: {result.Error}");
            Assert.True(result.Value.Items.Count == 5, $"{mistake} at {at}: {result.Value.Items.Count} items; {string.Join(" | ", result.Value.Warnings)}");
            Assert.NotEmpty(result.Value.Warnings);
        }
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The items read, or null for a clean failure.</summary>
    private static int? AssertNothingLostSilently(byte[] bytes, int total, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = FeedParser.Parse(bytes, new ExtractionContext(new Uri("https://example.org/feed")) { Cancellation = deadline.Token });
        if (!result.Succeeded)
        {
            // A clean error is not a silent loss: the poll fails visibly.
            Assert.False(string.IsNullOrWhiteSpace(result.Error.Message), what);
            return null;
        }

        if (result.Value.Items.Count < total)
        {
            Assert.True(result.Value.Warnings.Count > 0, $"{what}: {result.Value.Items.Count} of {total} items and no warning");
        }

        return result.Value.Items.Count;
    }
}
