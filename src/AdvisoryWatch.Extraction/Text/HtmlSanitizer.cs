using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>An allow-list sanitiser, and plain-text derivation.</summary>
/// <remarks>
/// The sanitiser never patches the input: it reads it as a browser would and writes a new document
/// holding only allowed elements and attributes, with every text and attribute value escaped. It
/// streams over the tokens (<see cref="StreamingSanitizer"/>) and builds AngleSharp's DOM only for
/// the rare markup whose extent the stream cannot be sure of (a form, a select, broken markup inside
/// a dropped element); both write the same output. Raw-text elements (script, style, textarea, noscript...) are never
/// written, so the output parses back to the same tree; that is what defeats mutation XSS.
/// Images are dropped (their alt text kept): a remote image tells its host who read the item and
/// when, and mail must carry no remote content.
/// </remarks>
public static class HtmlSanitizer
{
    private const int MaxDepth = 64;

    private const string BodyPrefix = "<!DOCTYPE html><html><head></head><body>";

    private static readonly HashSet<string> AllowedElements = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul",
    };

    // Dropped with everything inside: executable, embedded or form content, and foreign markup.
    private static readonly HashSet<string> DroppedElements = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
        "noembed", "noframes", "svg", "math", "head", "title", "meta", "link", "base", "form", "input", "button",
        "select", "option", "textarea", "audio", "video", "source", "track", "canvas", "map", "area", "dialog",
        "portal", "xmp", "plaintext", "param",
    };

    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "br", "hr" };

    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    };

    [ThreadStatic]
    private static HtmlParser? t_parser;

    internal static HtmlParser Parser => t_parser ??= new HtmlParser(new HtmlParserOptions
    {
        IsScripting = false,
        IsKeepingSourceReferences = false,
    });

    [ThreadStatic]
    private static HtmlParser? t_scriptingParser;

    // The sanitiser reads <noscript> as a browser with scripts enabled does, as raw text: markup
    // inside it is never markup a reader sees.
    private static HtmlParser ScriptingParser => t_scriptingParser ??= new HtmlParser(new HtmlParserOptions
    {
        IsScripting = true,
        IsKeepingSourceReferences = false,
    });

    /// <summary>Keeps only allowed elements and attributes; links made absolute and given rel="noopener noreferrer".</summary>
    public static string Sanitize(string html, Uri? baseUri)
    {
        ArgumentNullException.ThrowIfNull(html);
        // Text with nothing to read as markup: escaped and trimmed as the stream would write it.
        if (html.AsSpan().IndexOfAny(MarkupOrNewlineChars) < 0)
        {
            return Escape(html.Trim());
        }

        // Markup nested too deep to parse in reasonable time keeps its text, as plain text (the
        // stream would not mind the depth, but both paths must write the same).
        var limit = ExtractionLimits.Default.MaxDepth;
        var streamed = StreamingSanitizer.Sanitize(html, baseUri, out var nesting);
        if (streamed is not null)
        {
            return nesting > limit && Html.HtmlNesting.Exceeds(html, limit) ? Escape(PlainText.FromHtml(html)) : streamed;
        }

        return SanitizeDocument(html, baseUri);
    }

    /// <summary>The DOM path: AngleSharp's tree, walked and written; for what the stream leaves to it.</summary>
    internal static string SanitizeDocument(string html, Uri? baseUri)
    {
        if (Html.HtmlNesting.Exceeds(html, ExtractionLimits.Default.MaxDepth))
        {
            return Escape(PlainText.FromHtml(html));
        }

        // Read as the content of a body, as the stream reads it (and as a page shows it): a leading
        // <noscript> or <title> is then body content, not the head's.
        using var document = ScriptingParser.ParseDocument(string.Concat(BodyPrefix, html));
        var output = new StringBuilder(html.Length);
        if (document.Body is { } body)
        {
            WriteSanitized(body, baseUri, output);
        }

        return output.ToString().Trim();
    }

    /// <summary>Decoded plain text of an HTML fragment or entity-escaped text, whitespace collapsed.</summary>
    public static string ToPlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return html.AsSpan().IndexOfAny('<', '&') < 0 ? CollapseWhitespace(html) : PlainText.FromHtml(html);
    }

    /// <summary>
    /// The text of an element with block structure kept as line breaks, so that a line diff of two
    /// versions shows what changed; whitespace within a line collapsed, blank lines removed.
    /// </summary>
    public static string TextOf(INode root, bool keepLines)
    {
        ArgumentNullException.ThrowIfNull(root);
        var builder = new StringBuilder();
        var stack = new Stack<(INode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node is IText text)
            {
                builder.Append(text.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (DroppedElements.Contains(name))
            {
                continue;
            }

            var block = BlockElements.Contains(name);
            if (exit)
            {
                if (block)
                {
                    builder.Append('\n');
                }

                continue;
            }

            if (block)
            {
                builder.Append('\n');
            }

            if (name == "img" && element.GetAttribute("alt") is { Length: > 0 } alt)
            {
                builder.Append(' ').Append(alt).Append(' ');
            }

            stack.Push((node, true));
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false));
            }
        }

        return keepLines ? NormaliseLines(builder.ToString()) : builder.ToString();
    }

    /// <summary>Collapses runs of whitespace (including no-break spaces) to one space and trims.</summary>
    public static string CollapseWhitespace(ReadOnlySpan<char> text)
    {
        // Most fields need nothing done: no allocation beyond the string itself.
        if (text.IndexOfAny(PlainText.SpaceOrControl) < 0)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        while (!text.IsEmpty)
        {
            var stop = text.IndexOfAny(PlainText.SpaceOrControl);
            if (stop != 0)
            {
                PlainText.AppendRun(builder, stop < 0 ? text : text[..stop], ref pendingSpace);
                if (stop < 0)
                {
                    break;
                }
            }

            // Whitespace and controls: a space is written before the next text, never at the edges.
            pendingSpace = builder.Length > 0;
            text = text[(stop + 1)..];
        }

        return builder.ToString();
    }

    private static string NormaliseLines(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = CollapseWhitespace(text.AsSpan()[range]);
            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(line);
        }

        return builder.ToString();
    }

    private static void WriteSanitized(IElement root, Uri? baseUri, StringBuilder output)
    {
        var stack = new Stack<(INode Node, bool Exit, bool Written)>();
        for (var child = root.LastChild; child is not null; child = child.PreviousSibling)
        {
            stack.Push((child, false, false));
        }

        var depth = 0;
        var preContentAt = -1;
        while (stack.Count > 0)
        {
            var (node, exit, written) = stack.Pop();
            if (exit)
            {
                if (written)
                {
                    output.Append("</").Append(((IElement)node).LocalName).Append('>');
                    depth--;
                }

                continue;
            }

            if (node is IText text)
            {
                var at = output.Length;
                AppendSanitizedText(output, text.Data);
                KeepLeadingNewline(output, at, preContentAt);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (DroppedElements.Contains(name) || element.NamespaceUri != AngleSharp.Dom.NamespaceNames.HtmlUri)
            {
                continue;
            }

            if (name == "img")
            {
                if (element.GetAttribute("alt") is { Length: > 0 } alt)
                {
                    var at = output.Length;
                    AppendSanitizedText(output, alt);
                    KeepLeadingNewline(output, at, preContentAt);
                }

                continue;
            }

            // Beyond the depth cap, and for harmless elements not on the list, keep the content and
            // drop the element: text is never lost, structure is bounded.
            var write = AllowedElements.Contains(name) && depth < MaxDepth;
            if (write)
            {
                WriteStartTag(element, name, baseUri, output);
                if (name == "pre")
                {
                    preContentAt = output.Length;
                }

                if (VoidElements.Contains(name))
                {
                    continue;
                }

                depth++;
            }

            stack.Push((node, true, write));
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false, false));
            }
        }
    }

    /// <summary>
    /// A reader drops the newline right after &lt;pre&gt;: when a pre's content starts with one,
    /// another is written before it so that reading the output back keeps it (and sanitising the
    /// output again gives the same output).
    /// </summary>
    internal static void KeepLeadingNewline(StringBuilder output, int textStart, int preContentAt)
    {
        if (textStart == preContentAt && output.Length > textStart && output[textStart] == '\n')
        {
            output.Insert(textStart, '\n');
        }
    }

    private static void WriteStartTag(IElement element, string name, Uri? baseUri, StringBuilder output)
    {
        output.Append('<').Append(name);
        foreach (var attribute in element.Attributes)
        {
            var value = attribute.Value;
            switch (attribute.LocalName)
            {
                case "title" or "lang":
                    WriteAttribute(output, attribute.LocalName, value);
                    break;
                case "datetime" when name is "time" or "del" or "ins":
                    WriteAttribute(output, "datetime", value);
                    break;
                case "colspan" or "rowspan" when name is "td" or "th" && IsSmallNumber(value):
                    WriteAttribute(output, attribute.LocalName, value);
                    break;
                case "start" when name == "ol" && IsSmallNumber(value):
                    WriteAttribute(output, "start", value);
                    break;
                case "href" when name == "a" && SafeLink(value, baseUri) is { } href:
                    WriteAttribute(output, "href", href);
                    break;
                case "cite" when name is "blockquote" or "q" && SafeLink(value, baseUri) is { } cite && !cite.StartsWith("mailto:", StringComparison.Ordinal):
                    WriteAttribute(output, "cite", cite);
                    break;
                default:
                    break;
            }
        }

        if (name == "a")
        {
            output.Append(" rel=\"noopener noreferrer\"");
        }

        output.Append('>');
    }

    internal static string? SafeLink(string value, Uri? baseUri)
    {
        // As a browser reads a URL: leading and trailing controls and spaces dropped, and tabs and
        // newlines removed anywhere, so "jav&#x09;ascript:" and "&#14;javascript:" are javascript:.
        var start = value.AsSpan().IndexOfAnyExcept(ControlsAndSpace);
        var trimmed = start < 0 ? string.Empty : value[start..(value.AsSpan().LastIndexOfAnyExcept(ControlsAndSpace) + 1)];
        if (trimmed.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
        {
            trimmed = trimmed.Replace("\t", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
        }

        if (trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed;
        }

        // Most links are already what Uri would write: building one costs a quarter of sanitising.
        if (Urls.UrlNormalizer.IsCanonicalWebUrl(trimmed))
        {
            return trimmed;
        }

        return Urls.UrlNormalizer.Resolve(trimmed, baseUri)?.AbsoluteUri;
    }

    internal static bool IsSmallNumber(string value) =>
        value.Length is > 0 and <= 3 && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    internal static void WriteAttribute(StringBuilder output, string name, string value)
    {
        output.Append(' ').Append(name).Append("=\"");
        AppendSanitizedText(output, value);
        output.Append('"');
    }

    /// <summary>Escapes the five characters that matter in HTML text and attributes; nothing else, so æøå stay readable.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(EscapedChars) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> MarkupOrNewlineChars = System.Buffers.SearchValues.Create("<&\r\0");

    private static readonly System.Buffers.SearchValues<char> ControlsAndSpace = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x21).Select(c => (char)c)));

    private static readonly System.Buffers.SearchValues<char> EscapedChars = System.Buffers.SearchValues.Create("&<>\"'");

    private static readonly System.Buffers.SearchValues<char> EscapedOrReturnChars = System.Buffers.SearchValues.Create("&<>\"'\r");

    internal static void AppendEscaped(StringBuilder output, string text) => AppendEscaped(output, text.AsSpan());

    internal static void AppendEscaped(StringBuilder output, ReadOnlySpan<char> span) => AppendEscaped(output, span, EscapedChars);

    /// <summary>
    /// Text for sanitised output: as <see cref="AppendEscaped(StringBuilder, string)"/>, and a
    /// carriage return (only a reference such as &amp;#13; yields one) written as a reference, since
    /// a reader turns a raw one into a newline.
    /// </summary>
    internal static void AppendSanitizedText(StringBuilder output, ReadOnlySpan<char> span) => AppendEscaped(output, span, EscapedOrReturnChars);

    private static void AppendEscaped(StringBuilder output, ReadOnlySpan<char> span, System.Buffers.SearchValues<char> stops)
    {
        while (true)
        {
            var next = span.IndexOfAny(stops);
            if (next < 0)
            {
                output.Append(span);
                return;
            }

            output.Append(span[..next]);
            output.Append(span[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\r' => "&#13;",
                _ => "&#39;",
            });
            span = span[(next + 1)..];
        }
    }
}
