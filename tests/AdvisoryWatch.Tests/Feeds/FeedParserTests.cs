using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

namespace AdvisoryWatch.Tests.Feeds;

public class FeedParserTests
{
    internal static ExtractedFeed ParseOk(string xml, string? url = "https://example.org/feed", string? charset = null) =>
        ParseOk(Encoding.UTF8.GetBytes(xml), url, charset);

    internal static ExtractedFeed ParseOk(byte[] bytes, string? url = "https://example.org/feed", string? charset = null)
    {
        var result = FeedParser.Parse(bytes, new ExtractionContext(url is null ? null : new Uri(url), charset));
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Value;
    }

    [Fact]
    public void Reads_an_rss2_feed_shaped_like_nsm()
    {
        var feed = ParseOk("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel>
                <title>NSM – alle oppdateringer</title>
                <link>https://nsm.no/</link>
                <description>Nyheter fra Nasjonal sikkerhetsmyndighet</description>
                <language>nb-NO</language>
                <lastBuildDate>Tue, 21 Mar 2023 10:00:00 GMT</lastBuildDate>
                <atom:link href="https://nsm.no/rss/alle-oppdateringer-fra-nsm/" rel="self" type="application/rss+xml" />
                <item>
                  <title>NSM fraråder TikTok og Telegram på tjenesteenheter</title>
                  <link>https://nsm.no/aktuelt/nsm-fraraader-tiktok?utm_source=rss#main</link>
                  <description>&lt;p&gt;NSMs faglige vurdering er at TikTok eller Telegram ikke bør installeres.&lt;/p&gt;</description>
                  <guid isPermaLink="false">nsm-12345</guid>
                  <pubDate>Tue, 21 Mar 2023 09:30:00 +0100</pubDate>
                  <dc:creator>Kommunikasjonsavdelingen</dc:creator>
                  <category>Digital sikkerhet</category>
                  <category>Apper</category>
                  <content:encoded><![CDATA[<p>Vurderingen gjelder <a href="/fagomrader/apper">apper</a>.</p><script>bad()</script>]]></content:encoded>
                </item>
              </channel>
            </rss>
            """, url: "https://nsm.no/rss/alle-oppdateringer-fra-nsm/");

        Assert.Equal("rss2.0", feed.Format);
        Assert.Equal("NSM – alle oppdateringer", feed.Title);
        Assert.Equal("https://nsm.no/", feed.Link);
        Assert.Equal("nb-NO", feed.Language);
        Assert.Equal(new DateTimeOffset(2023, 3, 21, 10, 0, 0, TimeSpan.Zero), feed.Updated?.Utc);
        var item = Assert.Single(feed.Items);
        Assert.Equal("nsm-12345", item.Id);
        Assert.Equal("NSM fraråder TikTok og Telegram på tjenesteenheter", item.Title);
        Assert.Equal("https://nsm.no/aktuelt/nsm-fraraader-tiktok", item.Link);
        Assert.Equal("NSMs faglige vurdering er at TikTok eller Telegram ikke bør installeres.", item.Summary);
        Assert.Equal(new DateTimeOffset(2023, 3, 21, 8, 30, 0, TimeSpan.Zero), item.Published?.Utc);
        Assert.Equal("Tue, 21 Mar 2023 09:30:00 +0100", item.Published?.Raw);
        Assert.Equal(["Kommunikasjonsavdelingen"], item.Authors);
        Assert.Equal(["Digital sikkerhet", "Apper"], item.Categories);
        Assert.Equal("<p>Vurderingen gjelder <a href=\"https://nsm.no/fagomrader/apper\" rel=\"noopener noreferrer\">apper</a>.</p>", item.Content);
    }

    [Fact]
    public void Reads_html_named_entities_that_xml_does_not_define_like_regjeringen()
    {
        var feed = ParseOk("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Justis- og beredskapsdepartementet</title>
            <item><title>R&aring;d om TikTok og Telegram</title>
            <link>https://www.regjeringen.no/no/aktuelt/rad/id2969000/?utm_medium=rss&utm_source=x</link>
            <description>Justis- og beredskapsdepartementet fr&aring;r&aring;der&nbsp;bruk p&aring; tjenesteenheter &amp; anbefaler tiltak. S&oslash;k &copy;</description>
            <pubDate>Thu, 23 Mar 2023 12:00:00 GMT</pubDate></item></channel></rss>
            """);

        var item = Assert.Single(feed.Items);
        Assert.Equal("Råd om TikTok og Telegram", item.Title);
        Assert.Equal("Justis- og beredskapsdepartementet fråråder bruk på tjenesteenheter & anbefaler tiltak. Søk ©", item.Summary);
        Assert.Equal("https://www.regjeringen.no/no/aktuelt/rad/id2969000/", item.Link);
        Assert.Equal("https://www.regjeringen.no/no/aktuelt/rad/id2969000/", item.Id);
        Assert.Contains(feed.Warnings, w => w.Contains("repaired", StringComparison.Ordinal));
    }

    [Fact]
    public void Decodes_entity_escaped_html_in_descriptions_like_cert_se()
    {
        var feed = ParseOk("""
            <rss version="2.0"><channel><title>CERT-SE</title><item>
            <title>Blixtmeddelande: kritisk s&#229;rbarhet i Ivanti</title>
            <link>https://www.cert.se/2024/01/blixtmeddelande-kritisk-sarbarhet</link>
            <description>&amp;lt;p&amp;gt;CERT-SE rekommenderar &amp;lt;strong&amp;gt;omedelbar&amp;lt;/strong&amp;gt; uppdatering.&amp;lt;/p&amp;gt;</description>
            <pubDate>Wed, 10 Jan 2024 9:05:00 +0100</pubDate>
            </item></channel></rss>
            """);

        var item = Assert.Single(feed.Items);
        Assert.Equal("Blixtmeddelande: kritisk sårbarhet i Ivanti", item.Title);
        Assert.Equal("CERT-SE rekommenderar omedelbar uppdatering.", item.Summary);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 8, 5, 0, TimeSpan.Zero), item.Published?.Utc);
    }

    [Fact]
    public void Reads_atom10_with_xml_base_and_text_constructs()
    {
        var feed = ParseOk("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.ncsc.gov.uk/" xml:lang="en">
              <title type="text">NCSC &lt;news&gt;</title>
              <subtitle type="html">&lt;b&gt;Latest&lt;/b&gt; news</subtitle>
              <link rel="self" href="https://www.ncsc.gov.uk/feed.xml"/>
              <link rel="alternate" href="/news"/>
              <updated>2024-05-06T07:08:09Z</updated>
              <author><name>NCSC</name></author>
              <entry xml:base="/news/">
                <id>tag:ncsc.gov.uk,2024:1</id>
                <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Guidance <em>updated</em></div></title>
                <link href="guidance-1"/>
                <published>2024-05-01T10:00:00+01:00</published>
                <updated>2024-05-06T07:08:09Z</updated>
                <summary>Short &amp; plain</summary>
                <content type="html">&lt;p&gt;Read &lt;a href="more"&gt;more&lt;/a&gt;&lt;/p&gt;</content>
                <category term="guidance"/>
              </entry>
            </feed>
            """, url: "https://www.ncsc.gov.uk/api/feed");

        Assert.Equal("atom1.0", feed.Format);
        Assert.Equal("NCSC <news>", feed.Title);
        Assert.Equal("Latest news", feed.Description);
        Assert.Equal("https://www.ncsc.gov.uk/news", feed.Link);
        Assert.Equal("en", feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Equal("tag:ncsc.gov.uk,2024:1", item.Id);
        Assert.Equal("Guidance updated", item.Title);
        Assert.Equal("https://www.ncsc.gov.uk/news/guidance-1", item.Link);
        Assert.Equal("Short & plain", item.Summary);
        Assert.Equal("<p>Read <a href=\"https://www.ncsc.gov.uk/news/more\" rel=\"noopener noreferrer\">more</a></p>", item.Content);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero), item.Published?.Utc);
        Assert.Equal(["NCSC"], item.Authors);
        Assert.Equal(["guidance"], item.Categories);
    }

    [Fact]
    public void Reads_atom03()
    {
        var feed = ParseOk("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title mode="escaped" type="text/html">Old &lt;i&gt;feed&lt;/i&gt;</title>
              <tagline>Tagline</tagline>
              <link rel="alternate" type="text/html" href="https://old.example/"/>
              <modified>2004-01-02T03:04:05Z</modified>
              <entry><id>urn:1</id><title>One</title><link rel="alternate" href="https://old.example/1"/>
                <issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>
                <content type="text/plain" mode="base64">SGVsbG8gd29ybGQ=</content></entry>
            </feed>
            """);

        Assert.Equal("atom0.3", feed.Format);
        Assert.Equal("Old feed", feed.Title);
        Assert.Equal("Tagline", feed.Description);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://old.example/1", item.Link);
        Assert.Equal("Hello world", item.Content);
        Assert.Equal(new DateTimeOffset(2004, 1, 1, 0, 0, 0, TimeSpan.Zero), item.Published?.Utc);
        Assert.Equal(new DateTimeOffset(2004, 1, 2, 0, 0, 0, TimeSpan.Zero), item.Updated?.Utc);
    }

    [Fact]
    public void Reads_rss10_rdf_with_dublin_core()
    {
        var feed = ParseOk("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link><description>D</description><dc:language>sv</dc:language></channel>
              <item rdf:about="https://rdf.example/1"><title>Ett</title><link>https://rdf.example/1</link>
                <dc:date>2024-02-03T04:05:06+01:00</dc:date><dc:creator>IMY</dc:creator><dc:subject>dataskydd</dc:subject></item>
            </rdf:RDF>
            """);

        Assert.Equal("rss1.0", feed.Format);
        Assert.Equal("sv", feed.Language);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://rdf.example/1", item.Link);
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 3, 5, 6, TimeSpan.Zero), item.Published?.Utc);
        Assert.Equal(["IMY"], item.Authors);
        Assert.Equal(["dataskydd"], item.Categories);
    }

    [Fact]
    public void Reads_rss091_with_the_netscape_doctype()
    {
        var feed = ParseOk("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Netscape</title><link>https://ns.example/</link><description>x</description><language>en</language>
            <item><title>Old item</title><link>https://ns.example/1</link></item></channel></rss>
            """);

        Assert.Equal("rss0.9x", feed.Format);
        Assert.Equal("https://ns.example/1", Assert.Single(feed.Items).Id);
    }

    [Fact]
    public void Reads_json_feed_11_and_10_authors()
    {
        var feed = ParseOk("""
            {"version":"https://jsonfeed.org/version/1.1","title":"EDPB","home_page_url":"https://edpb.example/","language":"en",
             "authors":[{"name":"EDPB"}],
             "items":[{"id":"1","url":"https://edpb.example/news/1?utm_campaign=x","title":"Guidelines","content_html":"<p>New <b>guidelines</b></p>","summary":"New guidelines","date_published":"2024-03-04T05:06:07Z","tags":["gdpr"]},
                      {"id":"2","title":"Old","content_text":"Plain <text>","author":{"name":"Old author"}}]}
            """);

        Assert.Equal("json", feed.Format);
        Assert.Equal("EDPB", feed.Title);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal("https://edpb.example/news/1", feed.Items[0].Link);
        Assert.Equal("<p>New <b>guidelines</b></p>", feed.Items[0].Content);
        Assert.Equal(["EDPB"], feed.Items[0].Authors);
        Assert.Equal(["gdpr"], feed.Items[0].Categories);
        Assert.Equal("Plain &lt;text&gt;", feed.Items[1].Content);
        Assert.Equal("Plain <text>", feed.Items[1].Summary);
        Assert.Equal(["Old author"], feed.Items[1].Authors);
    }

    [Fact]
    public void Falls_back_from_guid_to_link_to_a_hash_and_never_to_the_title_alone()
    {
        var feed = ParseOk("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>Same title</title><guid>https://x.example/?p=12</guid></item>
            <item><title>Same title</title><link>https://x.example/b</link></item>
            <item><title>Same title</title><pubDate>Mon, 06 May 2024 07:08:09 GMT</pubDate></item>
            <item><title>Same title</title><pubDate>Tue, 07 May 2024 07:08:09 GMT</pubDate></item>
            </channel></rss>
            """);

        Assert.Equal("https://x.example/?p=12", feed.Items[0].Id);
        Assert.Equal("https://x.example/?p=12", feed.Items[0].Link);
        Assert.Equal("https://x.example/b", feed.Items[1].Id);
        Assert.StartsWith("sha256:", feed.Items[2].Id, StringComparison.Ordinal);
        Assert.NotEqual(feed.Items[2].Id, feed.Items[3].Id);
    }

    [Fact]
    public void Skips_junk_before_the_xml_declaration_and_a_byte_order_mark()
    {
        var xml = "\uFEFF\n<br />\n<b>Warning</b>: deprecated in feed.php\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>PHP</title><item><title>i</title><link>https://p.example/1</link></item></channel></rss>";
        var feed = ParseOk(xml);
        Assert.Equal("PHP", feed.Title);
        Assert.Single(feed.Items);
    }

    [Fact]
    public void Reads_windows1252_bytes_in_a_document_that_claims_utf8()
    {
        var head = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Gr");
        var tail = Encoding.ASCII.GetBytes("nsen</title></channel></rss>");
        var feed = ParseOk([.. head, 0xE4, .. tail]);
        Assert.Equal("Gränsen", feed.Title);
    }

    [Fact]
    public void Prefers_utf8_when_a_single_byte_declaration_is_wrong()
    {
        var feed = ParseOk("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Sårbarhet</title></channel></rss>");
        Assert.Equal("Sårbarhet", feed.Title);
    }

    [Fact]
    public void Honours_the_http_charset_over_the_xml_declaration()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Søk</title></channel></rss>");
        Assert.Equal("Søk", ParseOk(bytes, charset: "iso-8859-1").Title);
    }

    [Fact]
    public void Tolerates_undeclared_namespace_prefixes()
    {
        var feed = ParseOk("<rss version=\"2.0\"><channel><title>t</title><item><title>i</title><dc:creator>Ola</dc:creator><foo:bar>x</foo:bar></item></channel></rss>");
        Assert.Equal(["Ola"], Assert.Single(feed.Items).Authors);
    }

    [Fact]
    public void Keeps_the_items_before_a_break_in_the_document()
    {
        var feed = ParseOk("<rss version=\"2.0\"><channel><title>t</title><item><title>one</title><link>https://b.example/1</link></item><item><title>two</title></chan");
        Assert.Equal("one", Assert.Single(feed.Items).Title);
        Assert.Contains(feed.Warnings, w => w.Contains("not well-formed", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_inline_html_inside_an_rss_description()
    {
        var item = Assert.Single(ParseOk("<rss version=\"2.0\"><channel><item><title>t</title><description><p>Para <b>bold</b></p></description></item></channel></rss>").Items);
        Assert.Equal("Para bold", item.Summary);
    }

    [Fact]
    public void Derives_a_summary_from_content_when_there_is_no_description()
    {
        var item = Assert.Single(ParseOk("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item><title>t</title><content:encoded>&lt;p&gt;Only content&lt;/p&gt;</content:encoded></item></channel></rss>").Items);
        Assert.Equal("Only content", item.Summary);
        Assert.Equal("<p>Only content</p>", item.Content);
    }

    [Fact]
    public void Parses_rss_author_forms()
    {
        var item = Assert.Single(ParseOk("<rss version=\"2.0\"><channel><item><author>post@nsm.no (NSM Kommunikasjon)</author><author>Ola Nordmann &lt;ola@example.org&gt;</author></item></channel></rss>").Items);
        Assert.Equal(["NSM Kommunikasjon", "Ola Nordmann"], item.Authors);
    }
}

public class FeedReferenceRepairTests
{
    [Fact]
    public void Cdata_sections_are_left_exactly_as_written()
    {
        var item = Assert.Single(FeedParserTests.ParseOk("<rss version=\"2.0\"><channel><item><title><![CDATA[A &nbsp; B &oslash;]]> &oslash;</title></item></channel></rss>").Items);
        Assert.Equal("A B ø ø", item.Title);
    }

    [Fact]
    public void Numeric_references_are_read_and_forbidden_ones_dropped()
    {
        // Atom text is literal, so the decoded "<" is not read as a tag.
        var item = Assert.Single(FeedParserTests.ParseOk("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>&#8211;&#x2013;&#1;x&#60;y&#38;z&#128512;</title></entry></feed>").Items);
        Assert.Equal("––x<y&z😀", item.Title);
    }

    [Fact]
    public void Stray_ampersands_in_attributes_and_text_are_read_literally()
    {
        var feed = FeedParserTests.ParseOk("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>R & D</title><entry><link href=\"https://x.example/?a=1&b=2&amp;c=3\"/><title>Q&A &unknownentity; end</title></entry></feed>");
        Assert.Equal("R & D", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://x.example/?a=1&b=2&c=3", item.Link);
        Assert.Equal("Q&A &unknownentity; end", item.Title);
    }

    [Fact]
    public void Content_is_sanitised_on_first_read_and_the_raw_form_is_kept()
    {
        var item = Assert.Single(FeedParserTests.ParseOk("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item><content:encoded>&lt;p onclick=\"x()\"&gt;Hei&lt;/p&gt;</content:encoded></item></channel></rss>").Items);
        Assert.Equal("<p onclick=\"x()\">Hei</p>", item.RawContent);
        Assert.Equal("<p>Hei</p>", item.Content);
        Assert.Equal(item.Content, item.Content);
    }
}
