using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Urls;

namespace AdvisoryWatch.Tests.Urls;

public class UrlNormalizerTests
{
    private static readonly UrlNormalizationOptions Options = UrlNormalizationOptions.Default;

    [Theory]
    [InlineData("HTTPS://WWW.Regjeringen.NO/no/aktuelt/id123/#top", "https://www.regjeringen.no/no/aktuelt/id123/")]
    [InlineData("https://nsm.no:443/aktuelt/?utm_source=rss&utm_medium=feed&id=5", "https://nsm.no/aktuelt/?id=5")]
    [InlineData("https://www.kyberturvallisuuskeskus.fi/en/news?mtm_campaign=rss", "https://www.kyberturvallisuuskeskus.fi/en/news")]
    [InlineData("http://example.org:8080/a?b=1&fbclid=x&c=2", "http://example.org:8080/a?b=1&c=2")]
    [InlineData("https://user:secret@example.org/a", "https://example.org/a")]
    public void Normalises_host_port_fragment_and_tracking_parameters(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input, null, Options));
    }

    [Fact]
    public void Resolves_relative_links_against_the_base()
    {
        Assert.Equal("https://www.cert.se/2024/05/blixt.html", UrlNormalizer.Normalize("/2024/05/blixt.html", new Uri("https://www.cert.se/feed.rss"), Options));
        Assert.Equal("https://www.cert.se/nyheter/x", UrlNormalizer.Normalize("x", new Uri("https://www.cert.se/nyheter/"), Options));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/x")]
    [InlineData("")]
    public void Refuses_anything_but_http_and_https(string input)
    {
        Assert.Null(UrlNormalizer.Normalize(input, new Uri("https://nsm.no/"), Options));
    }

    [Fact]
    public void Honours_configured_prefixes()
    {
        var options = Options with { StripQueryPrefixes = ["ref_"] };
        Assert.Equal("https://x.example/?utm_source=a", UrlNormalizer.Normalize("https://x.example/?utm_source=a&ref_x=1", null, options));
    }

    [Fact]
    public void Identity_prefers_guid_then_link_then_a_hash_of_title_and_date()
    {
        Assert.Equal("https://edpb.europa.eu/?p=123", UrlNormalizer.Identity(" https://edpb.europa.eu/?p=123 ", "https://edpb.europa.eu/news/a", "T", "d"));
        Assert.Equal("https://edpb.europa.eu/news/a", UrlNormalizer.Identity(null, "https://edpb.europa.eu/news/a", "T", "d"));

        var hashed = UrlNormalizer.Identity(null, null, "Sårbarhet i X", "9 juni 2026");
        Assert.StartsWith("sha256:", hashed, StringComparison.Ordinal);
        Assert.NotEqual(hashed, UrlNormalizer.Identity(null, null, "Sårbarhet i X", "10 juni 2026"));
        Assert.DoesNotContain("Sårbarhet", hashed, StringComparison.Ordinal);
    }
}
