using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

namespace AdvisoryWatch.Tests.Feeds;

/// <summary>
/// Our parser beside CodeHollow.FeedReader, the .NET feed library a design would reach for first,
/// on the same inputs: why it is a benchmark contender and not the parser.
/// </summary>
public class CodeHollowDifferentialTests(ITestOutputHelper output)
{
    private static readonly ExtractionContext Context = new(new Uri("https://example.org/feed.xml"));

    [Fact]
    public void Every_conformance_file_CodeHollow_throws_on_gives_us_a_feed_or_a_clean_error()
    {
        var thrown = new List<string>();
        var oursRead = 0;
        foreach (var path in Directory.EnumerateFiles(TestPaths.Fixtures("gofeed"), "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            var ours = FeedParser.Parse(bytes, Context);
            try
            {
                CodeHollow.FeedReader.FeedReader.ReadFromByteArray(bytes);
            }
#pragma warning disable CA1031 // What the contender throws is what is counted.
            catch (Exception e)
#pragma warning restore CA1031
            {
                thrown.Add($"{Path.GetFileName(path)}: {e.GetType().Name}; ours: {(ours.Succeeded ? $"{ours.Value.Items.Count} items" : "clean error")}");
                oursRead += ours.Succeeded ? 1 : 0;
            }
        }

        foreach (var line in thrown)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"CodeHollow.FeedReader threw on {thrown.Count} files; we read {oursRead} of them");
        Assert.NotEmpty(thrown);
        Assert.True(oursRead > thrown.Count / 2, $"we read only {oursRead} of the {thrown.Count} files CodeHollow throws on");
    }

    [Fact]
    public void A_named_zone_keeps_its_offset_where_CodeHollow_loses_it()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>NSM</title><link>https://nsm.no/</link>
            <item><title>Råd</title><link>https://nsm.no/r/1</link><pubDate>Tue, 14 May 2024 10:00:00 CEST</pubDate></item>
            </channel></rss>
            """);

        var ours = FeedParser.Parse(feed, Context).Value!.Items.Single().Published!.Utc;
        var theirs = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(feed).Items.Single().PublishingDate;
        output.WriteLine($"ours {ours:O}; CodeHollow {theirs?.ToString("O") ?? "null"}");

        var expected = new DateTimeOffset(2024, 5, 14, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, ours);
        Assert.NotEqual<DateTime?>(expected.UtcDateTime, theirs?.ToUniversalTime());
    }
}
