using System.Text.Json;
using AdvisoryWatch.Tests.Html;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AdvisoryWatch.Tests.Parsing;

public class ParseCommandTests
{
    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>CERT-SE</title><link>https://www.cert.se/</link><description>Nyheter</description><language>sv</language>
        <lastBuildDate>Wed, 10 Jan 2024 10:00:00 +0100</lastBuildDate>
        <item><title>Blixtmeddelande: kritisk s&#229;rbarhet</title><link>https://www.cert.se/2024/01/blixt?utm_source=rss</link>
        <guid>https://www.cert.se/2024/01/blixt</guid><description>&lt;p&gt;Uppdatera &lt;b&gt;nu&lt;/b&gt;.&lt;/p&gt;</description>
        <pubDate>Wed, 10 Jan 2024 9:05:00 +0100</pubDate><category>Sårbarhet</category><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">CERT-SE</dc:creator></item>
        </channel></rss>
        """;

    private static async Task<string> WriteTempAsync(string content, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aw-parse-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task Json_output_has_exactly_the_documented_shape()
    {
        var file = await WriteTempAsync(Feed, ".xml");
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--json"]);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["format", "title", "link", "description", "language", "updated", "warnings", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Empty(root.GetProperty("warnings").EnumerateArray());
        Assert.Equal("rss2.0", root.GetProperty("format").GetString());
        Assert.Equal("2024-01-10T09:00:00Z", root.GetProperty("updated").GetString());
        var item = root.GetProperty("items")[0];
        Assert.Equal(["id", "key", "title", "link", "canonicalLink", "published", "updated", "summary", "content", "authors", "categories", "warnings"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://www.cert.se/2024/01/blixt", item.GetProperty("id").GetString());
        Assert.Equal("https://www.cert.se/2024/01/blixt", item.GetProperty("key").GetString());
        Assert.Equal("Blixtmeddelande: kritisk sårbarhet", item.GetProperty("title").GetString());
        Assert.Equal("https://www.cert.se/2024/01/blixt?utm_source=rss", item.GetProperty("link").GetString());
        Assert.Equal("https://www.cert.se/2024/01/blixt", item.GetProperty("canonicalLink").GetString());
        Assert.Equal("2024-01-10T08:05:00Z", item.GetProperty("published").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("updated").ValueKind);
        Assert.Equal("Uppdatera nu.", item.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("content").ValueKind);
        Assert.Equal(["CERT-SE"], item.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Sårbarhet"], item.GetProperty("categories").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(item.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Without_json_prints_a_readable_table()
    {
        var file = await WriteTempAsync(Feed, ".xml");
        var (exit, stdout, _) = await Cli.RunAsync(["parse", file]);

        Assert.Equal(0, exit);
        Assert.Contains("format    rss2.0", stdout, StringComparison.Ordinal);
        Assert.Contains("2024-01-10 08:05", stdout, StringComparison.Ordinal);
        Assert.Contains("Blixtmeddelande: kritisk sårbarhet", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel <<<")]
    [InlineData("<!DOCTYPE html><html><body>not a feed</body></html>")]
    [InlineData("")]
    public async Task A_broken_feed_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(string body)
    {
        var file = await WriteTempAsync(body, ".xml");
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--json"]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("advisorywatch parse: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", "/nonexistent/feed.xml"]);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_on_a_private_address_is_refused_unless_allowed()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed.rss", () => Results.Text(Feed, "application/rss+xml")));

        var refused = await Cli.RunAsync(["parse", server.Url("feed.rss").ToString(), "--json"]);
        Assert.Equal(2, refused.Exit);
        Assert.Equal(string.Empty, refused.Stdout);
        Assert.Contains("fetch-blocked", refused.Stderr, StringComparison.Ordinal);

        var allowed = await Cli.RunAsync(["parse", server.Url("feed.rss").ToString(), "--json", "--allow-network", $"127.0.0.1:{server.Port}"]);
        Assert.Equal(0, allowed.Exit);
        Assert.Contains("\"title\": \"CERT-SE\"", allowed.Stdout, StringComparison.Ordinal);

        var byConfiguration = await Cli.RunAsync(["parse", server.Url("feed.rss").ToString()], new Dictionary<string, string> { ["AdvisoryWatch__Fetch__AllowedNetworks__0"] = "127.0.0.0/8" });
        Assert.Equal(0, byConfiguration.Exit);
    }

    [Fact]
    public async Task Tunes_an_html_list_with_selectors_given_on_the_command_line()
    {
        var file = await WriteTempAsync(HtmlListExtractorTests.NsmList, ".html");
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--kind", "html-list", "--item", "li.article article", "--title", "h2", "--date", ".articlelist__meta", "--date-culture", "nb", "--exclude", "li.promo", "--base", "https://nsm.no/aktuelt/", "--json"]);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var items = json.RootElement.GetProperty("items");
        Assert.Equal("html-list", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("https://nsm.no/aktuelt/nsm-fraraader-tiktok-og-telegram/", items[0].GetProperty("link").GetString());
        Assert.Equal("2023-03-21T00:00:00Z", items[0].GetProperty("published").GetString());
    }

    [Fact]
    public async Task Uses_a_catalogue_sources_parser_settings()
    {
        var file = await WriteTempAsync(HtmlListExtractorTests.NsmList, ".html");
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--source", "nsm-all", "--kind", "html-list", "--base", "https://nsm.no/aktuelt/", "--json"]);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("NSM fraråder TikTok og Telegram", json.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_watched_page_is_one_item_with_its_hash()
    {
        var file = await WriteTempAsync(PageExtractorTests.GuidancePage("2.1", "i dag"), ".html");
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--kind", "page", "--exclude", ".updated", "--base", "https://nsm.no/grunnprinsipper/", "--json"]);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("page", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("https://nsm.no/grunnprinsipper/", item.GetProperty("id").GetString());
        Assert.Equal(64, item.GetProperty("sha256").GetString()!.Length);
        Assert.DoesNotContain("i dag", item.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_shows_what_the_feed_wrote_beside_the_identity_and_the_canonical_link()
    {
        var file = await WriteTempAsync("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>No guid</title><link>/a/1?utm_source=rss#top</link></item>
            <item><title>Nothing</title><pubDate>Wed, 10 Jan 2024 09:05:00 GMT</pubDate></item>
            </channel></rss>
            """, ".xml");

        var (_, bare, _) = await Cli.RunAsync(["parse", file, "--json"]);
        var (_, based, _) = await Cli.RunAsync(["parse", file, "--json", "--base", "https://Example.org/feed"]);

        using var withoutBase = JsonDocument.Parse(bare);
        var first = withoutBase.RootElement.GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("id").ValueKind);
        Assert.Equal("/a/1?utm_source=rss#top", first.GetProperty("link").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("canonicalLink").ValueKind);
        var second = withoutBase.RootElement.GetProperty("items")[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("link").ValueKind);
        Assert.StartsWith("sha256:", second.GetProperty("key").GetString(), StringComparison.Ordinal);

        using var withBase = JsonDocument.Parse(based);
        first = withBase.RootElement.GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, first.GetProperty("id").ValueKind);
        Assert.Equal("https://example.org/a/1?utm_source=rss#top", first.GetProperty("link").GetString());
        Assert.Equal("https://example.org/a/1", first.GetProperty("canonicalLink").GetString());
        Assert.Equal("https://example.org/a/1", first.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Json_carries_every_warning_the_table_prints()
    {
        var file = await WriteTempAsync("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>t</title><itunes:category text="News">
            <item><title>SÃ¥rbarhet</title><guid>urn:1</guid></item><item><title>Two</title><guid>urn:2</guid></item>
            </channel></rss>
            """, ".xml");

        var (_, table, _) = await Cli.RunAsync(["parse", file]);
        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", file, "--json"]);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var feedWarnings = json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        var items = json.RootElement.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("Sårbarhet", items[0].GetProperty("title").GetString());
        var itemWarnings = items[0].GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(itemWarnings, w => w.Contains("double-encoded", StringComparison.Ordinal));
        Assert.Contains(feedWarnings, w => w.Contains("unclosed <itunes:category>", StringComparison.Ordinal));
        var printed = table.Split('\n').Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(feedWarnings.Count + itemWarnings.Count, printed.Count);
        Assert.All(feedWarnings.Concat(itemWarnings), w => Assert.Contains(printed, p => p.EndsWith(w, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_local_file_has_no_size_or_item_cap_unless_one_is_asked_for()
    {
        // Larger than a polled document may be (10 MB), with more items than a poll keeps (5,000).
        var path = Path.Combine(Path.GetTempPath(), $"aw-parse-{Guid.NewGuid():N}.xml");
        var items = WriteLargeFeed(path, 6_000, 1_900);
        Assert.True(new FileInfo(path).Length > ExtractionLimitsDefaultBytes);

        var (exit, stdout, stderr) = await Cli.RunAsync(["parse", path, "--json"]);
        var (cappedExit, capped, _) = await Cli.RunAsync(["parse", path, "--json", "--max-items", "10"]);
        var (refusedExit, refusedOut, refused) = await Cli.RunAsync(["parse", path, "--json", "--max-bytes", "1000000"]);

        Assert.True(exit == 0, stderr);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.Equal(items, json.RootElement.GetProperty("items").GetArrayLength());
            Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());
        }

        Assert.Equal(0, cappedExit);
        using (var json = JsonDocument.Parse(capped))
        {
            Assert.Equal(10, json.RootElement.GetProperty("items").GetArrayLength());
            Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("more than 10 items", StringComparison.Ordinal));
        }

        Assert.Equal(2, refusedExit);
        Assert.Equal(string.Empty, refusedOut);
        Assert.Contains("too-large", refused, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task A_53_mb_file_of_50000_items_is_printed_whole_in_bounded_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aw-parse-{Guid.NewGuid():N}.xml");
        WriteLargeFeed(path, 50_000, 900);
        Assert.InRange(new FileInfo(path).Length, 50_000_000, 60_000_000);

        using var process = Cli.Start(["parse", path, "--json"]);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var peak = 0L;
        var items = 0;
        using var sampler = new Timer(_ =>
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                // The process ended between two samples.
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

        // Counted as it streams: "key" is written once per item and nowhere else.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.AsSpan().TrimStart().StartsWith("\"key\":", StringComparison.Ordinal))
            {
                items++;
            }
        }

        await process.WaitForExitAsync(deadline.Token);
        File.Delete(path);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(50_000, items);
        Assert.True(peak < 1024L * 1024 * 1024, $"peak working set {peak / (1024 * 1024)} MB");
        Assert.True(peak > 0, "the child's memory was never sampled");
    }

    private const long ExtractionLimitsDefaultBytes = 10 * 1024 * 1024;

    /// <summary>An RSS file of <paramref name="count"/> items with HTML descriptions of about <paramref name="descriptionBytes"/> each.</summary>
    internal static int WriteLargeFeed(string path, int count, int descriptionBytes)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Large</title><link>https://example.org/</link>\n");
        var paragraph = "&lt;p&gt;Sårbarhet i &lt;b&gt;produkt&lt;/b&gt;: oppdater nå. &lt;a href=\"https://example.org/x\"&gt;Les mer&lt;/a&gt;&lt;/p&gt;";
        var repeat = Math.Max(1, descriptionBytes / paragraph.Length);
        var body = string.Concat(Enumerable.Repeat(paragraph, repeat));
        for (var i = 0; i < count; i++)
        {
            writer.Write($"<item><title>Advisory {i}</title><link>https://example.org/a/{i}</link><guid>urn:advisory:{i}</guid><pubDate>Wed, 10 Jan 2024 09:05:00 GMT</pubDate><description>{body}</description></item>\n");
        }

        writer.Write("</channel></rss>\n");
        return count;
    }
}
