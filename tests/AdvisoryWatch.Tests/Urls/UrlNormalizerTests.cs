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
    public void A_link_taken_as_written_is_exactly_what_uri_would_have_written()
    {
        // The sanitiser keeps a link as written when IsCanonicalWebUrl says so: for every such
        // link, the Uri path it skips must give back the same string.
        // Mostly plausible parts, with hostile ones mixed in, so both answers are common.
        string[] schemes = ["https://", "http://", "https://", "http://", "HTTP://", "https:/", "javascript://", "https:\\\\", "ftp://"];
        string[] labels = ["a", "www", "example", "no", "xn--p1ai", "localhost", new string('b', 63), "0x7f", "127", "1", "0", "-a", "a-", "", "EXAMPLE", "ex%41mple", "é", "a_b", new string('a', 64)];
        string[] ports = ["", ":443", ":80", ":8080", ":", "@", "user@"];
        string[] pieces = ["/", "a", "Z", "0", "?", "&", "=", "+", "~", "-", "_", "#", ".", "..", "/.", "/..", "/./", "%2e", "%41", "%", "\\", " ", "é", "//", "\t", ";", "'", "<", "\"", "|", "^", "`", "{", "[", ":", "@", "!", "$", "(", "*", ","];
        var random = new Random(2026);
        string Pick(string[] from, int plausible) => from[random.Next(4) > 0 ? random.Next(plausible) : random.Next(from.Length)];
        var taken = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var host = string.Join('.', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(labels, 7)));
            var path = "/" + string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => Pick(pieces, 12)));
            var url = Pick(schemes, 4) + host + (random.Next(4) == 0 ? ports[random.Next(ports.Length)] : string.Empty) + (random.Next(8) == 0 ? path[1..] : path);
            if (!UrlNormalizer.IsCanonicalWebUrl(url))
            {
                continue;
            }

            taken++;
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), url);
            Assert.True(uri.Scheme is "http" or "https", url);
            Assert.Equal(url, uri.AbsoluteUri);
            Assert.Equal(url, UrlNormalizer.Resolve(url, new Uri("https://base.example/feed"))?.AbsoluteUri);
        }

        Assert.True(taken > 1_000, $"only {taken} generated links were taken as written");
        Assert.True(UrlNormalizer.IsCanonicalWebUrl("https://www.example.no/rad/4711?id=5&b=x+y#top"));
        Assert.False(UrlNormalizer.IsCanonicalWebUrl("https://Example.no/"));
        Assert.False(UrlNormalizer.IsCanonicalWebUrl("https://example.no"));
        Assert.False(UrlNormalizer.IsCanonicalWebUrl("http://0x7f.1/"));
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
