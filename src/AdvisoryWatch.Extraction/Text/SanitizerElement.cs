namespace AdvisoryWatch.Extraction.Text;

/// <summary>What the streaming sanitiser needs to know about an HTML element name.</summary>
internal sealed class SanitizerElement
{
    private static readonly Dictionary<string, SanitizerElement> ByName = Build();

    private static readonly Dictionary<string, SanitizerElement>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    private SanitizerElement(string name, Traits traits, Content content, Dropping drop)
    {
        Name = name;
        Is = traits;
        ContentModel = content;
        Drop = drop;
    }

    [Flags]
    public enum Traits
    {
        None = 0,

        /// <summary>Written to the output (with its allowed attributes).</summary>
        Allowed = 1,

        /// <summary>Has no end tag and holds nothing.</summary>
        Void = 2,

        /// <summary>HTML's "special" category: an end tag for another element never closes it implicitly.</summary>
        Special = 4,

        /// <summary>Tags the tree builder ignores inside a body (html, head, body, frameset).</summary>
        Ignored = 8,

        /// <summary>A start tag that ends foreign (SVG, MathML) content.</summary>
        BreaksOutOfForeign = 16,

        /// <summary>The newline right after its start tag is not content.</summary>
        SkipsLeadingNewline = 32,

        Heading = 64,
    }

    /// <summary>How the tokenizer reads what follows the start tag.</summary>
    public enum Content
    {
        Markup,
        RawText,
        ReplaceableText,
        ScriptData,
        PlainText,
    }

    /// <summary>How a dropped element's extent is found.</summary>
    public enum Dropping
    {
        /// <summary>Not dropped with its content (written, or unwrapped).</summary>
        None,

        /// <summary>Ends at its end tag when nothing special is open inside it.</summary>
        Element,

        /// <summary>template: its end tag closes it whatever is open inside.</summary>
        Template,

        /// <summary>svg and math: foreign content with its own end-tag rules.</summary>
        Foreign,

        /// <summary>
        /// Its extent depends on tree-building state the stream does not keep (form: the form
        /// pointer and reconstructed formatting elements; select: its own insertion mode):
        /// sanitised through the DOM instead.
        /// </summary>
        NeedsDocument,
    }

    public string Name { get; }

    public Traits Is { get; }

    public Content ContentModel { get; }

    public Dropping Drop { get; }

    public bool Has(Traits trait) => (Is & trait) != 0;

    /// <summary>The element for a lower-cased tag name, or null for a name HTML does not give meaning.</summary>
    public static SanitizerElement? Find(ReadOnlySpan<char> lowerCaseName) =>
        ByNameSpan.TryGetValue(lowerCaseName, out var element) ? element : null;

    private static Dictionary<string, SanitizerElement> Build()
    {
        var table = new Dictionary<string, Traits>(StringComparer.Ordinal);
        void Add(Traits traits, params string[] names)
        {
            foreach (var name in names)
            {
                table[name] = table.GetValueOrDefault(name) | traits;
            }
        }

        // The same allow-list as the DOM path of HtmlSanitizer.
        Add(Traits.Allowed,
            "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt",
            "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
            "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
            "tfoot", "th", "thead", "time", "tr", "u", "ul");
        Add(Traits.Void,
            "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta",
            "param", "source", "track", "wbr");
        Add(Traits.Special,
            "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button", "caption",
            "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer",
            "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
            "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
            "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source", "style", "summary",
            "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp");
        Add(Traits.Ignored, "html", "head", "body", "frameset");
        Add(Traits.BreaksOutOfForeign,
            "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5",
            "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span",
            "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var");
        Add(Traits.SkipsLeadingNewline, "pre", "listing", "textarea");
        Add(Traits.Heading, "h1", "h2", "h3", "h4", "h5", "h6");

        var content = new Dictionary<string, Content>(StringComparer.Ordinal)
        {
            ["script"] = Content.ScriptData,
            ["style"] = Content.RawText,
            ["xmp"] = Content.RawText,
            ["iframe"] = Content.RawText,
            ["noembed"] = Content.RawText,
            ["noframes"] = Content.RawText,

            // As a browser with scripts enabled reads it (and as Ganss's sanitiser does): raw text.
            ["noscript"] = Content.RawText,
            ["title"] = Content.ReplaceableText,
            ["textarea"] = Content.ReplaceableText,
            ["plaintext"] = Content.PlainText,
        };

        // Dropped with everything inside: executable, embedded or form content, and foreign markup.
        // (Raw-text elements above are dropped by the tokenizer; the void ones hold nothing.)
        var drop = new Dictionary<string, Dropping>(StringComparer.Ordinal)
        {
            ["object"] = Dropping.Element,
            ["applet"] = Dropping.Element,
            ["button"] = Dropping.Element,
            ["option"] = Dropping.Element,
            ["audio"] = Dropping.Element,
            ["video"] = Dropping.Element,
            ["canvas"] = Dropping.Element,
            ["map"] = Dropping.Element,
            ["dialog"] = Dropping.Element,
            ["portal"] = Dropping.Element,
            ["template"] = Dropping.Template,
            ["svg"] = Dropping.Foreign,
            ["math"] = Dropping.Foreign,
            ["form"] = Dropping.NeedsDocument,
            ["select"] = Dropping.NeedsDocument,
        };

        foreach (var name in content.Keys.Concat(drop.Keys))
        {
            table.TryAdd(name, Traits.None);
        }

        return table.ToDictionary(
            pair => pair.Key,
            pair => new SanitizerElement(pair.Key, pair.Value, content.GetValueOrDefault(pair.Key), drop.GetValueOrDefault(pair.Key)),
            StringComparer.Ordinal);
    }
}
