using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Html;

namespace AdvisoryWatch.Tests.Html;

public class PageExtractorTests
{
    internal static string GuidancePage(string version, string updated, string extraMarkup = "") => $"""
        <!DOCTYPE html><html><head><title>Grunnprinsipper for IKT-sikkerhet</title><script>track()</script></head>
        <body><header><nav><a href="/">NSM</a></nav></header>
        <main><h1>Grunnprinsipper for IKT-sikkerhet {version}</h1>
          <p class="updated">Sist oppdatert: {updated}</p>
          <p>NSMs grunnprinsipper er {extraMarkup}et sett med tiltak.</p>
          <ul><li>Identifiser og kartlegg</li><li>Beskytt og oppretthold</li></ul>
          <script>more()</script>
        </main><footer>Kontakt</footer></body></html>
        """;

    private static readonly PageWatchConfig Config = new() { ExcludeSelectors = [".updated"] };

    private static ExtractedPage Extract(string html, PageWatchConfig? config = null)
    {
        var result = PageExtractor.Extract(Encoding.UTF8.GetBytes(html), config ?? Config, new ExtractionContext(new Uri("https://nsm.no/grunnprinsipper/")));
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Value;
    }

    [Fact]
    public void Keeps_the_main_text_as_lines_without_chrome_scripts_or_excluded_stamps()
    {
        var page = Extract(GuidancePage("2.0", "1. mars 2024"));
        Assert.Equal("Grunnprinsipper for IKT-sikkerhet 2.0\nNSMs grunnprinsipper er et sett med tiltak.\nIdentifiser og kartlegg\nBeskytt og oppretthold", page.Text);
        Assert.Equal("Grunnprinsipper for IKT-sikkerhet 2.0", page.Title);
        Assert.Equal("https://nsm.no/grunnprinsipper/", page.Url);
        Assert.Equal(64, page.Sha256.Length);
    }

    [Fact]
    public void The_hash_ignores_excluded_stamps_and_markup_that_does_not_change_the_text()
    {
        var before = Extract(GuidancePage("2.0", "1. mars 2024"));
        var after = Extract(GuidancePage("2.0", "9. juni 2026", extraMarkup: "<span class='x'></span>").Replace("<li>", "<li class=\"new\">  ", StringComparison.Ordinal));
        Assert.Equal(before.Sha256, after.Sha256);
    }

    [Fact]
    public void The_hash_changes_when_the_guidance_does()
    {
        Assert.NotEqual(Extract(GuidancePage("2.0", "x")).Sha256, Extract(GuidancePage("2.1", "x")).Sha256);
    }

    [Fact]
    public void A_configured_content_selector_that_matches_nothing_is_an_error()
    {
        var result = PageExtractor.Extract(Encoding.UTF8.GetBytes(GuidancePage("2.0", "x")), new PageWatchConfig { ContentSelector = "#innhold" }, new ExtractionContext());
        Assert.False(result.Succeeded);
        Assert.Equal("selector-matched-nothing", result.Error.Code);
    }

    [Fact]
    public void Falls_back_to_article_then_body()
    {
        Assert.Equal("Body text", Extract("<html><body><p>Body text</p></body></html>").Text);
        Assert.Equal("Article", Extract("<html><body><p>x</p><article>Article</article></body></html>").Text);
    }

    [Fact]
    public void Reads_a_latin1_page_by_its_meta_charset()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body><main>Personvern og s\u00e5rbarhet</main></body></html>");
        var result = PageExtractor.Extract(bytes, new PageWatchConfig(), new ExtractionContext());
        Assert.Equal("Personvern og sårbarhet", result.Value!.Text);
    }

    [Fact]
    public void An_empty_page_is_an_error()
    {
        var result = PageExtractor.Extract(Array.Empty<byte>(), new PageWatchConfig(), new ExtractionContext());
        Assert.Equal("empty", result.Error!.Code);
    }
}
