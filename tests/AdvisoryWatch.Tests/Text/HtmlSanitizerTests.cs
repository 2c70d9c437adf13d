using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Tests.Text;

public class HtmlSanitizerTests
{
    private static readonly Uri Base = new("https://www.cert.se/2024/05/");

    [Theory]
    [InlineData("<script>alert(1)</script><p>ok</p>")]
    [InlineData("<p onclick=\"alert(1)\">ok</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">ok</a>")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">ok</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">ok</a>")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">ok</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe><p>ok</p>")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x\"><p>ok</p>")]
    [InlineData("<style>body{display:none}</style><p style=\"position:fixed\">ok</p>")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><p>ok</p>")]
    [InlineData("<svg onload=alert(1)><p>ok</p></svg>")]
    [InlineData("\"><img src=x onerror=alert(1)>ok")]
    [InlineData("<img srcset=\"http:a<script>alert(1)</script>\">ok")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">ok</noscript>")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>ok")]
    [InlineData("<form action=\"https://evil.example\"><input name=x><button>ok</button></form>")]
    [InlineData("<a href=\"file:///etc/passwd\">ok</a>")]
    public void Removes_everything_that_can_run_load_or_redirect(string hostile)
    {
        var clean = HtmlSanitizer.Sanitize(hostile, Base);

        // Judge the output as a browser reads it: escaped text inside an attribute is harmless.
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(clean);
        string[] allowedAttributes = ["href", "rel", "title", "lang", "datetime", "colspan", "rowspan", "start", "cite"];
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, new[] { "script", "style", "iframe", "object", "embed", "meta", "svg", "math", "img", "form", "input", "button", "noscript" });
            foreach (var attribute in element.Attributes)
            {
                Assert.Contains(attribute.LocalName, allowedAttributes);
            }

            if (element.GetAttribute("href") is { } href)
            {
                Assert.True(href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("http://", StringComparison.Ordinal), href);
            }
        }

        Assert.Empty(document.Head!.Children);
    }

    [Theory]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")]
    [InlineData("<p>a &lt;script&gt; b</p><table><tr><td>x<a href=/y>z</a></td></tr></table>")]
    [InlineData("<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">")]
    [InlineData("<ul><li>one<li>two</ul><pre>  code  </pre>")]
    public void Sanitised_output_is_stable_when_sanitised_again(string html)
    {
        var once = HtmlSanitizer.Sanitize(html, Base);
        Assert.Equal(once, HtmlSanitizer.Sanitize(once, Base));
    }

    [Theory]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">ok</a>")]
    [InlineData("<a href=\"java\nscript:alert(1)\">ok</a>")]
    [InlineData("<a href=\" &#14;javascript:alert(1)\">ok</a>")]
    public void A_link_a_browser_reads_as_javascript_is_dropped_not_made_relative(string hostile)
    {
        Assert.Equal("<a rel=\"noopener noreferrer\">ok</a>", HtmlSanitizer.Sanitize(hostile, Base));
    }

    [Fact]
    public void Makes_links_absolute_and_gives_them_noopener_noreferrer()
    {
        var clean = HtmlSanitizer.Sanitize("<p>See <a href=\"/nyheter/1\" target=\"_blank\">this</a></p>", Base);
        Assert.Equal("<p>See <a href=\"https://www.cert.se/nyheter/1\" rel=\"noopener noreferrer\">this</a></p>", clean);
    }

    [Fact]
    public void Keeps_allowed_structure_and_escapes_text()
    {
        var clean = HtmlSanitizer.Sanitize("<h2>Råd</h2><p>Bruk <strong>ikke</strong> &amp; <em>aldri</em> 1 &lt; 2</p><ul><li>TikTok</li></ul>", null);
        Assert.Equal("<h2>Råd</h2><p>Bruk <strong>ikke</strong> &amp; <em>aldri</em> 1 &lt; 2</p><ul><li>TikTok</li></ul>", clean);
    }

    [Fact]
    public void Replaces_images_by_their_alt_text_so_nothing_remote_is_loaded()
    {
        Assert.Equal("<p>Logo NSM</p>", HtmlSanitizer.Sanitize("<p><img src=\"https://nsm.no/logo.png\" alt=\"Logo NSM\"></p>", Base));
    }

    [Fact]
    public void Bounds_deep_nesting_without_losing_text()
    {
        var deep = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "bottom" + string.Concat(Enumerable.Repeat("</div>", 10_000));
        var clean = HtmlSanitizer.Sanitize(deep, null);
        Assert.Contains("bottom", clean, StringComparison.Ordinal);
        Assert.True(clean.Length < 2_000, "nesting beyond the cap is flattened");
    }

    [Theory]
    [InlineData("Plain   title\n with  breaks", "Plain title with breaks")]
    [InlineData("Sikkerhet i Kj&oslash;ret&oslash;y&nbsp;og b&aring;t", "Sikkerhet i Kjøretøy og båt")]
    [InlineData("&lt;p&gt;Blixtmeddelande: &lt;b&gt;kritisk&lt;/b&gt; s&aring;rbarhet&lt;/p&gt;", "Blixtmeddelande: kritisk sårbarhet")]
    [InlineData("<p>One</p><p>Two<br>three</p><script>x()</script>", "One Two three")]
    [InlineData("AT&amp;T &lt; 3", "AT&T < 3")]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    public void Plain_text_is_decoded_with_whitespace_collapsed(string input, string expected)
    {
        Assert.Equal(expected, HtmlSanitizer.ToPlainText(input));
    }
}
