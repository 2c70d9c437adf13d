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
        Assert.Equal(["format", "title", "link", "description", "language", "updated", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rss2.0", root.GetProperty("format").GetString());
        Assert.Equal("2024-01-10T09:00:00Z", root.GetProperty("updated").GetString());
        var item = root.GetProperty("items")[0];
        Assert.Equal(["id", "title", "link", "published", "updated", "summary", "content", "authors", "categories"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://www.cert.se/2024/01/blixt", item.GetProperty("id").GetString());
        Assert.Equal("Blixtmeddelande: kritisk sårbarhet", item.GetProperty("title").GetString());
        Assert.Equal("https://www.cert.se/2024/01/blixt", item.GetProperty("link").GetString());
        Assert.Equal("2024-01-10T08:05:00Z", item.GetProperty("published").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("updated").ValueKind);
        Assert.Equal("Uppdatera nu.", item.GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("content").ValueKind);
        Assert.Equal(["CERT-SE"], item.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Sårbarhet"], item.GetProperty("categories").EnumerateArray().Select(a => a.GetString()));
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
}
