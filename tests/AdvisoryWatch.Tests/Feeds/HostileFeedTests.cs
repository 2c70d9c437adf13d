using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

namespace AdvisoryWatch.Tests.Feeds;

/// <summary>Scenario P1 of the reliability plan: hostile XML gets a clean error or a bounded parse.</summary>
public class HostileFeedTests
{
    private static ExtractionResult<ExtractedFeed> Parse(string text, ExtractionLimits? limits = null) =>
        Parse(Encoding.UTF8.GetBytes(text), limits);

    private static ExtractionResult<ExtractedFeed> Parse(byte[] bytes, ExtractionLimits? limits = null) =>
        FeedParser.Parse(bytes, new ExtractionContext(new Uri("https://example.org/feed")) { Limits = limits ?? ExtractionLimits.Default });

    [Fact]
    public void Billion_laughs_is_not_expanded()
    {
        var doctype = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            doctype.Append(CultureInfoFree($"<!ENTITY lol{i} \"&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};&lol{i - 1};\">"));
        }

        doctype.Append("]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>");
        var watch = Stopwatch.StartNew();
        var result = Parse(doctype.ToString().Replace("lol0", "lol", StringComparison.Ordinal));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.True((result.Value.Title ?? string.Empty).Length < 100);
    }

    [Fact]
    public void External_entities_never_read_a_local_file()
    {
        var result = Parse("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>x&xxe;y</title></channel></rss>
            """);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.DoesNotContain("root:", result.Value.Title ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_external_dtd_on_a_loopback_listener_gets_no_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();

        var result = Parse($"""
            <?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/evil.dtd" [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/p.dtd"> %remote;]>
            <rss version="2.0"><channel><title>t</title></channel></rss>
            """);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var first = await Task.WhenAny(accepted, Task.Delay(300, TestContext.Current.CancellationToken));
        Assert.NotSame(accepted, first);
    }

    [Fact]
    public void A_50_megabyte_document_is_refused_before_parsing()
    {
        var big = new byte[50 * 1024 * 1024];
        big.AsSpan().Fill((byte)' ');
        var result = Parse(big);
        Assert.False(result.Succeeded);
        Assert.Equal("too-large", result.Error.Code);
    }

    [Fact]
    public void Ten_thousand_deep_nesting_is_refused_cleanly()
    {
        var deep = "<rss version=\"2.0\"><channel><item><description>" + string.Concat(Enumerable.Repeat("<d>", 10_000)) + string.Concat(Enumerable.Repeat("</d>", 10_000)) + "</description></item></channel></rss>";
        var result = Parse(deep);
        Assert.False(result.Succeeded);
        Assert.Equal("too-deep", result.Error.Code);
    }

    [Fact]
    public void Invalid_utf8_is_read_not_rejected()
    {
        byte[] bytes = [.. "<rss version=\"2.0\"><channel><title>a"u8, 0xFF, 0xC3, .. "b</title></channel></rss>"u8];
        var result = Parse(bytes);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("aÿÃb", result.Value.Title);
    }

    [Fact]
    public void An_html_page_served_as_a_feed_says_so()
    {
        var result = Parse("<!DOCTYPE html><html><head><title>NSM</title><meta charset=utf-8></head><body><p>Hei</body></html>");
        Assert.False(result.Succeeded);
        Assert.Equal("not-a-feed", result.Error.Code);
        Assert.Contains("HTML page", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    public void An_empty_body_is_an_error(string body)
    {
        var result = Parse(body);
        Assert.False(result.Succeeded);
        Assert.Equal("empty", result.Error.Code);
    }

    [Fact]
    public void Garbage_gets_one_clear_message_with_the_place()
    {
        var result = Parse("<rss version=\"2.0\">\n<channel <<<< >>>");
        Assert.False(result.Succeeded);
        Assert.Equal("malformed", result.Error.Code);
        Assert.Contains("line 2", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_count_is_capped_with_a_warning()
    {
        var xml = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title>");
        for (var i = 0; i < 100_000; i++)
        {
            xml.Append("<item><guid>").Append(i).Append("</guid></item>");
        }

        xml.Append("</channel></rss>");
        var watch = Stopwatch.StartNew();
        var result = Parse(xml.ToString(), ExtractionLimits.Default with { MaxItems = 1000 });

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(1000, result.Value.Items.Count);
        Assert.Contains(result.Value.Warnings, w => w.Contains("more than 1000 items", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Long_text_is_cut_with_a_warning()
    {
        var result = Parse("<rss version=\"2.0\"><channel><title>" + new string('x', 5000) + "</title></channel></rss>", ExtractionLimits.Default with { MaxTextLength = 100 });
        Assert.True(result.Succeeded);
        Assert.Equal(100, result.Value.Title!.Length);
        Assert.Contains(result.Value.Warnings, w => w.Contains("was cut", StringComparison.Ordinal));
    }

    [Fact]
    public void Hostile_markup_in_titles_and_content_comes_out_inert()
    {
        var result = Parse("""
            <rss version="2.0"><channel><title>"&gt;&lt;img src=x onerror=alert(1)&gt;</title>
            <item><title>&lt;script&gt;alert(1)&lt;/script&gt;Real title</title><link>javascript:alert(1)</link>
            <description>&lt;meta http-equiv="refresh" content="0;url=https://evil.example"&gt;text</description>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;</content:encoded></item></channel></rss>
            """);

        Assert.True(result.Succeeded);
        Assert.Equal("\">", result.Value.Title);
        var item = Assert.Single(result.Value.Items);
        Assert.Equal("Real title", item.Title);
        Assert.Null(item.Link);
        Assert.Equal("text", item.Summary);
        Assert.Equal("<a rel=\"noopener noreferrer\">x</a>", item.Content);
    }

    private static string CultureInfoFree(FormattableString s) => FormattableString.Invariant(s);
}
