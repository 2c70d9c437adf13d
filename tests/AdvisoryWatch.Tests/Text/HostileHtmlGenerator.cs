using System.Text;

namespace AdvisoryWatch.Tests.Text;

/// <summary>
/// Deterministic hostile HTML fragments: known mutation-XSS strings, and random compositions of
/// nested and broken markup, entity tricks, SVG/MathML namespace confusion, comments, CDATA,
/// raw-text elements, unclosed tags and attribute quoting tricks.
/// </summary>
internal static class HostileHtmlGenerator
{
    /// <summary>Published sanitiser bypasses and parser differentials, written out by hand.</summary>
    public static readonly string[] Known =
    [
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;\">",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
        "<math><style><img src=x onerror=alert(1)></style></math>",
        "<svg><foreignObject><p>text</p></foreignObject></svg>after",
        "<math><annotation-xml encoding=\"text/html\"><style><img src=x onerror=alert(1)></style></annotation-xml></math>",
        "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>after",
        "<![CDATA[<img src=x onerror=alert(1)>]]>",
        "<script><!--<script></script>alert(1)</script>after",
        "<script><!--<script>x</script>--></script>after",
        "<script>a</scriptx>b</script>after",
        "<style></style ><img src=x onerror=alert(1)>",
        "<title><img src=x onerror=alert(1)></title>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<iframe><img src=x onerror=alert(1)></iframe>",
        "<noembed><img src=x onerror=alert(1)></noembed>",
        "<noframes><img src=x onerror=alert(1)></noframes>",
        "<plaintext><img src=x onerror=alert(1)>",
        "<template><img src=x onerror=alert(1)></template>after",
        "<template><template></template><script>alert(1)</script></template>after",
        "<!--><img src=x onerror=alert(1)>-->",
        "<!---><img src=x onerror=alert(1)>-->",
        "<!-- --!><img src=x onerror=alert(1)>-->",
        "<!-- <!-- --><img src=x onerror=alert(1)>",
        "<?xml ><img src=x onerror=alert(1)>?>",
        "</x ><img src=x onerror=alert(1)>",
        "</ x><img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\" &#14;javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=javascript:alert(1)//>x</a>",
        "<a href='https://ok.example/' href='javascript:alert(1)'>x</a>",
        "<a href='javascript:alert(1)' href='https://ok.example/'>x</a>",
        "<a title=\"a\"href=\"https://ok.example/\">x</a>",
        "<a/href=\"https://ok.example/\">x</a>",
        "<p title='&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;'>x</p>",
        "<img src=x alt='\"><script>alert(1)</script>'>",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
        "<select><option><script>alert(1)</script></option></select>after",
        "<select><template><img src=x onerror=alert(1)></template></select>",
        "<table><form><input></form><tr><td>x</td></tr></table>",
        "<p><b>x</p><form>y</form>z",
        "<noscript><style></noscript><img src=x onerror=alert(1)>",
        "<object><param name=x value=y><embed src=x>fallback</object>after",
        "<button><button>x</button>y</button>after",
        "<svg/><p>after</p>",
        "<svg><desc><b></svg>z",
        "<svg><title><script>alert(1)</script></title></svg>after",
        "<math><mi><mglyph><svg><mtext><textarea><a title=\"</textarea><img src=x onerror=alert(1)>\">",
        "<div><svg><font color=red>broke out</font></svg></div>",
        "<DIV ONCLICK=alert(1)>x</DIV>",
        "<scr\u0130pt>alert(1)</scr\u0130pt>",
        "<\u017Fcript>alert(1)</\u017Fcript>",
        "<a href=\"https://ok.example/\u0000\">x\u0000y</a>",
        "<pre>\nfirst line</pre>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "<p>a &notin; b &not c &ampx &amp;amp; &#x110000; &#0; &#x80;</p>",
    ];

    private static readonly string[] Allowed =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em", "figure", "h2", "hr",
        "i", "ins", "li", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "table", "tbody", "td", "th", "time", "tr", "u", "ul",
    ];

    private static readonly string[] Dropped =
    [
        "script", "style", "template", "iframe", "object", "embed", "applet", "noscript", "noembed", "noframes", "svg", "math", "title",
        "meta", "link", "base", "form", "input", "button", "select", "option", "textarea", "audio", "video", "source", "canvas", "map",
        "dialog", "xmp", "plaintext", "param", "img", "image",
    ];

    private static readonly string[] Other =
    [
        "article", "section", "font", "center", "custom-x", "foo:bar", "nobr", "listing", "head", "body", "html", "frameset", "frame",
        "foreignObject", "desc", "mtext", "mi", "annotation-xml", "mglyph", "malignmark", "path", "g", "isindex", "marquee", "label",
    ];

    private static readonly string[] AttributeNames =
    [
        "href", "title", "lang", "datetime", "colspan", "rowspan", "start", "cite", "alt", "src", "onerror", "onclick", "style", "rel",
        "target", "encoding", "color", "HREF", "xlink:href", "on\u0130", "=", "\"", "'", "<", "/",
    ];

    private static readonly string[] AttributeValues =
    [
        "https://ok.example/a?b=1&c=2", "/relative", "javascript:alert(1)", "JaVaScRiPt:alert(1)", " java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:x", "mailto:a@b.example", "&#106;avascript:alert(1)", "text/html",
        "alert(1)", "2", "999", "2024-05-01", "x\"><img src=x onerror=alert(1)>", "</noscript><img src=x onerror=alert(1)>",
        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&not=1&amp;x", "red", string.Empty, "</style><script>alert(1)</script>",
    ];

    private static readonly string[] Pieces =
    [
        "ok", "Råd & tips", "alert(1)", " ", "\n", "\r\n", "\t", "<", ">", "</", "<!", "<?", "\"", "'", "=", "/", "&", "&amp;", "&lt;",
        "&#60;", "&#x3C;", "&#0;", "&#x80;", "&not", "&notin;", "&ampx", "&#1114112;", "&quot", "&#39;", "&nbsp", "&NotAReference;",
        "<!--", "-->", "--!>", "<!-->", "<!--->", "<!---->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "</>", "</ x>", "<?x?>",
        "<script>", "</script>", "<!--<script>", "<style>", "</style>", "\u0000", "\u017F", "&Tab;", "&NewLine;",
    ];

    /// <summary>A fragment made of 1 to 30 random pieces.</summary>
    public static string Next(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(1, 31);
        for (var i = 0; i < count; i++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    StartTag(random, builder, Pick(random, random.Next(3) switch { 0 => Allowed, 1 => Dropped, _ => Other }));
                    break;
                case 3 or 4:
                    builder.Append("</").Append(Pick(random, random.Next(3) switch { 0 => Allowed, 1 => Dropped, _ => Other })).Append(random.Next(8) == 0 ? " x=\">\"" : string.Empty).Append('>');
                    break;
                case 5:
                    builder.Append(Pick(random, Known));
                    break;
                default:
                    builder.Append(Pick(random, Pieces));
                    break;
            }
        }

        return builder.ToString();
    }

    private static void StartTag(Random random, StringBuilder builder, string name)
    {
        builder.Append('<').Append(random.Next(6) == 0 ? name.ToUpperInvariant() : name);
        var attributes = random.Next(4);
        for (var i = 0; i < attributes; i++)
        {
            builder.Append(random.Next(8) == 0 ? "/" : " ").Append(Pick(random, AttributeNames));
            if (random.Next(5) == 0)
            {
                continue;
            }

            var value = Pick(random, AttributeValues);
            builder.Append(random.Next(6) == 0 ? " = " : "=");
            switch (random.Next(4))
            {
                case 0:
                    builder.Append(value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(">", string.Empty, StringComparison.Ordinal));
                    break;
                case 1:
                    builder.Append('\'').Append(value.Replace("'", string.Empty, StringComparison.Ordinal)).Append('\'');
                    break;
                default:
                    builder.Append('"').Append(value.Replace("\"", string.Empty, StringComparison.Ordinal)).Append('"');
                    break;
            }
        }

        builder.Append(random.Next(8) == 0 ? "/>" : ">");
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
