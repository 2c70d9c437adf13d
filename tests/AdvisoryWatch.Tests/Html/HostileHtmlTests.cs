using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;
using AdvisoryWatch.Extraction.Html;
using AdvisoryWatch.Extraction.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AdvisoryWatch.Tests.Html;

/// <summary>
/// Pages built to exhaust the parser: refused by depth before they are parsed, or abandoned when
/// they outrun their time budget, always with a typed failure; real markup that leaves end tags
/// out is not taken for deep markup.
/// </summary>
public sealed class HostileHtmlTests
{
    private static readonly ExtractionContext Context = new(new Uri("https://nsm.no/aktuelt/"));

    // Deep enough to be refused, shallow enough for a parser to finish it in a second or two, so
    // that code without the depth check answers (wrongly) instead of hanging.
    private static string Nested(int depth, string tag = "div") =>
        "<!doctype html><html><body><main><ul><li class=\"article\"><a href=\"/a\">Sak</a></li></ul>"
        + string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + "tekst</main></body></html>";

    private static byte[] Bytes(string html) => Encoding.UTF8.GetBytes(html);

    [Theory]
    [InlineData("div")]
    [InlineData("b")]
    [InlineData("blockquote")]
    public void A_deeply_nested_page_is_refused_as_too_deep_by_every_html_reader(string tag)
    {
        var page = Bytes(Nested(3_000, tag));

        var watched = PageExtractor.Extract(page, new PageWatchConfig(), Context);
        var list = HtmlListExtractor.Extract(page, new HtmlListConfig { Item = "li.article" }, Context);
        var hub = FeedDiscovery.Discover(page, Context);

        Assert.Equal("too-deep", watched.Error?.Code);
        Assert.Equal("too-deep", list.Error?.Code);
        Assert.Equal("too-deep", hub.Error?.Code);
        Assert.Contains("256", watched.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_feed_content_is_sanitised_to_its_text_without_being_parsed()
    {
        var html = string.Concat(Enumerable.Repeat("<div><i>", 2_000)) + "Les <b>mer</b> &amp; <script>x()</script>";

        var sanitised = HtmlSanitizer.Sanitize(html, new Uri("https://nsm.no/"));

        Assert.Equal("Les mer &amp;", sanitised);
    }

    [Fact]
    public void The_depth_limit_is_the_configured_one()
    {
        var page = Bytes(Nested(100));

        Assert.True(PageExtractor.Extract(page, new PageWatchConfig(), Context).Succeeded);
        var refused = PageExtractor.Extract(page, new PageWatchConfig(), Context with { Limits = ExtractionLimits.Default with { MaxDepth = 50 } });
        Assert.Equal("too-deep", refused.Error?.Code);
    }

    public static TheoryData<string, string> RealWorldShapes => new()
    {
        { "unclosed paragraphs", "<div>" + string.Concat(Enumerable.Repeat("<p>Avsnitt <b>fet</b> <span>tekst", 2_000)) + "</div>" },
        { "unclosed list items", "<ul>" + string.Concat(Enumerable.Repeat("<li><a href=\"/x\">Sak</a> <span class=date>1. mars", 2_000)) + "</ul>" },
        { "unclosed rows and cells", "<table>" + string.Concat(Enumerable.Repeat("<tr><td>a<td><p>b<th>c", 2_000)) + "</table>" },
        { "unclosed definitions and options", "<dl>" + string.Concat(Enumerable.Repeat("<dt>t<dd>d", 2_000)) + "</dl><select>" + string.Concat(Enumerable.Repeat("<option>o", 2_000)) + "</select>" },
        { "headings in headings", string.Concat(Enumerable.Repeat("<h2>Tittel<h3>Under", 2_000)) },
        { "links never closed", string.Concat(Enumerable.Repeat("<a href=\"/x\">lenke ", 2_000)) },
        { "void and self-closed elements", string.Concat(Enumerable.Repeat("<br><img src=x><input><hr><meta charset=utf-8><wbr><div/>", 100)) + string.Concat(Enumerable.Repeat("<br/><img src='a>b'/>", 2_000)) },
        { "icons in inline svg", string.Concat(Enumerable.Repeat("<span><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><g><circle r=\"1\"/></g></svg></span>", 2_000)) },
        { "markup in scripts, styles, comments and attributes", string.Concat(Enumerable.Repeat("<script>var s = '<div><div><div>';</script><style>a>b{}</style><!-- <div><div> --><textarea><div></textarea><p title=\"<div>\" data-x='>'>x</p>", 1_000)) },
        { "tables in tables, with and without cells", string.Concat(Enumerable.Repeat("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><table><table>", 500)) },
        { "frame tags repeated", string.Concat(Enumerable.Repeat("<html><head></head><body><div>x</div></body></html>", 1_000)) },
    };

    [Theory]
    [MemberData(nameof(RealWorldShapes))]
    public void The_depth_estimate_follows_the_parser_for_markup_that_leaves_end_tags_out(string shape, string body)
    {
        var html = "<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>";

        var estimate = HtmlNesting.Depth(html, 10_000);
        var parsed = ParsedDepth(html);

        Assert.True(Math.Abs(estimate - parsed) <= 2, $"{shape}: estimated {estimate}, parsed {parsed}");
        Assert.True(PageExtractor.Extract(Bytes(html), new PageWatchConfig(), Context).Succeeded, shape);
    }

    [Fact]
    public void A_parse_that_outruns_its_time_budget_is_abandoned_with_a_typed_failure()
    {
        // Let the depth through, and give the parser far less time than a 20,000-deep page needs.
        var limits = ExtractionLimits.Default with { MaxDepth = 1_000_000, TimeBudget = TimeSpan.FromMilliseconds(20) };

        var result = PageExtractor.Extract(Bytes(Nested(20_000)), new PageWatchConfig(), Context with { Limits = limits });

        Assert.Equal("over-budget", result.Error?.Code);
    }

    [Fact]
    public void A_caller_that_gives_up_stops_the_reading_with_a_cancellation_not_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = Context with { Cancellation = cancelled.Token };

        Assert.ThrowsAny<OperationCanceledException>(() => PageExtractor.Extract(Bytes(Nested(5)), new PageWatchConfig(), context));
        Assert.ThrowsAny<OperationCanceledException>(() => FeedParser.Parse(Bytes("<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>"), context));
    }

    // The deepest element below <body> in the tree the parser builds.
    private static int ParsedDepth(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        var deepest = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((document.Body!, 0));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (var child in element.Children)
            {
                stack.Push((child, depth + 1));
            }
        }

        return deepest;
    }
}
