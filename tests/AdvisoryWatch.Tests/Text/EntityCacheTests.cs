using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Tests.Text;

/// <summary>Entity names a document makes up must cost nothing that outlives the document.</summary>
public sealed class EntityCacheTests
{
    // HTML's named entities as .NET decodes them number a few hundred; a cache holding more than
    // this holds names some document made up.
    private const int KnownEntityBound = 300;

    [Fact]
    public void Unknown_entity_names_and_numeric_spellings_leave_the_plain_text_cache_bounded()
    {
        var html = new StringBuilder("<p>");
        for (var i = 0; i < 20_000; i++)
        {
            html.Append("&zXXXX").Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append("; &#")
                .Append(new string('0', i % 20)).Append(248).Append("; ");
        }

        var text = PlainText.FromHtml(html.Append("&oslash;</p>").ToString());

        Assert.StartsWith("&zXXXX00000000; ø &zXXXX00000001; ø", text, StringComparison.Ordinal);
        Assert.EndsWith("ø", text, StringComparison.Ordinal);
        Assert.InRange(PlainText.CachedEntityCount, 1, KnownEntityBound);
    }

    [Fact]
    public void A_feed_of_never_seen_entity_names_leaves_the_feed_reference_cache_bounded()
    {
        var feed = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T &laquo;x&raquo;</title>""");
        for (var i = 0; i < 5_000; i++)
        {
            feed.Append("<item><guid>g").Append(i).Append("</guid><title>Sak &zXXXX").Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))
                .Append("; &aelig;</title></item>");
        }

        var result = FeedParser.Parse(Encoding.UTF8.GetBytes(feed.Append("</channel></rss>").ToString()), new ExtractionContext(new Uri("https://example.org/feed")));

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(5_000, result.Value.Items.Count);
        Assert.Equal("Sak &zXXXX00000007; æ", result.Value.Items[7].Title);
        Assert.InRange(CleanUtf8Xml.CachedEntityCount, 1, KnownEntityBound);
        Assert.InRange(PlainText.CachedEntityCount, 1, KnownEntityBound);
    }
}
