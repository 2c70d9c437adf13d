namespace AdvisoryWatch.Extraction.Html;

/// <summary>
/// Estimates how deep an HTML parser will nest a document's elements, in one pass over the text
/// and before the parser runs: the tree builder's work grows with the square of the depth, so a
/// deeply nested page must be refused before it reaches it.
/// </summary>
/// <remarks>
/// Follows the parts of the HTML tree-building rules that keep real pages shallow: void elements
/// open nothing, raw-text elements hold no markup, an end tag closes what was opened after its
/// element, and the tags whose end may be left out (p, li, dd, dt, td, tr, option, ...) are closed
/// by the next one. What it does not follow errs towards a deeper count only where a parser would
/// nest too; the extraction's time budget covers the rest.
/// </remarks>
internal static class HtmlNesting
{
    private static readonly HashSet<string> Void = Set(
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr");

    private static readonly HashSet<string> RawText = Set("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes");

    // The document's own frame: a parser never nests these, however often they appear.
    private static readonly HashSet<string> Frame = Set("html", "head", "body");

    // Starting one of these closes an open paragraph.
    private static readonly HashSet<string> ClosesParagraph = Set(
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "li", "dd", "dt", "listing", "main", "menu", "nav", "ol", "p", "pre", "section",
        "summary", "table", "ul");

    // Where the search for an element to close implicitly stops.
    private static readonly HashSet<string> Scope = Set("applet", "button", "caption", "html", "marquee", "object", "table", "td", "th", "template");

    private static readonly HashSet<string> Lists = Set("ul", "ol", "menu", "dl");

    private static readonly HashSet<string> Headings = Set("h1", "h2", "h3", "h4", "h5", "h6");

    private static readonly HashSet<string> Cells = Set("td", "th");

    private static readonly HashSet<string> Definitions = Set("dd", "dt");

    private static readonly HashSet<string> Sections = Set("thead", "tbody", "tfoot");

    private static readonly HashSet<string> Foreign = Set("svg", "math");

    // What a tag name is, in one lookup for the tag being read rather than one per set above.
    private static readonly Dictionary<string, TagKind>.AlternateLookup<ReadOnlySpan<char>> Kinds = KindsByName();

    /// <summary>True when elements nest deeper than <paramref name="maxDepth"/> somewhere in <paramref name="html"/>.</summary>
    public static bool Exceeds(ReadOnlySpan<char> html, int maxDepth) => Depth(html, maxDepth) > maxDepth;

    /// <summary>
    /// The deepest nesting of elements inside the document's body (html, head and body not
    /// counted); the scan stops as soon as it goes past <paramref name="maxDepth"/>.
    /// </summary>
    internal static int Depth(ReadOnlySpan<char> html, int maxDepth)
    {
        var open = new List<(int Start, int Length)>(Math.Min(maxDepth + 1, 64));
        var deepest = 0;
        var foreign = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html[i..].IndexOf('<');
            if (lt < 0 || i + lt + 1 >= html.Length)
            {
                break;
            }

            i += lt;
            if (html[(i + 1)..].StartsWith("!--"))
            {
                var end = html[(i + 4)..].IndexOf("-->");
                i = end < 0 ? html.Length : i + 4 + end + 3;
                continue;
            }

            var closing = html[i + 1] == '/';
            var nameStart = closing ? i + 2 : i + 1;
            if (html[i + 1] is '!' or '?' || nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                // A doctype, a processing instruction or a bogus comment ends at the next '>'; a
                // '<' that starts no tag is text.
                i = html[i + 1] is '!' or '?' ? TagEnd(html, i + 2) : i + 1;
                continue;
            }

            var nameEnd = nameStart;
            while (nameEnd < html.Length && !char.IsWhiteSpace(html[nameEnd]) && html[nameEnd] is not '/' and not '>')
            {
                nameEnd++;
            }

            var name = html[nameStart..nameEnd];
            var tagEnd = TagEnd(html, nameEnd);
            var selfClosing = tagEnd < html.Length && html[tagEnd - 1] == '/';
            i = Math.Min(tagEnd + 1, html.Length);
            var kind = KindOf(name);
            if ((kind & TagKind.Frame) != 0)
            {
                continue;
            }

            if (closing)
            {
                foreign -= Close(html, open, name);
                continue;
            }

            if ((kind & TagKind.Void) != 0 || (selfClosing && foreign > 0))
            {
                continue;
            }

            if ((kind & TagKind.RawText) != 0)
            {
                i = Text.PlainText.FindEndTag(html, i, name);
                continue;
            }

            foreign -= CloseImplied(html, open, name, kind);
            open.Add((nameStart, name.Length));
            foreign += (kind & TagKind.Foreign) != 0 ? 1 : 0;
            deepest = Math.Max(deepest, open.Count);
            if (deepest > maxDepth || name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
            {
                // Past the limit, or everything after a plaintext tag is text.
                return deepest;
            }
        }

        return deepest;
    }

    // The index of the '>' ending a tag, or the end of the text. An attribute value in quotes may
    // hold a '>'; a quote anywhere else in a tag is an ordinary character, as the tokenizer reads it.
    private static int TagEnd(ReadOnlySpan<char> html, int from)
    {
        var j = from;
        while (j < html.Length)
        {
            var next = html[j..].IndexOfAny('>', '=');
            if (next < 0)
            {
                return html.Length;
            }

            j += next;
            if (html[j] == '>')
            {
                return j;
            }

            var value = j + 1;
            while (value < html.Length && char.IsWhiteSpace(html[value]))
            {
                value++;
            }

            if (value < html.Length && html[value] is '"' or '\'')
            {
                var close = html[(value + 1)..].IndexOf(html[value]);
                if (close < 0)
                {
                    return html.Length;
                }

                j = value + 1 + close;
            }

            j++;
        }

        return html.Length;
    }

    // An end tag closes its element and everything opened after it; one with no open element is ignored.
    private static int Close(ReadOnlySpan<char> html, List<(int Start, int Length)> open, ReadOnlySpan<char> name)
    {
        for (var k = open.Count - 1; k >= 0; k--)
        {
            if (NameAt(html, open[k]).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return PopTo(html, open, k);
            }
        }

        return 0;
    }

    // The end tags a start tag implies: a new paragraph, list item, cell, row, option or heading
    // closes the one before it.
    private static int CloseImplied(ReadOnlySpan<char> html, List<(int Start, int Length)> open, ReadOnlySpan<char> name, TagKind kind)
    {
        var closed = 0;
        if (kind == TagKind.None && !name.Equals("a", StringComparison.OrdinalIgnoreCase) && !name.Equals("nobr", StringComparison.OrdinalIgnoreCase))
        {
            // Most tags of a page (span, em, strong...) close nothing.
            return 0;
        }

        if ((kind & TagKind.ClosesParagraph) != 0)
        {
            closed += CloseNearest(html, open, static n => n.Equals("p", StringComparison.OrdinalIgnoreCase), static n => Is(Scope, n));
        }

        if (name.Equals("li", StringComparison.OrdinalIgnoreCase))
        {
            closed += CloseNearest(html, open, static n => n.Equals("li", StringComparison.OrdinalIgnoreCase), static n => Is(Lists, n) || Is(Scope, n));
        }
        else if ((kind & TagKind.Definition) != 0)
        {
            closed += CloseNearest(html, open, static n => Is(Definitions, n), static n => Is(Lists, n) || Is(Scope, n));
        }
        else if ((kind & TagKind.Cell) != 0)
        {
            closed += CloseNearest(html, open, static n => Is(Cells, n), static n => n.Equals("tr", StringComparison.OrdinalIgnoreCase) || n.Equals("table", StringComparison.OrdinalIgnoreCase));
        }
        else if (name.Equals("tr", StringComparison.OrdinalIgnoreCase))
        {
            closed += CloseNearest(html, open, static n => n.Equals("tr", StringComparison.OrdinalIgnoreCase), static n => Is(Sections, n) || n.Equals("table", StringComparison.OrdinalIgnoreCase));
        }
        else if (name.Equals("table", StringComparison.OrdinalIgnoreCase))
        {
            // A table straight inside a table (not in a cell) ends the first one.
            closed += CloseNearest(html, open, static n => n.Equals("table", StringComparison.OrdinalIgnoreCase), static n => Is(Cells, n) || n.Equals("caption", StringComparison.OrdinalIgnoreCase) || n.Equals("template", StringComparison.OrdinalIgnoreCase));
        }
        else if ((kind & TagKind.Section) != 0)
        {
            closed += CloseNearest(html, open, static n => Is(Sections, n), static n => n.Equals("table", StringComparison.OrdinalIgnoreCase));
        }
        else if (name.Equals("option", StringComparison.OrdinalIgnoreCase) || name.Equals("optgroup", StringComparison.OrdinalIgnoreCase))
        {
            closed += CloseNearest(html, open, static n => n.Equals("option", StringComparison.OrdinalIgnoreCase), static n => !n.Equals("option", StringComparison.OrdinalIgnoreCase));
        }
        else if (name.Equals("a", StringComparison.OrdinalIgnoreCase) || name.Equals("button", StringComparison.OrdinalIgnoreCase) || name.Equals("nobr", StringComparison.OrdinalIgnoreCase))
        {
            var same = name.ToString();
            closed += CloseNearest(html, open, n => n.Equals(same, StringComparison.OrdinalIgnoreCase), static n => Is(Scope, n));
        }

        if ((kind & TagKind.Heading) != 0 && open.Count > 0 && Is(Headings, NameAt(html, open[^1])))
        {
            closed += PopTo(html, open, open.Count - 1);
        }

        return closed;
    }

    private delegate bool NameTest(ReadOnlySpan<char> name);

    private static int CloseNearest(ReadOnlySpan<char> html, List<(int Start, int Length)> open, NameTest target, NameTest boundary)
    {
        for (var k = open.Count - 1; k >= 0; k--)
        {
            var name = NameAt(html, open[k]);
            if (target(name))
            {
                return PopTo(html, open, k);
            }

            if (boundary(name))
            {
                return 0;
            }
        }

        return 0;
    }

    // Removes the elements from index k up; returns how many foreign (svg, math) roots went with them.
    private static int PopTo(ReadOnlySpan<char> html, List<(int Start, int Length)> open, int k)
    {
        var foreign = 0;
        for (var j = k; j < open.Count; j++)
        {
            foreign += Is(Foreign, NameAt(html, open[j])) ? 1 : 0;
        }

        open.RemoveRange(k, open.Count - k);
        return foreign;
    }

    private static ReadOnlySpan<char> NameAt(ReadOnlySpan<char> html, (int Start, int Length) name) => html.Slice(name.Start, name.Length);

    private static bool Is(HashSet<string> set, ReadOnlySpan<char> name) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);

    private static TagKind KindOf(ReadOnlySpan<char> name) => Kinds.TryGetValue(name, out var kind) ? kind : TagKind.None;

    private static Dictionary<string, TagKind>.AlternateLookup<ReadOnlySpan<char>> KindsByName()
    {
        var kinds = new Dictionary<string, TagKind>(StringComparer.OrdinalIgnoreCase);
        void Mark(HashSet<string> names, TagKind kind)
        {
            foreach (var name in names)
            {
                kinds[name] = kinds.GetValueOrDefault(name) | kind;
            }
        }

        Mark(Void, TagKind.Void);
        Mark(RawText, TagKind.RawText);
        Mark(Frame, TagKind.Frame);
        Mark(ClosesParagraph, TagKind.ClosesParagraph);
        Mark(Headings, TagKind.Heading);
        Mark(Cells, TagKind.Cell);
        Mark(Definitions, TagKind.Definition);
        Mark(Sections, TagKind.Section);
        Mark(Foreign, TagKind.Foreign);

        // Named in CloseImplied: these must not take the no-kind shortcut.
        Mark(Set("li", "tr", "table", "option", "optgroup", "button"), TagKind.Implies);
        return kinds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    [Flags]
    private enum TagKind
    {
        None = 0,
        Void = 1,
        RawText = 2,
        Frame = 4,
        ClosesParagraph = 8,
        Heading = 16,
        Cell = 32,
        Definition = 64,
        Section = 128,
        Foreign = 256,
        Implies = 512,
    }
}
