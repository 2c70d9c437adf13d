using System.Globalization;
using System.Text.Json.Nodes;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;
using AdvisoryWatch.Extraction.Text;
using AdvisoryWatch.Extraction.Urls;

namespace AdvisoryWatch.Tests.Feeds;

/// <summary>
/// Conformance with gofeed's test corpus: gofeed's universal reading of each file is compared with
/// ours field by field. Text is compared as plain text (we sanitise and decode, gofeed keeps raw
/// HTML), links after our normalisation, dates as instants. Where we differ on purpose, the
/// difference is a rule below with its reason, and has a test of its own.
/// </summary>
public class GofeedConformanceTests(ITestOutputHelper output)
{
    private static readonly Uri DocumentUri = new("https://example.org/feed.xml");

    // Where we read a file differently on purpose: (file, field) → the named test that shows why.
    private static readonly (string File, string Field, string Test)[] DeliberateDifferences =
    [
        ("feed_links_-_rss_channel_links.xml", "link", nameof(Deliberate_difference_the_first_rss_link_wins)),
        ("feed_links_-_rdf_channel_links.xml", "link", nameof(Deliberate_difference_the_first_rss_link_wins)),
        ("feed_item_links_-_rss_channel_item_links.xml", "items[0].link", nameof(Deliberate_difference_the_first_rss_link_wins)),
        ("feed_item_updated_-_atom03_feed_entry_modified.xml", "items[0].published", nameof(Deliberate_difference_atom03_modified_is_not_a_publication_date)),
        ("json10_full.json", "updated", nameof(Deliberate_difference_no_feed_date_is_invented_from_items)),
        ("json11_full.json", "updated", nameof(Deliberate_difference_no_feed_date_is_invented_from_items)),
    ];

    public static TheoryData<string> TranslatorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(TestPaths.Fixtures("gofeed", "translator"), "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".xml", StringComparison.Ordinal) || (name.EndsWith(".json", StringComparison.Ordinal) && !name.EndsWith("_expected.json", StringComparison.Ordinal) && path.Contains($"{Path.DirectorySeparatorChar}json{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(TestPaths.Fixtures("gofeed"), path));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TranslatorFiles))]
    public void Agrees_with_gofeed_on_every_field_that_maps(string file)
    {
        var disagreements = Compare(file);
        foreach (var line in disagreements)
        {
            output.WriteLine(line);
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public void Every_gofeed_parser_input_gives_a_feed_or_a_clean_error()
    {
        var files = Directory.EnumerateFiles(TestPaths.Fixtures("gofeed", "parser"), "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".xml", StringComparison.Ordinal) || (p.EndsWith(".json", StringComparison.Ordinal) && p.Contains("parser/json", StringComparison.Ordinal) && !p.EndsWith("_expected.json", StringComparison.Ordinal)))
            .ToList();
        Assert.True(files.Count > 400, $"only {files.Count} corpus files found");
        var parsed = 0;
        foreach (var path in files)
        {
            var result = FeedParser.Parse(File.ReadAllBytes(path), new ExtractionContext(DocumentUri));
            if (result.Succeeded)
            {
                parsed++;
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
                output.WriteLine($"{Path.GetFileName(path)}: {result.Error}");
            }
        }

        output.WriteLine($"{parsed} of {files.Count} parsed");
        Assert.True(parsed >= files.Count - 10, $"{files.Count - parsed} corpus files failed to parse");
    }

    [Fact]
    public void Deliberate_difference_the_first_rss_link_wins()
    {
        // RSS has one <link>; gofeed keeps the last of several. The first is the channel's own, and
        // a href attribute on an un-namespaced <link> is not RSS at all.
        var feed = FeedParserTests.ParseOk("<rss version=\"2.0\"><channel><link>https://a.example/</link><link>https://b.example/</link><link href=\"https://c.example/\"/></channel></rss>");
        Assert.Equal("https://a.example/", feed.Link);
    }

    [Fact]
    public void Deliberate_difference_atom03_modified_is_not_a_publication_date()
    {
        // Atom 0.3's <issued> is when an entry was published; <modified> is when it last changed.
        var feed = FeedParserTests.ParseOk("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><modified>2004-01-01T19:48:21Z</modified></entry></feed>");
        var item = Assert.Single(feed.Items);
        Assert.Null(item.Published);
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 19, 48, 21, TimeSpan.Zero), item.Updated?.Utc);
    }

    [Fact]
    public void Deliberate_difference_no_feed_date_is_invented_from_items()
    {
        // A feed-level date that the source did not write would hide a stale feed in the health view.
        var feed = FeedParserTests.ParseOk("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"date_modified\":\"2019-10-12T07:20:50.52Z\"}]}");
        Assert.Null(feed.Updated);
    }

    [Fact]
    public void Deliberate_difference_links_are_normalised_where_gofeed_keeps_them_raw()
    {
        // Tracking parameters and fragments would make one advisory look like several.
        var feed = FeedParserTests.ParseOk("<rss version=\"2.0\"><channel><item><link>https://x.example/a?utm_source=rss#top</link></item></channel></rss>");
        Assert.Equal("https://x.example/a", Assert.Single(feed.Items).Link);
    }

    [Fact]
    public void Deliberate_difference_content_is_sanitised_html_where_gofeed_keeps_it_raw()
    {
        var feed = FeedParserTests.ParseOk("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item><content:encoded>&lt;p onclick=\"x()\"&gt;a&lt;/p&gt;&lt;script&gt;b()&lt;/script&gt;</content:encoded></item></channel></rss>");
        Assert.Equal("<p>a</p>", Assert.Single(feed.Items).Content);
    }

    [Fact]
    public void Deliberate_difference_summary_falls_back_to_content_where_gofeed_leaves_description_empty()
    {
        // Mail and digests need a short text for every item.
        var feed = FeedParserTests.ParseOk("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content>Entry Content</content></entry></feed>");
        Assert.Equal("Entry Content", Assert.Single(feed.Items).Summary);
    }

    [Fact]
    public void Deliberate_difference_entries_inherit_the_feed_author()
    {
        // RFC 4287 section 4.2.1: an entry without an author has the feed's authors.
        var feed = FeedParserTests.ParseOk("<feed xmlns=\"http://www.w3.org/2005/Atom\"><author><name>NCSC</name></author><entry><title>t</title></entry></feed>");
        Assert.Equal(["NCSC"], Assert.Single(feed.Items).Authors);
    }

    private static List<string> Compare(string relative)
    {
        var path = Path.Combine(TestPaths.Fixtures("gofeed"), relative);
        var expectedPath = path.EndsWith(".json", StringComparison.Ordinal) ? path[..^5] + "_expected.json" : path[..^4] + ".json";
        var problems = new List<string>();
        if (!File.Exists(expectedPath))
        {
            return problems;
        }

        var expected = JsonNode.Parse(File.ReadAllText(expectedPath))!.AsObject();
        var result = FeedParser.Parse(File.ReadAllBytes(path), new ExtractionContext(DocumentUri));
        if (!result.Succeeded)
        {
            problems.Add($"{relative}: we failed: {result.Error}");
            return problems;
        }

        var feed = result.Value;
        Text(problems, "title", expected["title"], feed.Title);
        Text(problems, "description", expected["description"], feed.Description);
        Text(problems, "language", expected["language"], feed.Language);
        Link(problems, "link", expected["link"], feed.Link);
        Date(problems, "updated", expected["updatedParsed"], feed.Updated);

        var items = expected["items"]?.AsArray() ?? [];
        if (items.Count != feed.Items.Count)
        {
            problems.Add($"items: gofeed {items.Count}, we {feed.Items.Count}");
            return problems;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i]!.AsObject();
            var item = feed.Items[i];
            var at = $"items[{i}].";
            Text(problems, at + "title", e["title"], item.Title);
            Link(problems, at + "link", e["link"], item.Link);
            if (Str(e["guid"]) is { Length: > 0 } guid && guid.Trim() != item.Id)
            {
                problems.Add($"{at}guid: gofeed '{guid}', we '{item.Id}'");
            }

            Date(problems, at + "published", e["publishedParsed"], item.Published);
            Date(problems, at + "updated", e["updatedParsed"], item.Updated);
            if (e["description"] is not null)
            {
                Text(problems, at + "description", e["description"], item.Summary);
            }

            if (e["content"] is not null)
            {
                Text(problems, at + "content", e["content"], item.Content is null ? null : HtmlSanitizer.ToPlainText(item.Content));
            }

            var authors = e["authors"]?.AsArray().Select(a => Str(a?["name"]) ?? Str(a?["email"])).OfType<string>().Select(HtmlSanitizer.ToPlainText).ToList() ?? [];
            if (authors.Count > 0 && !authors.SequenceEqual(item.Authors))
            {
                problems.Add($"{at}authors: gofeed [{string.Join(", ", authors)}], we [{string.Join(", ", item.Authors)}]");
            }

            var categories = e["categories"]?.AsArray().Select(c => Str(c)).OfType<string>().ToList() ?? [];
            if (categories.Count > 0 && !categories.SequenceEqual(item.Categories))
            {
                problems.Add($"{at}categories: gofeed [{string.Join(", ", categories)}], we [{string.Join(", ", item.Categories)}]");
            }
        }

        var file = Path.GetFileName(relative);
        return problems
            .Where(p => !DeliberateDifferences.Any(d => d.File == file && p.StartsWith(d.Field + ":", StringComparison.Ordinal)))
            .Select(p => relative + ": " + p)
            .ToList();
    }

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static void Text(List<string> problems, string field, JsonNode? expected, string? actual)
    {
        var theirs = Str(expected) is { } s ? HtmlSanitizer.ToPlainText(s) : null;
        if (string.IsNullOrEmpty(theirs) && string.IsNullOrEmpty(actual))
        {
            return;
        }

        if (theirs != actual)
        {
            problems.Add($"{field}: gofeed '{theirs}', we '{actual}'");
        }
    }

    private static void Link(List<string> problems, string field, JsonNode? expected, string? actual)
    {
        if (Str(expected) is not { Length: > 0 } theirs)
        {
            return;
        }

        var normalised = UrlNormalizer.Normalize(theirs, DocumentUri, UrlNormalizationOptions.Default);
        var ours = actual is null ? null : UrlNormalizer.Normalize(actual, DocumentUri, UrlNormalizationOptions.Default);
        if (normalised != ours)
        {
            problems.Add($"{field}: gofeed '{theirs}', we '{actual}'");
        }
    }

    private static void Date(List<string> problems, string field, JsonNode? expected, ParsedDate? actual)
    {
        if (Str(expected) is not { } theirs)
        {
            return;
        }

        var instant = DateTimeOffset.Parse(theirs, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        if (actual?.Utc != instant)
        {
            problems.Add($"{field}: gofeed {theirs}, we {actual?.Utc?.ToString("o", CultureInfo.InvariantCulture) ?? "null"} (raw '{actual?.Raw}')");
        }
    }
}
