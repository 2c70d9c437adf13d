using System.Buffers;
using System.Text;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>
/// The allow-list sanitiser in one pass over the HTML tokens, with no document built: the same
/// output as the DOM path of <see cref="HtmlSanitizer"/> for what feeds carry, at parser speed.
/// </summary>
/// <remarks>
/// <para>
/// Safety does not rest on reading the input as a browser would: every character of text and of an
/// attribute value is escaped, only allowed elements and attributes are written, links are checked,
/// and every element written is closed. Whatever the input, the output holds nothing else.
/// </para>
/// <para>
/// What must match a browser is which text is dropped with a dropped element. The tokenizer follows
/// HTML's tokenization rules (raw text, script escapes, comments, CDATA in foreign content,
/// attribute quoting, character references). For dropped elements whose end depends on tree
/// building, it keeps the elements opened inside them and ends the drop only where the tree
/// builder surely ends it; where it cannot be sure (an end tag it cannot place inside SVG, a form,
/// a select, a drop still open at the end), it gives up and the caller uses the DOM, so the stream
/// never keeps text that a browser would have put inside a dropped element.
/// </para>
/// </remarks>
internal sealed class StreamingSanitizer
{
    private const int MaxDepth = 64;

    [ThreadStatic]
    private static StreamingSanitizer? t_instance;

    // Characters that text cannot be copied through as they are.
    private static readonly SearchValues<char> TextStops = SearchValues.Create("&<>\"'\0\r");

    private static readonly SearchValues<char> TagNameStops = SearchValues.Create("\t\n\f\r />");

    private static readonly SearchValues<char> AttributeNameStops = SearchValues.Create("\t\n\f\r />=");

    private static readonly SearchValues<char> UnquotedValueStops = SearchValues.Create("\t\n\f\r >");

    private readonly StringBuilder _output = new();

    // Allowed elements written and not yet closed.
    private readonly List<string> _written = [];

    // The dropped element being skipped ([0]) and the elements opened inside it.
    private readonly List<Open> _dropped = [];

    private readonly List<Attribute> _attributes = [];

    private char[] _name = new char[16];

    private string _html = string.Empty;

    private Uri? _baseUri;

    private int _position;

    private bool _skipNewline;

    // Where the content of the last <pre> written starts in the output.
    private int _preContentAt;

    private int _depth;

    /// <summary>How deep elements nested at most, as a rough count for the caller's depth check.</summary>
    public int DeepestNesting { get; private set; }

    private enum Space
    {
        Html,
        Svg,
        MathMl,
    }

    /// <summary>Sanitises <paramref name="html"/>; null when it needs the DOM.</summary>
    public static string? Sanitize(string html, Uri? baseUri, out int deepestNesting)
    {
        var sanitizer = t_instance ??= new StreamingSanitizer();
        try
        {
            var result = sanitizer.Run(html, baseUri);
            deepestNesting = sanitizer.DeepestNesting;
            return result;
        }
        finally
        {
            sanitizer.Reset();
        }
    }

    private void Reset()
    {
        _html = string.Empty;
        _baseUri = null;
        _written.Clear();
        _dropped.Clear();
        _attributes.Clear();
        if (_output.Capacity > 1 << 20)
        {
            _output.Capacity = 1 << 16;
        }

        _output.Clear();
    }

    private string? Run(string html, Uri? baseUri)
    {
        _html = html;
        _baseUri = baseUri;
        _position = 0;
        _skipNewline = false;
        _preContentAt = -1;
        _depth = 0;
        DeepestNesting = 0;
        while (_position < html.Length)
        {
            var lt = html.AsSpan(_position).IndexOf('<');
            var end = lt < 0 ? html.Length : _position + lt;
            if (end > _position)
            {
                Text(_position, end);
                _position = end;
                continue;
            }

            if (!Markup())
            {
                return null;
            }
        }

        if (_dropped.Count > 0)
        {
            // Still inside a dropped element: a browser may have closed it earlier in ways the
            // stream does not follow.
            return null;
        }

        for (var i = _written.Count - 1; i >= 0; i--)
        {
            _output.Append("</").Append(_written[i]).Append('>');
        }

        return _output.ToString().Trim();
    }

    private bool Skipping => _dropped.Count > 0;

    private void Text(int start, int end)
    {
        if (_skipNewline)
        {
            _skipNewline = false;
            if (_html[start] == '\n')
            {
                start++;
            }
            else if (_html[start] == '\r')
            {
                start += start + 1 < end && _html[start + 1] == '\n' ? 2 : 1;
            }
        }

        if (!Skipping && start < end)
        {
            var at = _output.Length;
            AppendText(_html.AsSpan(start, end - start), inAttribute: false, _output);
            HtmlSanitizer.KeepLeadingNewline(_output, at, _preContentAt);
        }
    }

    /// <summary>Appends text with its character references decoded and the five HTML characters escaped.</summary>
    private static void AppendText(ReadOnlySpan<char> text, bool inAttribute, StringBuilder output)
    {
        Span<char> decoded = stackalloc char[2];
        while (!text.IsEmpty)
        {
            var stop = text.IndexOfAny(TextStops);
            if (stop < 0)
            {
                output.Append(text);
                return;
            }

            output.Append(text[..stop]);
            var c = text[stop];
            var used = 1;
            switch (c)
            {
                case '&':
                    var length = CharacterReferences.Decode(text[stop..], inAttribute, decoded, out var written);
                    if (length > 0)
                    {
                        used = length;
                        HtmlSanitizer.AppendSanitizedText(output, decoded[..written]);
                    }
                    else
                    {
                        output.Append("&amp;");
                    }

                    break;
                case '\0':
                    // A body ignores NUL in text; in attribute values it becomes U+FFFD.
                    if (inAttribute)
                    {
                        output.Append('\uFFFD');
                    }

                    break;
                case '\r':
                    output.Append('\n');
                    used = stop + 1 < text.Length && text[stop + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    HtmlSanitizer.AppendEscaped(output, text.Slice(stop, 1));
                    break;
            }

            text = text[(stop + used)..];
        }
    }

    /// <summary>Reads the markup at the '&lt;' at the current position; false when the DOM is needed.</summary>
    private bool Markup()
    {
        var html = _html;
        var next = _position + 1;
        _skipNewline = false;
        if (next >= html.Length)
        {
            Text(_position, html.Length);
            _position = html.Length;
            return true;
        }

        var c = html[next];
        if (char.IsAsciiLetter(c))
        {
            return Tag(next, isEnd: false);
        }

        switch (c)
        {
            case '/':
                if (next + 1 >= html.Length)
                {
                    Text(_position, html.Length);
                    _position = html.Length;
                }
                else if (char.IsAsciiLetter(html[next + 1]))
                {
                    return Tag(next + 1, isEnd: true);
                }
                else if (html[next + 1] == '>')
                {
                    _position = next + 2;
                }
                else
                {
                    _position = AfterBogusComment(next + 1);
                }

                return true;
            case '!':
                _position = AfterDeclaration(next + 1);
                return true;
            case '?':
                _position = AfterBogusComment(next);
                return true;
            default:
                Text(_position, next);
                _position = next;
                return true;
        }
    }

    private int AfterBogusComment(int from)
    {
        var gt = _html.AsSpan(from).IndexOf('>');
        return gt < 0 ? _html.Length : from + gt + 1;
    }

    // After "<!": a comment, a DOCTYPE (ends at the first '>'), CDATA in foreign content, or a bogus comment.
    private int AfterDeclaration(int from)
    {
        var rest = _html.AsSpan(from);
        if (rest.StartsWith("--"))
        {
            return AfterComment(from + 2);
        }

        if (Skipping && _dropped[^1].Space != Space.Html && rest.StartsWith("[CDATA["))
        {
            var end = rest.IndexOf("]]>");
            return end < 0 ? _html.Length : from + end + 3;
        }

        return AfterBogusComment(from);
    }

    private int AfterComment(int from)
    {
        var rest = _html.AsSpan(from);
        if (rest.StartsWith(">"))
        {
            return from + 1;
        }

        if (rest.StartsWith("->"))
        {
            return from + 2;
        }

        var at = 0;
        while (true)
        {
            var dashes = rest[at..].IndexOf("--");
            if (dashes < 0)
            {
                return _html.Length;
            }

            var k = at + dashes;
            if (k + 2 < rest.Length && rest[k + 2] == '>')
            {
                return from + k + 3;
            }

            if (k + 3 < rest.Length && rest[k + 2] == '!' && rest[k + 3] == '>')
            {
                return from + k + 4;
            }

            at = k + 1;
        }
    }

    /// <summary>Reads a tag whose name starts at <paramref name="nameStart"/> and acts on it.</summary>
    private bool Tag(int nameStart, bool isEnd)
    {
        var html = _html;
        var nameEnd = html.AsSpan(nameStart).IndexOfAny(TagNameStops);
        if (nameEnd < 0)
        {
            // A tag cut off by the end of the input is not a tag.
            _position = html.Length;
            return true;
        }

        nameEnd += nameStart;
        var name = LowerCaseName(html.AsSpan(nameStart, nameEnd - nameStart));
        if (!ReadAttributes(nameEnd, out var after, out var selfClosing))
        {
            _position = html.Length;
            return true;
        }

        _position = after;
        var element = SanitizerElement.Find(name);
        return isEnd ? EndTag(name, element) : StartTag(name, element, selfClosing);
    }

    private ReadOnlySpan<char> LowerCaseName(ReadOnlySpan<char> raw)
    {
        if (raw.Length > _name.Length)
        {
            _name = new char[Math.Max(raw.Length, _name.Length * 2)];
        }

        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            _name[i] = c switch
            {
                >= 'A' and <= 'Z' => (char)(c | 0x20),
                '\0' => '\uFFFD',
                _ => c,
            };
        }

        return _name.AsSpan(0, raw.Length);
    }

    /// <summary>Reads attributes up to and including the tag's '&gt;'; false when the input ends first.</summary>
    private bool ReadAttributes(int from, out int after, out bool selfClosing)
    {
        var html = _html;
        _attributes.Clear();
        selfClosing = false;
        after = html.Length;
        var i = from;
        while (true)
        {
            i = SkipSpace(i);
            if (i >= html.Length)
            {
                return false;
            }

            var c = html[i];
            if (c == '>')
            {
                after = i + 1;
                return true;
            }

            if (c == '/')
            {
                i++;
                if (i < html.Length && html[i] == '>')
                {
                    selfClosing = true;
                    after = i + 1;
                    return true;
                }

                continue;
            }

            // The first character belongs to the name even when it is '='.
            var nameStart = i;
            var nameStop = html.AsSpan(i + 1).IndexOfAny(AttributeNameStops);
            i = nameStop < 0 ? html.Length : i + 1 + nameStop;
            var nameLength = i - nameStart;
            i = SkipSpace(i);
            if (i >= html.Length)
            {
                return false;
            }

            if (html[i] != '=')
            {
                _attributes.Add(new Attribute(nameStart, nameLength, i, 0));
                continue;
            }

            i = SkipSpace(i + 1);
            if (i >= html.Length)
            {
                return false;
            }

            var quote = html[i];
            if (quote is '"' or '\'')
            {
                var close = html.AsSpan(i + 1).IndexOf(quote);
                if (close < 0)
                {
                    return false;
                }

                _attributes.Add(new Attribute(nameStart, nameLength, i + 1, close));
                i += close + 2;
            }
            else if (quote == '>')
            {
                _attributes.Add(new Attribute(nameStart, nameLength, i, 0));
            }
            else
            {
                var stop = html.AsSpan(i).IndexOfAny(UnquotedValueStops);
                if (stop < 0)
                {
                    return false;
                }

                _attributes.Add(new Attribute(nameStart, nameLength, i, stop));
                i += stop;
            }
        }
    }

    private int SkipSpace(int i)
    {
        var html = _html;
        while (i < html.Length && html[i] is '\t' or '\n' or '\f' or '\r' or ' ')
        {
            i++;
        }

        return i;
    }

    private bool StartTag(ReadOnlySpan<char> name, SanitizerElement? element, bool selfClosing)
    {
        if (Skipping)
        {
            return DroppedStartTag(name, element, selfClosing);
        }

        if (element is null)
        {
            Opened();
            return true;
        }

        if (element.Has(SanitizerElement.Traits.SkipsLeadingNewline))
        {
            _skipNewline = true;
        }

        if (element.Has(SanitizerElement.Traits.Ignored))
        {
            return true;
        }

        if (element.Name is "img" or "image")
        {
            if (FindAttribute("alt") is { } alt)
            {
                var text = DecodeAttribute(alt);
                if (text.Length > 0)
                {
                    var at = _output.Length;
                    HtmlSanitizer.AppendSanitizedText(_output, text);
                    HtmlSanitizer.KeepLeadingNewline(_output, at, _preContentAt);
                }
            }

            return true;
        }

        if (element.Has(SanitizerElement.Traits.Allowed))
        {
            if (_written.Count < MaxDepth)
            {
                WriteStartTag(element.Name);
                if (element.Name == "pre")
                {
                    _preContentAt = _output.Length;
                }

                if (!element.Has(SanitizerElement.Traits.Void))
                {
                    _written.Add(element.Name);
                }
            }

            if (!element.Has(SanitizerElement.Traits.Void))
            {
                Opened();
            }

            return true;
        }

        if (element.Has(SanitizerElement.Traits.Void))
        {
            return true;
        }

        if (element.ContentModel != SanitizerElement.Content.Markup)
        {
            SkipContent(element);
            return true;
        }

        switch (element.Drop)
        {
            case SanitizerElement.Dropping.NeedsDocument:
                return false;
            case SanitizerElement.Dropping.Foreign:
                if (!selfClosing)
                {
                    _dropped.Add(Foreign(element.Name, element.Name == "svg" ? Space.Svg : Space.MathMl));
                    Opened();
                }

                return true;
            case SanitizerElement.Dropping.Element or SanitizerElement.Dropping.Template:
                _dropped.Add(new Open(element.Name, Space.Html, element.Has(SanitizerElement.Traits.Special), IntegrationPoint: false));
                Opened();
                return true;
            default:
                Opened();
                return true;
        }
    }

    private void Opened()
    {
        _depth++;
        DeepestNesting = Math.Max(DeepestNesting, _depth + _dropped.Count);
    }

    /// <summary>A start tag inside a dropped element: nothing is written, but what it opens is kept.</summary>
    private bool DroppedStartTag(ReadOnlySpan<char> name, SanitizerElement? element, bool selfClosing)
    {
        var top = _dropped[^1];
        if (top.Space != Space.Html)
        {
            // Inside SVG or MathML only foreign elements are followed; HTML inside an integration
            // point, or a tag that breaks out of foreign content, ends the stream's certainty.
            if (top.IntegrationPoint && !(top.Space == Space.MathMl && name is "mglyph" or "malignmark"))
            {
                return false;
            }

            if (element is not null && element.Has(SanitizerElement.Traits.BreaksOutOfForeign))
            {
                return false;
            }

            if (name.SequenceEqual("font") && (FindAttribute("color") is not null || FindAttribute("face") is not null || FindAttribute("size") is not null))
            {
                return false;
            }

            if (!selfClosing)
            {
                var space = top.Space == Space.MathMl && top.Name == "annotation-xml" && name.SequenceEqual("svg") ? Space.Svg : top.Space;
                _dropped.Add(Foreign(element?.Name ?? name.ToString(), space));
                DeepestNesting = Math.Max(DeepestNesting, _depth + _dropped.Count);
            }

            return true;
        }

        if (element is null)
        {
            _dropped.Add(new Open(name.ToString(), Space.Html, Special: false, IntegrationPoint: false));
        }
        else if (element.Has(SanitizerElement.Traits.Ignored) || element.Has(SanitizerElement.Traits.Void))
        {
            return true;
        }
        else if (element.ContentModel != SanitizerElement.Content.Markup)
        {
            SkipContent(element);
            return true;
        }
        else if (element.Drop == SanitizerElement.Dropping.Foreign)
        {
            if (selfClosing)
            {
                return true;
            }

            _dropped.Add(Foreign(element.Name, element.Name == "svg" ? Space.Svg : Space.MathMl));
        }
        else if (element.Drop == SanitizerElement.Dropping.NeedsDocument)
        {
            return false;
        }
        else
        {
            _dropped.Add(new Open(element.Name, Space.Html, element.Has(SanitizerElement.Traits.Special), IntegrationPoint: false));
        }

        DeepestNesting = Math.Max(DeepestNesting, _depth + _dropped.Count);
        return true;
    }

    private Open Foreign(string name, Space space)
    {
        var integration = space switch
        {
            Space.Svg => name is "foreignobject" or "desc" or "title",
            Space.MathMl => name is "mi" or "mo" or "mn" or "ms" or "mtext" || (name == "annotation-xml" && IsHtmlEncoding()),
            _ => false,
        };
        var special = integration || (space == Space.MathMl && name == "annotation-xml");
        return new Open(name, space, special, integration);
    }

    private bool IsHtmlEncoding()
    {
        if (FindAttribute("encoding") is not { } encoding)
        {
            return false;
        }

        var value = DecodeAttribute(encoding);
        return value.Equals("text/html", StringComparison.OrdinalIgnoreCase) || value.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
    }

    private bool EndTag(ReadOnlySpan<char> name, SanitizerElement? element)
    {
        if (Skipping)
        {
            return DroppedEndTag(name, element);
        }

        _depth = Math.Max(0, _depth - 1);
        if (element is null || !element.Has(SanitizerElement.Traits.Allowed))
        {
            return true;
        }

        if (element.Name == "br")
        {
            // </br> is read as <br>.
            WriteStartTag("br");
            return true;
        }

        var at = _written.LastIndexOf(element.Name);
        if (at < 0)
        {
            return true;
        }

        for (var i = _written.Count - 1; i >= at; i--)
        {
            _output.Append("</").Append(_written[i]).Append('>');
        }

        _written.RemoveRange(at, _written.Count - at);
        return true;
    }

    private bool DroppedEndTag(ReadOnlySpan<char> name, SanitizerElement? element)
    {
        if (_dropped[^1].Space != Space.Html)
        {
            if (name is "p" or "br")
            {
                return false;
            }

            for (var i = _dropped.Count - 1; i >= 0; i--)
            {
                // At or past an integration point AngleSharp reads end tags by HTML's rules, which the
                // stream does not follow inside foreign content; only the integration point's own
                // end tag, when it is the current element, is certain to close it.
                var open = _dropped[i];
                if (open.Space == Space.Html || (open.IntegrationPoint && !(i == _dropped.Count - 1 && name.SequenceEqual(open.Name))))
                {
                    return false;
                }

                if (name.SequenceEqual(open.Name))
                {
                    Close(i);
                    return true;
                }
            }

            // Not inside the foreign element: the tree builder acts on what encloses it, which may
            // end the drop; the stream keeps dropping.
            return true;
        }

        if (name.SequenceEqual("br"))
        {
            return true;
        }

        if (name.SequenceEqual("template"))
        {
            for (var i = _dropped.Count - 1; i >= 0; i--)
            {
                if (_dropped[i].Space == Space.Html && _dropped[i].Name == "template")
                {
                    Close(i);
                    return true;
                }
            }

            return true;
        }

        var heading = element is not null && element.Has(SanitizerElement.Traits.Heading);
        for (var i = _dropped.Count - 1; i >= 0; i--)
        {
            var open = _dropped[i];
            if (open.Space == Space.Html && (name.SequenceEqual(open.Name) || (heading && open.Name is ['h', >= '1' and <= '6'])))
            {
                Close(i);
                return true;
            }

            // An end tag never closes past a special element (it would be ignored, or close more
            // than the stream can tell): keep dropping.
            if (open.Special)
            {
                return true;
            }
        }

        return true;
    }

    private void Close(int index)
    {
        _dropped.RemoveRange(index, _dropped.Count - index);
        if (index == 0)
        {
            _depth = Math.Max(0, _depth - 1);
        }
    }

    /// <summary>Skips the content of a raw-text element up to its end tag, which is then read as a tag.</summary>
    private void SkipContent(SanitizerElement element)
    {
        _position = element.ContentModel switch
        {
            SanitizerElement.Content.PlainText => _html.Length,
            SanitizerElement.Content.ScriptData => ScriptEnd(_position),
            _ => RawTextEnd(_position, element.Name),
        };
    }

    private int RawTextEnd(int from, string name)
    {
        var i = from;
        while (true)
        {
            var at = _html.AsSpan(i).IndexOf("</");
            if (at < 0)
            {
                return _html.Length;
            }

            var lt = i + at;
            if (IsEndTagOf(lt, name))
            {
                return lt;
            }

            i = lt + 2;
        }
    }

    /// <summary>True when "&lt;/name" followed by a space, '/' or '&gt;' starts at <paramref name="lt"/>.</summary>
    private bool IsEndTagOf(int lt, string name)
    {
        var start = lt + 2;
        var after = start + name.Length;
        return after < _html.Length
            && _html[lt + 1] == '/'
            && _html.AsSpan(start, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
            && _html[after] is '\t' or '\n' or '\f' or '\r' or ' ' or '/' or '>';
    }

    /// <summary>Where a script's content ends, following the tokenizer's escaped and double-escaped states.</summary>
    private int ScriptEnd(int from)
    {
        var html = _html;
        var state = ScriptState.Data;
        var i = from;
        while (i < html.Length)
        {
            var c = html[i];
            switch (state)
            {
                case ScriptState.Data:
                    if (c != '<')
                    {
                        var lt = html.AsSpan(i).IndexOf('<');
                        if (lt < 0)
                        {
                            return html.Length;
                        }

                        i += lt;
                        continue;
                    }

                    if (IsEndTagOf(i, "script"))
                    {
                        return i;
                    }

                    if (html.AsSpan(i).StartsWith("<!--"))
                    {
                        state = ScriptState.EscapedDashDash;
                        i += 4;
                        continue;
                    }

                    i++;
                    continue;
                case ScriptState.Escaped or ScriptState.EscapedDash or ScriptState.EscapedDashDash:
                    if (c == '-')
                    {
                        state = state == ScriptState.Escaped ? ScriptState.EscapedDash : ScriptState.EscapedDashDash;
                        i++;
                        continue;
                    }

                    if (c == '>' && state == ScriptState.EscapedDashDash)
                    {
                        state = ScriptState.Data;
                        i++;
                        continue;
                    }

                    state = ScriptState.Escaped;
                    if (c != '<')
                    {
                        i++;
                        continue;
                    }

                    if (IsEndTagOf(i, "script"))
                    {
                        return i;
                    }

                    if (i + 1 < html.Length && char.IsAsciiLetter(html[i + 1]))
                    {
                        // "<script" followed by a space, '/' or '>' starts the double-escaped state.
                        var (word, next) = Letters(i + 1);
                        if (word && next < html.Length && html[next] is '\t' or '\n' or '\f' or '\r' or ' ' or '/' or '>')
                        {
                            state = ScriptState.DoubleEscaped;
                        }

                        i = next;
                        continue;
                    }

                    i++;
                    continue;
                default:
                    if (c == '-')
                    {
                        state = state == ScriptState.DoubleEscaped ? ScriptState.DoubleEscapedDash : ScriptState.DoubleEscapedDashDash;
                        i++;
                        continue;
                    }

                    if (c == '>' && state == ScriptState.DoubleEscapedDashDash)
                    {
                        state = ScriptState.Data;
                        i++;
                        continue;
                    }

                    state = ScriptState.DoubleEscaped;
                    if (c == '<' && i + 1 < html.Length && html[i + 1] == '/')
                    {
                        var (word, next) = Letters(i + 2);
                        if (word && next < html.Length && html[next] is '\t' or '\n' or '\f' or '\r' or ' ' or '/' or '>')
                        {
                            state = ScriptState.Escaped;
                        }

                        i = next;
                        continue;
                    }

                    i++;
                    continue;
            }
        }

        return html.Length;
    }

    // Reads ASCII letters from 'from'; says whether they spell "script" (any case) and where they stop.
    private (bool Script, int Next) Letters(int from)
    {
        var i = from;
        while (i < _html.Length && char.IsAsciiLetter(_html[i]))
        {
            i++;
        }

        return (_html.AsSpan(from, i - from).Equals("script", StringComparison.OrdinalIgnoreCase), i);
    }

    private Attribute? FindAttribute(string name)
    {
        foreach (var attribute in _attributes)
        {
            if (_html.AsSpan(attribute.NameStart, attribute.NameLength).Equals(name, StringComparison.OrdinalIgnoreCase)
                && IsAsciiName(attribute))
            {
                return attribute;
            }
        }

        return null;
    }

    // OrdinalIgnoreCase folds a few non-ASCII letters (the Kelvin sign, a dotless i) onto ASCII ones;
    // HTML lower-cases ASCII only, so a name matched that way must be all ASCII.
    private bool IsAsciiName(Attribute attribute) =>
        System.Text.Ascii.IsValid(_html.AsSpan(attribute.NameStart, attribute.NameLength));

    private string DecodeAttribute(Attribute attribute)
    {
        var raw = _html.AsSpan(attribute.ValueStart, attribute.ValueLength);
        if (raw.IndexOfAny('&', '\0', '\r') < 0)
        {
            return raw.ToString();
        }

        var decoded = new StringBuilder(raw.Length);
        AppendRawAttribute(raw, decoded);
        return decoded.ToString();
    }

    private static void AppendRawAttribute(ReadOnlySpan<char> raw, StringBuilder decoded)
    {
        Span<char> buffer = stackalloc char[2];
        while (!raw.IsEmpty)
        {
            var stop = raw.IndexOfAny('&', '\0', '\r');
            if (stop < 0)
            {
                decoded.Append(raw);
                return;
            }

            decoded.Append(raw[..stop]);
            var used = 1;
            switch (raw[stop])
            {
                case '&':
                    var length = CharacterReferences.Decode(raw[stop..], inAttribute: true, buffer, out var written);
                    if (length > 0)
                    {
                        used = length;
                        decoded.Append(buffer[..written]);
                    }
                    else
                    {
                        decoded.Append('&');
                    }

                    break;
                case '\0':
                    decoded.Append('\uFFFD');
                    break;
                default:
                    decoded.Append('\n');
                    used = stop + 1 < raw.Length && raw[stop + 1] == '\n' ? 2 : 1;
                    break;
            }

            raw = raw[(stop + used)..];
        }
    }

    private void WriteStartTag(string name)
    {
        _output.Append('<').Append(name);
        var seen = 0;
        foreach (var attribute in _attributes)
        {
            var kind = AttributeKind(attribute);
            if (kind == 0 || (seen & kind) != 0)
            {
                // Only the first of two attributes with one name counts, as in a browser.
                continue;
            }

            seen |= kind;
            var value = DecodeAttribute(attribute);
            switch (kind)
            {
                case Title or Lang:
                    HtmlSanitizer.WriteAttribute(_output, kind == Title ? "title" : "lang", value);
                    break;
                case DateTime when name is "time" or "del" or "ins":
                    HtmlSanitizer.WriteAttribute(_output, "datetime", value);
                    break;
                case ColSpan or RowSpan when name is "td" or "th" && HtmlSanitizer.IsSmallNumber(value):
                    HtmlSanitizer.WriteAttribute(_output, kind == ColSpan ? "colspan" : "rowspan", value);
                    break;
                case Start when name == "ol" && HtmlSanitizer.IsSmallNumber(value):
                    HtmlSanitizer.WriteAttribute(_output, "start", value);
                    break;
                case Href when name == "a" && HtmlSanitizer.SafeLink(value, _baseUri) is { } href:
                    HtmlSanitizer.WriteAttribute(_output, "href", href);
                    break;
                case Cite when name is "blockquote" or "q" && HtmlSanitizer.SafeLink(value, _baseUri) is { } cite && !cite.StartsWith("mailto:", StringComparison.Ordinal):
                    HtmlSanitizer.WriteAttribute(_output, "cite", cite);
                    break;
                default:
                    break;
            }
        }

        if (name == "a")
        {
            _output.Append(" rel=\"noopener noreferrer\"");
        }

        _output.Append('>');
    }

    private const int Title = 1;
    private const int Lang = 2;
    private const int DateTime = 4;
    private const int ColSpan = 8;
    private const int RowSpan = 16;
    private const int Start = 32;
    private const int Href = 64;
    private const int Cite = 128;

    private int AttributeKind(Attribute attribute)
    {
        var name = _html.AsSpan(attribute.NameStart, attribute.NameLength);
        if (name.Length is < 4 or > 8 || !System.Text.Ascii.IsValid(name))
        {
            return 0;
        }

        Span<char> lower = stackalloc char[8];
        var length = System.Text.Ascii.ToLower(name, lower, out var written) == OperationStatus.Done ? written : 0;
        return lower[..length] switch
        {
            "title" => Title,
            "lang" => Lang,
            "datetime" => DateTime,
            "colspan" => ColSpan,
            "rowspan" => RowSpan,
            "start" => Start,
            "href" => Href,
            "cite" => Cite,
            _ => 0,
        };
    }

    private enum ScriptState
    {
        Data,
        Escaped,
        EscapedDash,
        EscapedDashDash,
        DoubleEscaped,
        DoubleEscapedDash,
        DoubleEscapedDashDash,
    }

    // An attribute as ranges of the input: nothing is copied unless it is written.
    private readonly record struct Attribute(int NameStart, int NameLength, int ValueStart, int ValueLength);

    // An element open inside a dropped element; Special marks one an end tag never closes past.
    private readonly record struct Open(string Name, Space Space, bool Special, bool IntegrationPoint);
}
