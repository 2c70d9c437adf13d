using System.Xml;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>Reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1, leniently and within limits.</summary>
/// <remarks>
/// Lenient in the way Python's feedparser is, because real authority feeds need it: junk before
/// the XML declaration, wrong encoding declarations, HTML entities XML does not define, stray
/// ampersands, undeclared namespace prefixes and a document broken half-way (the items before the
/// break are kept). Never lenient about safety: no DTD processing, no external resources, and caps
/// on size, depth, item count and text length.
/// </remarks>
public static class FeedParser
{
    /// <summary>Reads the feed within <see cref="ExtractionLimits.TimeBudget"/>.</summary>
    public static ExtractionResult<ExtractedFeed> Parse(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExtractionBudget.Run(context, budgeted => Read(body, budgeted));
    }

    private static ExtractionResult<ExtractedFeed> Read(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        var limits = context.Limits;
        if (body.Length > limits.MaxDocumentBytes)
        {
            return ExtractionResult<ExtractedFeed>.Failure("too-large", $"the document is {body.Length:N0} bytes; the limit is {limits.MaxDocumentBytes:N0}");
        }

        var result = ReadXmlOrJson(body, context);
        if (result.Succeeded && result.Value.Items.Count == 0 && LooksLikeItems(body.Span))
        {
            // Never a quiet "ok, no items" when the document plainly holds some.
            result = ExtractionResult<ExtractedFeed>.Success(result.Value with { Warnings = [.. result.Value.Warnings, "the document holds <item> or <entry> elements, but none could be read as the feed's items"] });
        }

        return result;
    }

    private static ExtractionResult<ExtractedFeed> ReadXmlOrJson(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        var warnings = new List<string>();

        // The common case, well-formed UTF-8 XML, is read straight from the bytes; the lenient
        // path below decodes to a string and repairs it first.
        if (CleanUtf8Xml.Start(body.Span, context.HttpCharset) is { } cleanStart)
        {
            var bytes = body[cleanStart..];
            ExtractionResult<ExtractedFeed> clean;
            XmlException? malformed;
            var strict = new List<string>(warnings);
            using (var rewritten = CleanUtf8Xml.RewriteReferences(bytes.Span, out var fixes))
            {
                var input = rewritten is null ? bytes : rewritten.Memory;
                if (fixes > 0)
                {
                    strict.Add($"{fixes} undefined entities or stray ampersands repaired");
                }

                clean = XmlFeedReader.Read((settings, parserContext) => CleanUtf8Xml.Open(input, settings, parserContext), context, strict, out malformed);
            }

            if (malformed is null)
            {
                return clean.Succeeded ? clean : Unwrapped(clean, System.Text.Encoding.UTF8.GetString(bytes.Span), context, warnings);
            }

            // Not well-formed after all: the same bytes through the lenient path, which recovers.
            var text = System.Text.Encoding.UTF8.GetString(bytes.Span);
            return Recover(clean, malformed, XmlRepair.Repair(text, 0, warnings), context, warnings);
        }

        var decoded = DocumentDecoder.Decode(body.Span, context.HttpCharset, warnings);
        var start = FirstSignificant(decoded);
        if (start < 0)
        {
            return ExtractionResult<ExtractedFeed>.Failure("empty", "the document is empty");
        }

        if (decoded[start] is '{' or '[')
        {
            return JsonFeedReader.Read(decoded[start..], context, warnings);
        }

        // Junk before the document (a PHP warning, a stray line) is skipped: start at the XML
        // declaration when there is one nearby, else at the first tag.
        var declaration = decoded.IndexOf("<?xml", start, Math.Min(decoded.Length - start, 4096), StringComparison.Ordinal);
        var begin = declaration >= 0 ? declaration : decoded.IndexOf('<', start);
        if (begin < 0)
        {
            return ExtractionResult<ExtractedFeed>.Failure("not-a-feed", "the document holds neither XML nor JSON");
        }

        if (begin > start)
        {
            warnings.Add($"{begin - start} characters of junk before the XML were skipped");
        }

        var repaired = XmlRepair.Repair(decoded, begin, warnings);
        var lenient = new List<string>(warnings);
        var first = XmlFeedReader.Read((settings, parserContext) => XmlReader.Create(new StringReader(repaired), settings, parserContext), context, lenient, out var error);
        return error is null ? Unwrapped(first, repaired, context, warnings) : Recover(first, error, repaired, context, warnings);
    }

    /// <summary>
    /// Reads a document that is not well-formed a second time, from a balanced copy: the items after
    /// an ill-formed element are kept, and what was changed is a warning. The strict reading's result
    /// stands when the recovered one is no better.
    /// </summary>
    private static ExtractionResult<ExtractedFeed> Recover(ExtractionResult<ExtractedFeed> strict, XmlException malformed, string text, ExtractionContext context, List<string> warnings)
    {
        var recovering = new List<string>(warnings)
        {
            $"not well-formed XML at line {malformed.LineNumber}, column {malformed.LinePosition} ({XmlFeedReader.FirstSentence(malformed.Message)}); read on by recovering",
        };
        var balanced = XmlRecovery.Balance(text, recovering);
        var recovered = XmlFeedReader.Read((settings, parserContext) => XmlReader.Create(new StringReader(balanced), settings, parserContext), context, recovering, out _);
        if (recovered.Succeeded && (recovered.Value.Items.Count > 0 || recovered.Value.Title is not null))
        {
            return strict.Succeeded && strict.Value.Items.Count > recovered.Value.Items.Count ? strict : recovered;
        }

        // Nothing worth calling a feed came out of it: the strict reading's error says best where
        // the document went wrong, unless it is a feed inside an HTML page.
        if (strict.Succeeded)
        {
            return strict;
        }

        var unwrapped = recovered.Succeeded ? recovered : Unwrapped(recovered, text, context, warnings);
        return unwrapped.Succeeded && unwrapped != recovered ? unwrapped : strict;
    }

    /// <summary>A feed inside an HTML page (pasted into a &lt;body&gt;, a &lt;pre&gt;) is read from where it starts.</summary>
    private static ExtractionResult<ExtractedFeed> Unwrapped(ExtractionResult<ExtractedFeed> result, string text, ExtractionContext context, List<string> warnings)
    {
        if (result.Succeeded || result.Error.Code != "not-a-feed" || !result.Error.Message.Contains("HTML page", StringComparison.Ordinal))
        {
            return result;
        }

        var at = -1;
        string? root = null;
        foreach (var candidate in (ReadOnlySpan<string>)["rss", "rdf:RDF", "feed"])
        {
            var found = IndexOfStartTag(text, candidate);
            if (found >= 0 && (at < 0 || found < at))
            {
                (at, root) = (found, candidate);
            }
        }

        if (root is null)
        {
            return result;
        }

        var close = text.LastIndexOf("</" + root + ">", StringComparison.Ordinal);
        var inner = close > at ? text[at..(close + root.Length + 3)] : text[at..];
        var unwrapping = new List<string>(warnings) { $"the feed was wrapped in an HTML page; read from the <{root}> inside it" };
        var read = XmlFeedReader.Read((settings, parserContext) => XmlReader.Create(new StringReader(inner), settings, parserContext), context, unwrapping, out var malformed);
        return malformed is null ? read : Recover(read, malformed, inner, context, unwrapping);
    }

    private static int IndexOfStartTag(string text, string name)
    {
        var at = 0;
        while ((at = text.IndexOf("<" + name, at, StringComparison.Ordinal)) >= 0)
        {
            var next = at + name.Length + 1;
            if (next < text.Length && (char.IsWhiteSpace(text[next]) || text[next] is '>' or '/'))
            {
                return at;
            }

            at = next;
        }

        return -1;
    }

    private static bool LooksLikeItems(ReadOnlySpan<byte> body) =>
        HasTag(body, "<item"u8) || HasTag(body, "<entry"u8) || HasTag(body, ":item"u8) || HasTag(body, ":entry"u8);

    // The name followed by the end of a name: "<item>" and "<item " count, "<items>" does not.
    private static bool HasTag(ReadOnlySpan<byte> body, ReadOnlySpan<byte> open)
    {
        for (var at = body.IndexOf(open); at >= 0; at = body.IndexOf(open) is var next and >= 0 ? next : -1)
        {
            body = body[(at + open.Length)..];
            if (!body.IsEmpty && body[0] is (byte)'>' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/')
            {
                return true;
            }
        }

        return false;
    }

    private static int FirstSignificant(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && text[i] != '\uFEFF' && text[i] != '\0')
            {
                return i;
            }
        }

        return -1;
    }
}
