using System.Globalization;
using System.Security;
using System.Text;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// Writes a deterministic corpus shaped like what the authorities publish: RSS 2.0 and Atom feeds
/// of 50–200 items with escaped HTML descriptions, CDATA content, named and numeric entities,
/// Nordic text and the date forms real feeds use; and HTML news lists and article pages. The same
/// seed always gives the same bytes, so numbers from different runs compare.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly string[] Words =
    [
        "sårbarhet", "sikkerhet", "råd", "veileder", "personvern", "tjenester", "kommune", "ansatte",
        "sociala", "medier", "appar", "dataskydd", "myndigheten", "informationssäkerhet", "varning",
        "vulnerability", "advisory", "patch", "Exchange", "Fortinet", "Ivanti", "TikTok", "Telegram",
        "oppdatering", "angrep", "løsepengevirus", "phishing", "nettverk", "tilgang", "åtgärder",
        "Blixtmeddelande", "säkerhetsuppdatering", "kritisk", "utnyttes", "aktivt", "kunder", "følge",
        "anbefaler", "Nasjonalt", "cybersikkerhetssenter", "Datatilsynet", "IMY", "CERT-SE", "NSM",
    ];

    private static readonly string[] Zones = ["+0200", "+0100", "GMT", "UT", "Z", "-0500", "CEST", "EST"];

    public static int Run(string[] args)
    {
        var options = new Options(args);
        var output = options.Get("out");
        if (output is null)
        {
            Console.Error.WriteLine("generate: --out DIR is required");
            return 2;
        }

        var (feeds, pages) = Write(output, options.GetInt("seed", 2026), options.GetInt("feeds", 40), options.GetInt("pages", 40));
        Console.Error.WriteLine($"generated {feeds} feeds and {pages} HTML documents in {output}");
        return 0;
    }

    public static (int Feeds, int Pages) Write(string output, int seed, int feedCount, int pageCount)
    {
        var random = new Random(seed);
        var feedDir = Directory.CreateDirectory(Path.Combine(output, "feeds")).FullName;
        var listDir = Directory.CreateDirectory(Path.Combine(output, "html", "lists")).FullName;
        var pageDir = Directory.CreateDirectory(Path.Combine(output, "html", "pages")).FullName;
        for (var i = 0; i < feedCount; i++)
        {
            var items = random.Next(50, 201);
            var atom = i % 2 == 1;
            var text = atom ? Atom(random, i, items) : Rss(random, i, items);
            File.WriteAllText(Path.Combine(feedDir, $"{(atom ? "atom" : "rss")}-{i:000}.xml"), text, new UTF8Encoding(false));
        }

        for (var i = 0; i < pageCount; i++)
        {
            File.WriteAllText(Path.Combine(listDir, $"list-{i:000}.html"), ListPage(random, i), new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(pageDir, $"page-{i:000}.html"), ArticlePage(random, i), new UTF8Encoding(false));
        }

        return (feedCount, pageCount * 2);
    }

    /// <summary>One large RSS 2.0 feed of <paramref name="items"/> items shaped like the corpus's (about 2.6 KB an item: fewer paragraphs than the corpus's).</summary>
    public static long WriteLargeRss(string path, int seed, int items)
    {
        File.WriteAllText(path, Rss(new Random(seed), 0, items, descriptionParagraphs: 1, contentParagraphs: 4), new UTF8Encoding(false));
        return new FileInfo(path).Length;
    }

    private static string Rss(Random random, int feed, int items, int descriptionParagraphs = 3, int contentParagraphs = 8)
    {
        var b = new StringBuilder();
        b.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel>
            """);
        b.Append(Inv($"<title>Nasjonalt cybersikkerhetssenter &#8211; varsler {feed}</title>\n"));
        b.Append(Inv($"<link>https://authority{feed}.example/aktuelt/</link>\n"));
        b.Append(Inv($"<atom:link href=\"https://authority{feed}.example/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n"));
        b.Append("<description>Råd og varsler om sårbarheter &amp; trusler</description>\n<language>nb-NO</language>\n");
        b.Append(Inv($"<lastBuildDate>{RfcDate(random)}</lastBuildDate>\n"));
        for (var i = 0; i < items; i++)
        {
            var slug = Inv($"{Words[random.Next(Words.Length)]}-{feed}-{i}");
            b.Append("<item>\n");
            b.Append(Inv($"<title>{SecurityElement.Escape(Sentence(random, 6, 14))} &amp; {Words[random.Next(Words.Length)]}</title>\n"));
            b.Append(Inv($"<link>https://authority{feed}.example/aktuelt/{Uri.EscapeDataString(slug)}?utm_source=rss&amp;utm_medium=feed</link>\n"));
            b.Append(Inv($"<guid isPermaLink=\"false\">urn:authority{feed}:{i}</guid>\n"));
            b.Append(Inv($"<pubDate>{RfcDate(random)}</pubDate>\n"));
            b.Append(Inv($"<dc:creator>{SecurityElement.Escape(Sentence(random, 2, 3))}</dc:creator>\n"));
            for (var c = random.Next(1, 4); c > 0; c--)
            {
                b.Append(Inv($"<category>{Words[random.Next(Words.Length)]}</category>\n"));
            }

            // Descriptions carry escaped HTML, as most CMS feeds do; content:encoded carries CDATA.
            b.Append("<description>").Append(SecurityElement.Escape(Html(random, 1, descriptionParagraphs))).Append("</description>\n");
            b.Append("<content:encoded><![CDATA[").Append(Html(random, Math.Min(2, contentParagraphs), contentParagraphs)).Append("]]></content:encoded>\n");
            b.Append("</item>\n");
        }

        b.Append("</channel>\n</rss>\n");
        return b.ToString();
    }

    private static string Atom(Random random, int feed, int items)
    {
        var b = new StringBuilder();
        b.Append("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
            """);
        b.Append(Inv($"<title type=\"text\">CERT-SE &#8211; aktuellt {feed}</title>\n"));
        b.Append(Inv($"<id>urn:uuid:00000000-0000-4000-8000-{feed:000000000000}</id>\n"));
        b.Append(Inv($"<link rel=\"alternate\" href=\"https://authority{feed}.example/aktuellt/\"/>\n"));
        b.Append(Inv($"<link rel=\"self\" href=\"https://authority{feed}.example/feed.atom\"/>\n"));
        b.Append(Inv($"<updated>{IsoDate(random)}</updated>\n"));
        for (var i = 0; i < items; i++)
        {
            b.Append("<entry>\n");
            b.Append(Inv($"<title type=\"html\">{SecurityElement.Escape(Sentence(random, 6, 14) + " &amp; " + Words[random.Next(Words.Length)])}</title>\n"));
            b.Append(Inv($"<id>tag:authority{feed}.example,2026:{i}</id>\n"));
            b.Append(Inv($"<link rel=\"alternate\" type=\"text/html\" href=\"/aktuellt/{feed}/{i}\"/>\n"));
            b.Append(Inv($"<published>{IsoDate(random)}</published>\n<updated>{IsoDate(random)}</updated>\n"));
            b.Append(Inv($"<author><name>{SecurityElement.Escape(Sentence(random, 2, 3))}</name></author>\n"));
            for (var c = random.Next(1, 4); c > 0; c--)
            {
                b.Append(Inv($"<category term=\"{Words[random.Next(Words.Length)]}\"/>\n"));
            }

            b.Append("<summary type=\"html\">").Append(SecurityElement.Escape(Html(random, 1, 2))).Append("</summary>\n");
            b.Append("<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">").Append(XmlSafe(Html(random, 2, 8))).Append("</div></content>\n");
            b.Append("</entry>\n");
        }

        b.Append("</feed>\n");
        return b.ToString();
    }

    private static string ListPage(Random random, int page)
    {
        var b = new StringBuilder();
        b.Append(Inv($"<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Aktuelt {page}</title><link rel=\"stylesheet\" href=\"/site.css\"><script>window.dataLayer=[];</script></head><body>"));
        b.Append(Chrome(random));
        b.Append("<main id=\"main\"><h1>Aktuelt</h1><ul class=\"news-list\">");
        var items = random.Next(20, 61);
        for (var i = 0; i < items; i++)
        {
            var day = random.Next(1, 29);
            b.Append(Inv($"<li class=\"news-item\"><article><h2 class=\"title\"><a href=\"/aktuelt/{page}-{i}?mtm_campaign=list\">{SecurityElement.Escape(Sentence(random, 5, 12))}</a></h2>"));
            b.Append(Inv($"<time class=\"date\" datetime=\"2026-{random.Next(1, 13):00}-{day:00}\">{day}. juni 2026</time>"));
            b.Append(Inv($"<p class=\"ingress\">{SecurityElement.Escape(Sentence(random, 15, 40))}</p></article></li>"));
        }

        b.Append(Inv($"</ul><nav class=\"pager\"><a rel=\"next\" href=\"?page={page + 1}\">Neste</a></nav></main>"));
        b.Append(Footer(random)).Append("</body></html>");
        return b.ToString();
    }

    private static string ArticlePage(Random random, int page)
    {
        var b = new StringBuilder();
        b.Append(Inv($"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Vägledning {page}</title><script src=\"/app.js\"></script></head><body>"));
        b.Append(Chrome(random));
        b.Append(Inv($"<main><article><h1>{SecurityElement.Escape(Sentence(random, 4, 9))}</h1><p class=\"updated\">Senast uppdaterad: {random.Next(1, 29)} mars 2026</p>"));
        for (var s = random.Next(4, 12); s > 0; s--)
        {
            b.Append(Inv($"<h2>{SecurityElement.Escape(Sentence(random, 3, 7))}</h2>")).Append(Html(random, 2, 6));
            b.Append("<table><tr><th>Åtgärd</th><th>Ansvar</th></tr>");
            for (var r = random.Next(2, 6); r > 0; r--)
            {
                b.Append(Inv($"<tr><td>{Sentence(random, 3, 8)}</td><td>{Words[random.Next(Words.Length)]}</td></tr>"));
            }

            b.Append("</table>");
        }

        b.Append("</article></main>").Append(Footer(random)).Append("</body></html>");
        return b.ToString();
    }

    private static string Chrome(Random random)
    {
        var b = new StringBuilder("<div class=\"cookie-banner\">Vi bruker informasjonskapsler.</div><header><nav><ul>");
        for (var i = 0; i < 25; i++)
        {
            b.Append(Inv($"<li><a href=\"/meny/{i}\">{Words[random.Next(Words.Length)]}</a></li>"));
        }

        return b.Append("</ul></nav></header>").ToString();
    }

    private static string Footer(Random random) =>
        Inv($"<footer><p>{SecurityElement.Escape(Sentence(random, 20, 40))}</p><p>&copy; 2026 &nbsp;Myndigheten</p></footer>");

    private static string Html(Random random, int minParagraphs, int maxParagraphs)
    {
        var b = new StringBuilder();
        for (var p = random.Next(minParagraphs, maxParagraphs + 1); p > 0; p--)
        {
            b.Append("<p>").Append(Sentence(random, 20, 60));
            b.Append(Inv($" Les mer i <a href=\"https://www.example.no/rad/{random.Next(10_000)}\">veiledningen</a> &#8211; &laquo;{Words[random.Next(Words.Length)]}&raquo;."));
            if (random.Next(4) == 0)
            {
                b.Append("<ul><li><strong>CVE-2026-").Append(random.Next(1000, 99_999).ToString(CultureInfo.InvariantCulture)).Append("</strong> &ndash; kritisk</li><li>Oppdater nå</li></ul>");
            }

            b.Append("</p>");
        }

        return b.ToString();
    }

    private static string Sentence(Random random, int min, int max)
    {
        var count = random.Next(min, max + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Words[random.Next(Words.Length)];
        }

        return string.Join(' ', words);
    }

    private static string RfcDate(Random random)
    {
        var date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 1_200_000));
        // The variants real feeds write: one-digit days, no seconds, no weekday, named zones.
        return random.Next(4) switch
        {
            0 => date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " " + Zones[random.Next(Zones.Length)],
            1 => date.ToString("ddd, d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + Zones[random.Next(Zones.Length)],
            2 => date.ToString("d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000",
            _ => date.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " GMT",
        };
    }

    private static string IsoDate(Random random)
    {
        var date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 72_000_000));
        return random.Next(3) switch
        {
            0 => date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            1 => date.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            _ => date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
    }

    // Inline XHTML is XML: HTML's named entities must become numeric there.
    private static string XmlSafe(string html) =>
        html.Replace("&laquo;", "&#171;", StringComparison.Ordinal).Replace("&raquo;", "&#187;", StringComparison.Ordinal).Replace("&ndash;", "&#8211;", StringComparison.Ordinal);

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
