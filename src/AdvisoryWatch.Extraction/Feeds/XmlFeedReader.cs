using System.Text;
using System.Xml;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>One forward pass of <see cref="XmlReader"/> over RSS 0.9x/1.0/2.0 and Atom 0.3/1.0.</summary>
internal sealed class XmlFeedReader
{
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    internal const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string Atom03Ns = "http://purl.org/atom/ns#";
    internal const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Rss10Ns = "http://purl.org/rss/1.0/";
    private const string Rss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
    internal const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    internal const string DcNs = "http://purl.org/dc/elements/1.1/";
    internal const string DcTermsNs = "http://purl.org/dc/terms/";
    internal const string MediaNs = "http://search.yahoo.com/mrss/";

    // Namespaces RSS's own elements were written in before RSS 2.0 settled on none, as feedparser
    // reads them: UserLand's (any backend.userland.com/rss* URI) and Harvard's.
    private const string UserlandRssNs = "http://backend.userland.com/rss";
    private const string HarvardRssNs = "http://blogs.law.harvard.edu/tech/rss";

    // Atom before 1.0: the 0.3 namespace, its drafts (purl.org/atom/ns#draft-...) and the names
    // the format had while it was being designed (Echo, Pie).
    private static readonly string[] EarlyAtomNamespaces = ["http://example.com/newformat#", "http://example.com/necho", "http://purl.org/echo/", "uri/of/echo/namespace#", "http://purl.org/pie/"];

    private readonly ExtractionContext _context;
    private readonly List<string> _warnings;
    private readonly StringBuilder _text = new();
    private XmlReader _reader = null!;
    private bool _textLimitWarned;

    private XmlFeedReader(ExtractionContext context, List<string> warnings)
    {
        _context = context;
        _warnings = warnings;
    }

    /// <summary>
    /// Reads a whole document; <paramref name="open"/> creates the reader over its input. When the
    /// document is not well-formed, <paramref name="malformed"/> says where, and the result holds
    /// what was read before that point (or the failure, when nothing was).
    /// </summary>
    public static ExtractionResult<ExtractedFeed> Read(Func<XmlReaderSettings, XmlParserContext, XmlReader> open, ExtractionContext context, List<string> warnings, out XmlException? malformed)
    {
        var reader = new XmlFeedReader(context, warnings);
        var result = reader.ReadDocument(open);
        malformed = reader._malformed;
        return result;
    }

    private XmlException? _malformed;

    private ExtractionResult<ExtractedFeed> ReadDocument(Func<XmlReaderSettings, XmlParserContext, XmlReader> open)
    {
        var limits = _context.Limits;
        var settings = SettingsFor(limits);
        var names = new NameTable();
        var parserContext = new XmlParserContext(names, new FeedNamespaces(names, _warnings), null, XmlSpace.None);
        FeedBuilder? feed = null;
        try
        {
            using var reader = open(settings, parserContext);
            _reader = reader;
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return ExtractionResult<ExtractedFeed>.Failure("not-a-feed", "the document has no root element");
            }

            var root = reader.LocalName;
            var ns = reader.NamespaceURI;
            var baseUri = ResolveBase(_context.DocumentUri);
            switch (root)
            {
                case "rss":
                    var version = reader.GetAttribute("version") ?? string.Empty;
                    feed = NewFeed(version.StartsWith("0.9", StringComparison.Ordinal) ? "rss0.9x" : "rss2.0", baseUri);
                    ReadRss(feed);
                    break;
                case "RDF" when ns == RdfNs:
                    feed = NewFeed("rss1.0", baseUri);
                    ReadRdf(feed);
                    break;
                case "feed" when IsAtom(ns):
                    var atom03 = (ns != AtomNs && ns.Length > 0) || reader.GetAttribute("version") is "0.3" or "0.2" or "0.1";
                    feed = NewFeed(atom03 ? "atom0.3" : "atom1.0", baseUri);
                    feed.Language = reader.GetAttribute("lang", XmlNs);
                    ReadAtomFeed(feed);
                    break;
                case "entry" when IsAtom(ns):
                    // A document that is one Atom entry (RFC 4287 section 2 allows it) is a feed of one.
                    feed = NewFeed(ns is AtomNs or "" ? "atom1.0" : "atom0.3", baseUri);
                    feed.Language = reader.GetAttribute("lang", XmlNs);
                    ReadAtomEntry(feed);
                    break;
                default:
                    var named = ns.Length == 0 ? $"<{reader.Name}>" : $"<{reader.Name}> in the namespace '{ns}'";
                    return ExtractionResult<ExtractedFeed>.Failure(
                        "not-a-feed",
                        $"the root element is {named}; a feed's is <rss>, <rdf:RDF>, an Atom <feed> or <entry>" + (root.Equals("html", StringComparison.OrdinalIgnoreCase) ? " (an HTML page, not a feed)" : string.Empty));
            }

            return ExtractionResult<ExtractedFeed>.Success(feed.Build());
        }
        catch (XmlException e)
        {
            _malformed = e;
            var where = $"line {e.LineNumber}, column {e.LinePosition}";
            if (feed is { HasContent: true })
            {
                _warnings.Add($"not well-formed XML at {where} ({FirstSentence(e.Message)}); {feed.ItemCount} items before it were kept");
                return ExtractionResult<ExtractedFeed>.Success(feed.Build());
            }

            return ExtractionResult<ExtractedFeed>.Failure("malformed", $"not well-formed XML at {where}: {FirstSentence(e.Message)}");
        }
        catch (DocumentTooDeepException)
        {
            return ExtractionResult<ExtractedFeed>.Failure("too-deep", $"elements are nested deeper than {limits.MaxDepth} levels");
        }
    }

    private static XmlReaderSettings? s_settings;

    // Settings are read-only once a reader has used them, so one instance serves every parse
    // with the same limits (most feeds are a few kilobytes; creating them per parse shows).
    private static XmlReaderSettings SettingsFor(ExtractionLimits limits)
    {
        var cached = s_settings;
        if (cached is not null && cached.MaxCharactersInDocument == limits.MaxDocumentBytes)
        {
            return cached;
        }

        cached = new XmlReaderSettings
        {
            // Ignore, never Parse (entity expansion, external fetches) and never Prohibit (real
            // feeds such as Netscape RSS 0.91 carry a DOCTYPE).
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxDocumentBytes,
            MaxCharactersFromEntities = 1024,
            CheckCharacters = false,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        s_settings = cached;
        return cached;
    }

    private FeedBuilder NewFeed(string format, Uri? baseUri) => new(format, _context, _warnings) { Base = baseUri };

    private void ReadRss(FeedBuilder feed)
    {
        foreach (var _ in Children())
        {
            if (_reader.LocalName == "channel")
            {
                ReadChannel(feed);
            }
            else if (_reader.LocalName == "item")
            {
                // Some RSS 0.9x feeds put items beside the channel rather than in it.
                ReadRssItem(feed, feed.Base);
            }
            else
            {
                _reader.Skip();
            }
        }
    }

    private void ReadRdf(FeedBuilder feed)
    {
        foreach (var _ in Children())
        {
            var ns = _reader.NamespaceURI;
            if (ns == Rss090Ns)
            {
                feed.Format = "rss0.9x";
            }

            switch (_reader.LocalName)
            {
                case "channel" when ns is Rss10Ns or Rss090Ns:
                    ReadChannel(feed);
                    break;
                case "item" when ns is Rss10Ns or Rss090Ns:
                    ReadRssItem(feed, feed.Base);
                    break;
                default:
                    _reader.Skip();
                    break;
            }
        }
    }

    private void ReadChannel(FeedBuilder feed)
    {
        var baseUri = ResolveBase(feed.Base);
        feed.Base = baseUri;
        foreach (var _ in Children())
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (IsRss(ns))
            {
                switch (name)
                {
                    case "title":
                        feed.Title = ReadText();
                        continue;
                    case "link":
                        feed.Link = Keep(feed.Link, NonEmpty(ReadText()));
                        continue;
                    case "description":
                        feed.Description = ReadText();
                        continue;
                    case "language":
                        feed.Language = ReadText();
                        continue;
                    case "lastBuildDate":
                        feed.Updated = ReadText();
                        continue;
                    case "pubDate":
                        feed.Updated = Keep(feed.Updated, ReadText());
                        continue;
                    case "item":
                        ReadRssItem(feed, baseUri);
                        continue;
                    default:
                        break;
                }
            }
            else if (ns == AtomNs && name == "link")
            {
                var (link, fallback) = ReadAtomLink();
                feed.Link ??= link;
                feed.FallbackLink ??= fallback;
                continue;
            }
            else if (ns == DcNs)
            {
                switch (name)
                {
                    case "language":
                        feed.Language = Keep(feed.Language, ReadText());
                        continue;
                    case "date":
                        feed.Updated = Keep(feed.Updated, ReadText());
                        continue;
                    case "title":
                        feed.Title = Keep(feed.Title, ReadText());
                        continue;
                    case "description":
                        feed.Description = Keep(feed.Description, ReadText());
                        continue;
                    default:
                        break;
                }
            }
            else if (IsItunes(ns) && name == "summary")
            {
                feed.Description = Keep(feed.Description, ReadText());
                continue;
            }

            _reader.Skip();
        }
    }

    private void ReadRssItem(FeedBuilder feed, Uri? parentBase)
    {
        if (!feed.AcceptsItems)
        {
            _reader.Skip();
            return;
        }

        var item = new ItemFields { Base = ResolveBase(parentBase) };
        var about = _reader.GetAttribute("about", RdfNs);

        // RDF lets a property be written as an attribute: <item rdf:about="..." dc:date="...">.
        var attributeDate = _reader.GetAttribute("date", DcNs);
        foreach (var _ in Children())
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (IsRss(ns))
            {
                switch (name)
                {
                    case "title":
                        item.Title = ReadText();
                        continue;
                    case "link":
                        item.Link = Keep(item.Link, NonEmpty(ReadText()));
                        continue;
                    case "description":
                        item.Summary = ReadText();
                        continue;
                    case "guid":
                        item.GuidIsPermaLink = !string.Equals(_reader.GetAttribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                        item.Guid = Keep(item.Guid, NonEmpty(ReadText()));
                        continue;
                    case "pubDate":
                        item.Published = Keep(item.Published, ReadText());
                        continue;
                    case "author":
                        AddPerson(item.Authors, ReadText());
                        continue;
                    case "category":
                        AddNonEmpty(item.Categories, ReadText());
                        continue;
                    default:
                        break;
                }
            }
            else if (ns == ContentNs && name == "encoded")
            {
                item.Content = Keep(item.Content, ReadText());
                continue;
            }
            else if (ns == DcNs)
            {
                switch (name)
                {
                    case "creator" or "author":
                        AddPerson(item.Authors, ReadText());
                        continue;
                    case "date":
                        var date = ReadText();
                        item.Published = Keep(item.Published, date);
                        item.Updated = Keep(item.Updated, date);
                        continue;
                    case "subject":
                        AddNonEmpty(item.Categories, ReadText());
                        continue;
                    case "title":
                        item.Title = Keep(item.Title, ReadText());
                        continue;
                    case "description":
                        item.Summary = Keep(item.Summary, ReadText());
                        continue;
                    default:
                        break;
                }
            }
            else if (IsItunes(ns))
            {
                switch (name)
                {
                    case "author":
                        AddPerson(item.Authors, ReadText());
                        continue;
                    case "summary" or "subtitle":
                        item.Summary = Keep(item.Summary, ReadText());
                        continue;
                    case "keywords":
                        foreach (var keyword in ReadText().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            AddNonEmpty(item.Categories, keyword);
                        }

                        continue;
                    default:
                        break;
                }
            }
            else if (ns == DcTermsNs)
            {
                switch (name)
                {
                    case "modified":
                        item.Updated = Keep(item.Updated, ReadText());
                        continue;
                    case "issued" or "created" or "date" or "available":
                        item.Published = Keep(item.Published, ReadText());
                        continue;
                    default:
                        break;
                }
            }
            else if (ns == RdfNs && name == "Description")
            {
                // An item's properties in a nested rdf:Description: its date is the item's.
                ReadDescriptionDate(item);
                continue;
            }
            else if (ns == AtomNs)
            {
                switch (name)
                {
                    case "link":
                        var (link, fallback) = ReadAtomLink();
                        item.Link ??= link;
                        item.FallbackLink ??= fallback;
                        continue;
                    case "updated":
                        item.Updated = Keep(item.Updated, ReadText());
                        continue;
                    case "published":
                        item.Published = Keep(item.Published, ReadText());
                        continue;
                    case "author":
                        ReadAtomPerson(item.Authors);
                        continue;
                    case "category":
                        AddNonEmpty(item.Categories, _reader.GetAttribute("label") ?? _reader.GetAttribute("term"));
                        _reader.Skip();
                        continue;
                    case "summary":
                        var (summary, summaryKind) = ReadAtomText();
                        if (item.Summary is null)
                        {
                            (item.Summary, item.SummaryKind) = (summary, summaryKind);
                        }

                        continue;
                    case "content":
                        var (content, contentKind) = ReadAtomText();
                        if (item.Content is null)
                        {
                            (item.Content, item.ContentKind) = (content, contentKind);
                        }

                        continue;
                    default:
                        break;
                }
            }
            else if (ns == MediaNs)
            {
                switch (name)
                {
                    case "title":
                        item.Title = Keep(item.Title, ReadText());
                        continue;
                    case "description":
                        item.Summary = Keep(item.Summary, ReadText());
                        continue;
                    default:
                        break;
                }
            }

            _reader.Skip();
        }

        item.Guid ??= NonEmpty(about);
        if (NonEmpty(attributeDate) is { } dated)
        {
            item.Published ??= dated;
            item.Updated ??= dated;
        }

        feed.Add(item);
    }

    private void ReadDescriptionDate(ItemFields item)
    {
        var attribute = NonEmpty(_reader.GetAttribute("date", DcNs));
        foreach (var _ in Children())
        {
            if (_reader.NamespaceURI is DcNs or DcTermsNs && _reader.LocalName is "date" or "issued" or "created")
            {
                attribute ??= NonEmpty(ReadText());
                continue;
            }

            _reader.Skip();
        }

        item.Published ??= attribute;
        item.Updated ??= attribute;
    }

    private void ReadAtomFeed(FeedBuilder feed)
    {
        foreach (var _ in Children())
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (ns.Length == 0 || IsAtom(ns))
            {
                switch (name)
                {
                    case "title":
                        (feed.Title, feed.TitleKind) = ReadAtomText();
                        continue;
                    case "subtitle" or "tagline":
                        (feed.Description, feed.DescriptionKind) = ReadAtomText();
                        continue;
                    case "link":
                        var (link, fallback) = ReadAtomLink();
                        feed.Link ??= link;
                        feed.FallbackLink ??= fallback;
                        continue;
                    case "updated" or "modified":
                        feed.Updated = ReadText();
                        continue;
                    case "author":
                        ReadAtomPerson(feed.Authors);
                        continue;
                    case "entry":
                        ReadAtomEntry(feed);
                        continue;
                    default:
                        break;
                }
            }

            _reader.Skip();
        }
    }

    private void ReadAtomEntry(FeedBuilder feed)
    {
        if (!feed.AcceptsItems)
        {
            _reader.Skip();
            return;
        }

        var item = new ItemFields { Base = ResolveBase(feed.Base) };
        foreach (var _ in Children())
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (ns.Length == 0 || IsAtom(ns))
            {
                switch (name)
                {
                    case "id":
                        item.Guid = Keep(item.Guid, NonEmpty(ReadText()));
                        continue;
                    case "title":
                        (item.Title, item.TitleKind) = ReadAtomText();
                        continue;
                    case "link":
                        var (link, fallback) = ReadAtomLink();
                        item.Link ??= link;
                        item.FallbackLink ??= fallback;
                        continue;
                    case "published" or "issued":
                        item.Published = Keep(item.Published, ReadText());
                        continue;
                    case "updated" or "modified":
                        item.Updated = Keep(item.Updated, ReadText());
                        continue;
                    case "summary":
                        (item.Summary, item.SummaryKind) = ReadAtomText();
                        continue;
                    case "content":
                        var src = _reader.GetAttribute("src");
                        if (src is not null)
                        {
                            item.Link ??= src;
                            _reader.Skip();
                            continue;
                        }

                        (item.Content, item.ContentKind) = ReadAtomText();
                        continue;
                    case "author":
                        ReadAtomPerson(item.Authors);
                        continue;
                    case "category":
                        AddNonEmpty(item.Categories, _reader.GetAttribute("label") ?? _reader.GetAttribute("term"));
                        _reader.Skip();
                        continue;
                    default:
                        break;
                }
            }
            else if (ns == DcNs)
            {
                switch (name)
                {
                    case "creator":
                        AddPerson(item.Authors, ReadText());
                        continue;
                    case "subject":
                        AddNonEmpty(item.Categories, ReadText());
                        continue;
                    case "date":
                        item.Published = Keep(item.Published, ReadText());
                        continue;
                    default:
                        break;
                }
            }
            else if (ns == MediaNs && name == "description")
            {
                item.Summary = Keep(item.Summary, ReadText());
                continue;
            }

            _reader.Skip();
        }

        feed.Add(item);
    }

    // Atom text constructs: type="text" is literal, "html" is escaped HTML, "xhtml" is inline
    // markup. Atom 0.3 writes MIME types ("text/plain", "text/html") and mode="escaped|xml|base64".
    private (string? Text, TextKind Kind) ReadAtomText()
    {
        var type = _reader.GetAttribute("type");
        var mode = _reader.GetAttribute("mode");
        var kind = type is null or "text" or "text/plain" ? TextKind.Plain : TextKind.Html;
        var value = ReadText();
        if (string.Equals(mode, "base64", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                value = Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
            }
            catch (FormatException)
            {
                _warnings.Add("an Atom base64 text construct could not be decoded");
                return (null, kind);
            }
        }

        if (kind == TextKind.Plain && _lastReadHadMarkup)
        {
            kind = TextKind.Html;
        }

        return (value, kind);
    }

    /// <summary>
    /// An Atom link: its href when it is the alternate link, else as a fallback when it is a link
    /// feedparser would fall back to (an enclosure, a related page, the document itself).
    /// </summary>
    private (string? Alternate, string? Fallback) ReadAtomLink()
    {
        var rel = _reader.GetAttribute("rel");
        var href = _reader.GetAttribute("href");
        var linkBase = ResolveBase(null);
        _reader.Skip();
        if (string.IsNullOrWhiteSpace(href))
        {
            return (null, null);
        }

        var resolved = linkBase is not null && Uri.TryCreate(linkBase, href, out var absolute) ? absolute.ToString() : href;
        return rel is null or "alternate" ? (resolved, null)
            : rel is "enclosure" or "related" or "self" or "via" ? (null, resolved)
            : (null, null);
    }

    private static bool IsRss(string ns) =>
        ns.Length == 0 || ns == Rss10Ns || ns == Rss090Ns || ns == HarvardRssNs
        || ns.StartsWith(UserlandRssNs, StringComparison.OrdinalIgnoreCase);

    private static bool IsAtom(string ns) =>
        ns is AtomNs or Atom03Ns or ""
        || ns.StartsWith(Atom03Ns, StringComparison.Ordinal)
        || Array.IndexOf(EarlyAtomNamespaces, ns) >= 0;

    private void ReadAtomPerson(List<string> people)
    {
        string? name = null;
        string? email = null;
        foreach (var _ in Children())
        {
            switch (_reader.LocalName)
            {
                case "name":
                    name = ReadText();
                    break;
                case "email":
                    email = ReadText();
                    break;
                default:
                    _reader.Skip();
                    break;
            }
        }

        AddNonEmpty(people, string.IsNullOrWhiteSpace(name) ? email : name);
    }

    // RSS author is "email (Name)" by the spec; "Name (email)", "Name <email>" and a bare name in practice.
    private static void AddPerson(List<string> people, string raw)
    {
        var text = HtmlSanitizer.ToPlainText(raw);
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open > 0 && close > open)
        {
            var inside = text[(open + 1)..close].Trim();
            var outside = text[..open].Trim();
            text = outside.Contains('@', StringComparison.Ordinal) ? inside : inside.Contains('@', StringComparison.Ordinal) ? outside : text;
        }
        else if (text.IndexOf('<', StringComparison.Ordinal) is var lt and > 0 && text.EndsWith('>'))
        {
            text = text[..lt].Trim();
        }

        AddNonEmpty(people, text);
    }

    private static void AddNonEmpty(List<string> list, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var text = HtmlSanitizer.CollapseWhitespace(value);
        if (!list.Contains(text))
        {
            list.Add(text);
        }
    }

    // Reads always happen (the element must be consumed); the first value seen wins.
    private static string? Keep(string? current, string? next) => current ?? next;

    // iTunes' namespace is written with differing case in the wild.
    private static bool IsItunes(string ns) => ns.Equals("http://www.itunes.com/dtds/podcast-1.0.dtd", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Iterates the child elements of the current element; each must be consumed by the caller.</summary>
    private IEnumerable<bool> Children()
    {
        var reader = _reader;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            yield break;
        }

        var depth = reader.Depth;
        CheckDepth(depth + 1);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                reader.Read();
                yield break;
            }

            if (reader.NodeType == XmlNodeType.Element)
            {
                // The caller consumes the element (reads it or skips it) before asking for the next.
                yield return true;
                continue;
            }

            reader.Read();
        }
    }

    private bool _lastReadHadMarkup;

    /// <summary>
    /// The content of the current element as a string, and the reader moved past its end. Text and
    /// CDATA are concatenated; child elements (inline HTML or XHTML) are written back as escaped markup.
    /// </summary>
    private string ReadText()
    {
        var reader = _reader;
        _lastReadHadMarkup = false;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var depth = reader.Depth;
        var max = _context.Limits.MaxTextLength;
        reader.Read();

        // Most fields are one text or CDATA node: return it without copying through a builder.
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
        {
            var single = reader.Value;
            reader.Read();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth && single.Length <= max)
            {
                reader.Read();
                return single;
            }

            _text.Clear().Append(single);
        }
        else
        {
            _text.Clear();
        }

        var text = _text;
        var markup = false;
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (text.Length < max)
                    {
                        if (markup)
                        {
                            text.Append(HtmlSanitizer.Escape(reader.Value));
                        }
                        else
                        {
                            text.Append(reader.Value);
                        }
                    }

                    break;
                case XmlNodeType.Element:
                    CheckDepth(reader.Depth);
                    if (!markup)
                    {
                        var sofar = HtmlSanitizer.Escape(text.ToString());
                        text.Clear().Append(sofar);
                        markup = true;
                    }

                    WriteStartTag(reader, text);
                    break;
                case XmlNodeType.EndElement:
                    text.Append("</").Append(reader.LocalName).Append('>');
                    break;
                default:
                    break;
            }

            reader.Read();
        }

        reader.Read();
        if (text.Length >= max)
        {
            text.Length = max;
            if (!_textLimitWarned)
            {
                _warnings.Add($"a text longer than {max} characters was cut");
                _textLimitWarned = true;
            }
        }

        _lastReadHadMarkup = markup;
        return text.ToString();
    }

    private static void WriteStartTag(XmlReader reader, StringBuilder text)
    {
        var empty = reader.IsEmptyElement;
        text.Append('<').Append(reader.LocalName);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix == "xmlns" || reader.LocalName == "xmlns")
                {
                    continue;
                }

                text.Append(' ').Append(reader.LocalName).Append("=\"").Append(HtmlSanitizer.Escape(reader.Value)).Append('"');
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }

        text.Append(empty ? " />" : ">");
    }

    private Uri? ResolveBase(Uri? parent)
    {
        var declared = _reader.GetAttribute("base", XmlNs);
        if (string.IsNullOrWhiteSpace(declared))
        {
            return parent;
        }

        if (parent is not null && Uri.TryCreate(parent, declared.Trim(), out var relative))
        {
            return relative;
        }

        return Uri.TryCreate(declared.Trim(), UriKind.Absolute, out var absolute) ? absolute : parent;
    }

    // Called for every element read: also where a spent time budget stops the reading.
    private void CheckDepth(int depth)
    {
        _context.Cancellation.ThrowIfCancellationRequested();
        if (depth > _context.Limits.MaxDepth)
        {
            throw new DocumentTooDeepException();
        }
    }

    internal static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }

    private sealed class DocumentTooDeepException : Exception
    {
    }
}
