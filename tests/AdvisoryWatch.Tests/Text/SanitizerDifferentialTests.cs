using System.Diagnostics;
using System.Text.RegularExpressions;
using AdvisoryWatch.Extraction.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AdvisoryWatch.Tests.Text;

/// <summary>
/// Our sanitiser against Ganss's HtmlSanitizer (a DOM sanitiser over AngleSharp) configured with the
/// same allow-list and the same drop rules, over generated hostile fragments: nothing ours lets
/// through may be something it strips. Both outputs are read back with AngleSharp and compared as
/// sets: elements, element/attribute pairs, link schemes and hosts, and the characters of the text.
/// </summary>
public sealed partial class SanitizerDifferentialTests(ITestOutputHelper output)
{
    private const int GeneratedCount = 20_000;

    private static readonly Uri Base = new("https://www.cert.se/2024/05/");

    private static readonly string[] AllowedElements =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul",
    ];

    // Dropped with everything inside, on both sides.
    private static readonly HashSet<string> DroppedElements = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "iframe", "frame", "object", "embed", "applet", "noscript", "noembed", "noframes", "svg", "math",
        "title", "meta", "link", "base", "form", "input", "button", "select", "option", "textarea", "audio", "video", "source", "track",
        "canvas", "map", "area", "dialog", "portal", "xmp", "plaintext", "param",
    };

    private static readonly string[] AllowedAttributes = ["href", "title", "lang", "datetime", "colspan", "rowspan", "start", "cite"];

    private static readonly HtmlParser Reader = new();

    [Fact]
    public void Nothing_ours_lets_through_is_something_a_DOM_sanitiser_strips()
    {
        var reference = Reference();
        var random = new Random(2026);
        var fragments = HostileHtmlGenerator.Known.Concat(Enumerable.Range(0, GeneratedCount).Select(_ => HostileHtmlGenerator.Next(random))).ToList();
        var failures = new List<string>();
        var streamed = 0;
        foreach (var fragment in fragments)
        {
            if (StreamingSanitizer.Sanitize(fragment, Base, out _) is not null)
            {
                streamed++;
            }

            var ours = HtmlSanitizer.Sanitize(fragment, Base);
            var theirs = reference.Sanitize(fragment, Base.AbsoluteUri);
            var problem = Violation(ours, theirs);
            if (problem is not null && failures.Count < 20)
            {
                failures.Add($"{problem}\n  input:  {Show(fragment)}\n  ours:   {Show(ours)}\n  theirs: {Show(theirs)}");
            }
        }

        output.WriteLine($"{fragments.Count} fragments, {streamed} sanitised by the stream, {fragments.Count - streamed} through the DOM");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);

        // The comparison must have exercised the stream, not only the DOM fallback.
        Assert.True(streamed > fragments.Count / 2, $"only {streamed} of {fragments.Count} streamed");
    }

    [Fact]
    public void Generated_hostile_fragments_never_crash_never_hang_and_come_out_balanced_and_stable()
    {
        var random = new Random(7);
        var watch = Stopwatch.StartNew();
        var inputs = HostileHtmlGenerator.Known.Concat(Enumerable.Range(0, 5_000).Select(_ => HostileHtmlGenerator.Next(random)))
            .Concat(Enumerable.Range(0, 200).Select(_ => RandomMarkup(random, 20_000)));
        foreach (var input in inputs)
        {
            var once = HtmlSanitizer.Sanitize(input, Base);
            Assert.True(IsBalanced(once), $"unbalanced output {Show(once)} for {Show(input)}");
            Assert.Equal(once, HtmlSanitizer.Sanitize(once, Base));
        }

        // A generous bound that only a hang (or quadratic blow-up) can break.
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Pathological_inputs_stay_linear()
    {
        string[] inputs =
        [
            string.Concat(Enumerable.Repeat("<script><!--<script>", 20_000)),
            string.Concat(Enumerable.Repeat("<!--", 50_000)),
            string.Concat(Enumerable.Repeat("<a title='", 50_000)),
            string.Concat(Enumerable.Repeat("&ampampampampampampampampampampamp", 20_000)),
            "<p " + string.Concat(Enumerable.Repeat("href=x ", 100_000)) + ">",
            string.Concat(Enumerable.Repeat("<noscript><b>", 20_000)),
            string.Concat(Enumerable.Repeat("<svg><g>", 20_000)),
            string.Concat(Enumerable.Repeat("</p></div></b>", 50_000)),
        ];
        var watch = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            var clean = HtmlSanitizer.Sanitize(input, Base);
            Assert.True(IsBalanced(clean));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("<p>Les <b>mer</b> &amp; <i>se</i> <a href=\"/x\">her</a></p><ul><li>en</li></ul>")]
    [InlineData("<p><noscript><img src=\"https://t.example/p.gif\"></noscript>Tekst</p>")]
    [InlineData("<p><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><title>Ikon</title></svg>Tekst</p>")]
    [InlineData("<figure><video controls><source src=\"v.mp4\">Ingen video</video><figcaption>Bilde</figcaption></figure>")]
    [InlineData("<p>Før<script>track()</script><style>p{}</style><iframe src=\"https://e.example\"></iframe> etter</p>")]
    public void Common_feed_markup_is_sanitised_by_the_stream_as_the_DOM_would(string html)
    {
        var streamed = StreamingSanitizer.Sanitize(html, Base, out _);

        Assert.NotNull(streamed);
        Assert.Equal(HtmlSanitizer.SanitizeDocument(html, Base), streamed);
    }

    [Theory]
    [InlineData("<script><!--<script></script>alert(1)</script>after", "after")]
    [InlineData("<!--><b>x</b>", "<b>x</b>")]
    [InlineData("<!-- --!><b>x</b>", "<b>x</b>")]
    [InlineData("<a title='&ampx=1&amp=2&not' href='https://a.example/?a=1&not=2'>x</a>", "<a title=\"&amp;ampx=1&amp;amp=2¬\" href=\"https://a.example/?a=1&amp;not=2\" rel=\"noopener noreferrer\">x</a>")]
    [InlineData("a &notit; &#x80; &#0; b", "a ¬it; € \uFFFD b")]
    [InlineData("<svg><![CDATA[</svg><b>x</b>]]></svg>after", "after")]
    [InlineData("<pre>\nline</pre>", "<pre>line</pre>")]
    [InlineData("<a href='https://a.example/' href='javascript:x'>x</a>", "<a href=\"https://a.example/\" rel=\"noopener noreferrer\">x</a>")]
    [InlineData("<a href='javascript:x' href='https://a.example/'>x</a>", "<a rel=\"noopener noreferrer\">x</a>")]
    [InlineData("<\u017Ftrong>x</\u017Ftrong>", "&lt;\u017Ftrong&gt;x")]
    public void The_stream_reads_tokens_as_a_browser_does(string html, string expected)
    {
        Assert.Equal(expected, StreamingSanitizer.Sanitize(html, Base, out _));
    }

    private static Ganss.Xss.HtmlSanitizer Reference()
    {
        var sanitizer = new Ganss.Xss.HtmlSanitizer(new Ganss.Xss.HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedElements, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "cite"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        })
        {
            KeepChildNodes = true,
        };

        // Ours drops these with their content, replaces an image by its alt text, and unwraps the rest.
        sanitizer.RemovingTag += (_, e) =>
        {
            var tag = e.Tag;
            if (DroppedElements.Contains(tag.LocalName) || tag.NamespaceUri != NamespaceNames.HtmlUri)
            {
                e.Cancel = true;
                tag.Remove();
            }
            else if (tag.LocalName == "img")
            {
                e.Cancel = true;
                var alt = tag.GetAttribute("alt") ?? string.Empty;
                if (tag.Parent is not null)
                {
                    tag.Replace(tag.Owner!.CreateTextNode(alt));
                }
            }
        };
        return sanitizer;
    }

    private static string? Violation(string ours, string theirs)
    {
        using var oursDocument = Reader.ParseDocument("<!DOCTYPE html><html><body>" + ours);
        using var theirsDocument = Reader.ParseDocument("<!DOCTYPE html><html><body>" + theirs);
        var ourBody = oursDocument.Body!;
        var theirBody = theirsDocument.Body!;

        // The absolute rules first.
        foreach (var element in ourBody.QuerySelectorAll("*"))
        {
            if (!AllowedElements.Contains(element.LocalName) || element.NamespaceUri != NamespaceNames.HtmlUri)
            {
                return $"element <{element.LocalName}> is not allowed";
            }

            foreach (var attribute in element.Attributes)
            {
                if (attribute.LocalName == "rel" ? attribute.Value != "noopener noreferrer" : !AllowedAttributes.Contains(attribute.LocalName))
                {
                    return $"attribute {attribute.LocalName} on <{element.LocalName}> is not allowed";
                }

                if (attribute.LocalName is "href" or "cite" && !(Uri.TryCreate(attribute.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto"))
                {
                    return $"link {attribute.Value} is not http, https or mailto";
                }
            }
        }

        // Then: nothing beyond what the reference keeps.
        var theirElements = theirBody.QuerySelectorAll("*").Select(e => e.LocalName).ToHashSet(StringComparer.Ordinal);
        var theirAttributes = theirBody.QuerySelectorAll("*").SelectMany(e => e.Attributes.Select(a => $"{e.LocalName}@{a.LocalName}")).ToHashSet(StringComparer.Ordinal);
        var theirLinks = Links(theirBody).ToHashSet(StringComparer.Ordinal);
        foreach (var element in ourBody.QuerySelectorAll("*"))
        {
            if (!theirElements.Contains(element.LocalName))
            {
                return $"<{element.LocalName}> where the reference has none";
            }

            foreach (var attribute in element.Attributes.Where(a => a.LocalName != "rel"))
            {
                if (!theirAttributes.Contains($"{element.LocalName}@{attribute.LocalName}"))
                {
                    return $"{attribute.LocalName} on <{element.LocalName}> where the reference has none";
                }
            }
        }

        if (Links(ourBody).FirstOrDefault(link => !theirLinks.Contains(link)) is { } extraLink)
        {
            return $"a link to {extraLink} the reference does not keep";
        }

        var theirCharacters = Characters(theirBody.TextContent);
        foreach (var (c, count) in Characters(ourBody.TextContent))
        {
            if (theirCharacters.GetValueOrDefault(c) < count)
            {
                return $"text character '{c}' (U+{(int)c:X4}) {count} times, the reference {theirCharacters.GetValueOrDefault(c)}";
            }
        }

        return null;
    }

    private static IEnumerable<string> Links(IElement body) =>
        body.QuerySelectorAll("[href], [cite]")
            .SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("cite") })
            .OfType<string>()
            .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}" : $"unparsed:{value}");

    private static Dictionary<char, int> Characters(string text)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        return counts;
    }

    /// <summary>Every element our output opens is closed, in order (br and hr stand alone).</summary>
    private static bool IsBalanced(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in TagPattern().Matches(html))
        {
            var name = tag.Groups[2].Value;
            if (name is "br" or "hr")
            {
                continue;
            }

            if (tag.Groups[1].Value.Length == 0)
            {
                open.Push(name);
            }
            else if (open.Count == 0 || open.Pop() != name)
            {
                return false;
            }
        }

        return open.Count == 0;
    }

    private static string RandomMarkup(Random random, int length)
    {
        const string alphabet = "<<<>>//!!--=\"\"''&&;#xX[]?abcdefghilmnoprstuvwxyz0123456789 \n\t\u0000";
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    private static string Show(string text) => text.Length <= 400 ? text.ReplaceLineEndings("\\n") : text[..400].ReplaceLineEndings("\\n") + "…";

    [GeneratedRegex("<(/?)([a-z0-9]+)[^>]*>")]
    private static partial Regex TagPattern();
}
