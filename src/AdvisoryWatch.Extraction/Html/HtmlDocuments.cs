using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Html;

/// <summary>Parses an HTML page within the limits, with the encoding rules feeds use.</summary>
internal static class HtmlDocuments
{
    public static ExtractionResult<IHtmlDocument> Parse(ReadOnlyMemory<byte> body, ExtractionContext context)
    {
        if (body.Length > context.Limits.MaxDocumentBytes)
        {
            return ExtractionResult<IHtmlDocument>.Failure("too-large", $"the page is {body.Length:N0} bytes; the limit is {context.Limits.MaxDocumentBytes:N0}");
        }

        if (body.Span.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']).IsEmpty)
        {
            return ExtractionResult<IHtmlDocument>.Failure("empty", "the page is empty");
        }

        // A meta charset is honoured when neither a byte-order mark nor the HTTP header names one.
        var charset = context.HttpCharset ?? MetaCharset(body.Span);
        var text = DocumentDecoder.Decode(body.Span, charset, null);
        if (HtmlNesting.Exceeds(text, context.Limits.MaxDepth))
        {
            return ExtractionResult<IHtmlDocument>.Failure("too-deep", $"elements are nested deeper than {context.Limits.MaxDepth} levels");
        }

        return ExtractionResult<IHtmlDocument>.Success(ParseCancellable(text, context.Cancellation));
    }

    /// <summary>
    /// Parses with the cancellable entry point, which checks the token before every token it reads.
    /// A string source never waits for input, so the parse has run to its end (or to the
    /// cancellation, which throws here) when the call returns.
    /// </summary>
    internal static IHtmlDocument ParseCancellable(string html, CancellationToken cancellationToken)
    {
        var parsing = HtmlSanitizer.Parser.ParseDocumentAsync(html, cancellationToken);
        System.Diagnostics.Debug.Assert(parsing.IsCompleted, "a string source parses synchronously");
        return parsing.GetAwaiter().GetResult();
    }

    /// <summary>Runs a CSS selector, turning a malformed selector into a typed error rather than an exception.</summary>
    public static ExtractionResult<IReadOnlyList<IElement>> Select(IParentNode scope, string selector, string role)
    {
        try
        {
            return ExtractionResult<IReadOnlyList<IElement>>.Success(scope.QuerySelectorAll(selector).ToList());
        }
        catch (DomException e)
        {
            return ExtractionResult<IReadOnlyList<IElement>>.Failure("bad-selector", $"the {role} selector '{selector}' is not valid CSS: {e.Message}");
        }
    }

    public static IElement? SelectFirst(IParentNode scope, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return null;
        }

        try
        {
            return scope.QuerySelector(selector);
        }
        catch (DomException)
        {
            return null;
        }
    }

    private static readonly System.Buffers.SearchValues<byte> CharsetEnd = System.Buffers.SearchValues.Create("\"' ;/>"u8);

    private static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, 2048)];
        var at = head.IndexOf("charset="u8);
        if (at < 0)
        {
            return null;
        }

        var rest = head[(at + 8)..].TrimStart("\"' "u8);
        var end = rest.IndexOfAny(CharsetEnd);
        return end <= 0 ? null : System.Text.Encoding.ASCII.GetString(rest[..end]);
    }
}
