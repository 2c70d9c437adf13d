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

        var warnings = new List<string>();

        // The common case, well-formed UTF-8 XML, is read straight from the bytes; the lenient
        // path below decodes to a string and repairs it first.
        if (CleanUtf8Xml.Start(body.Span, context.HttpCharset) is { } cleanStart)
        {
            var bytes = body[cleanStart..];
            using var rewritten = CleanUtf8Xml.RewriteReferences(bytes.Span, out var fixes);
            if (rewritten is not null)
            {
                bytes = rewritten.Memory;
                if (fixes > 0)
                {
                    warnings.Add($"{fixes} undefined entities or stray ampersands repaired");
                }
            }

            return XmlFeedReader.Read((settings, parserContext) => CleanUtf8Xml.Open(bytes, settings, parserContext), context, warnings);
        }

        var text = DocumentDecoder.Decode(body.Span, context.HttpCharset, warnings);
        var start = FirstSignificant(text);
        if (start < 0)
        {
            return ExtractionResult<ExtractedFeed>.Failure("empty", "the document is empty");
        }

        if (text[start] is '{' or '[')
        {
            return JsonFeedReader.Read(text[start..], context, warnings);
        }

        // Junk before the document (a PHP warning, a stray line) is skipped: start at the XML
        // declaration when there is one nearby, else at the first tag.
        var declaration = text.IndexOf("<?xml", start, Math.Min(text.Length - start, 4096), StringComparison.Ordinal);
        var begin = declaration >= 0 ? declaration : text.IndexOf('<', start);
        if (begin < 0)
        {
            return ExtractionResult<ExtractedFeed>.Failure("not-a-feed", "the document holds neither XML nor JSON");
        }

        if (begin > start)
        {
            warnings.Add($"{begin - start} characters of junk before the XML were skipped");
        }

        var repaired = XmlRepair.Repair(text, begin, warnings);
        return XmlFeedReader.Read((settings, parserContext) => XmlReader.Create(new StringReader(repaired), settings, parserContext), context, warnings);
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
