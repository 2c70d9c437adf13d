using System.Security.Cryptography;
using System.Text;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Html;

/// <summary>Reduces a watched page to normalised main text and its SHA-256.</summary>
/// <remarks>
/// The text keeps block structure as lines, so that a line diff of two versions shows what
/// changed, and leaves out what changes on every visit (scripts, navigation, configured stamps
/// such as "sist oppdatert"), so that the hash changes only when the guidance does.
/// </remarks>
public static class PageExtractor
{
    private static readonly string[] DefaultContent = ["main", "article", "[role=main]", "body"];

    private static readonly string[] Noise = ["script", "style", "noscript", "template", "nav", "header", "footer", "form", "iframe", "svg", "[hidden]", "[aria-hidden=true]"];

    /// <summary>Reads the page within <see cref="ExtractionLimits.TimeBudget"/>.</summary>
    public static ExtractionResult<ExtractedPage> Extract(ReadOnlyMemory<byte> body, PageWatchConfig config, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        return ExtractionBudget.Run(context, budgeted => Read(body, config, budgeted));
    }

    private static ExtractionResult<ExtractedPage> Read(ReadOnlyMemory<byte> body, PageWatchConfig config, ExtractionContext context)
    {
        var parsed = HtmlDocuments.Parse(body, context);
        if (!parsed.Succeeded)
        {
            return ExtractionResult<ExtractedPage>.Failure(parsed.Error.Code, parsed.Error.Message);
        }

        using var document = parsed.Value;
        AngleSharp.Dom.IElement? content = null;
        if (!string.IsNullOrWhiteSpace(config.ContentSelector))
        {
            var selected = HtmlDocuments.Select(document, config.ContentSelector, "content");
            if (!selected.Succeeded)
            {
                return ExtractionResult<ExtractedPage>.Failure(selected.Error.Code, selected.Error.Message);
            }

            content = selected.Value.Count > 0 ? selected.Value[0] : null;
            if (content is null)
            {
                return ExtractionResult<ExtractedPage>.Failure("selector-matched-nothing", $"the content selector '{config.ContentSelector}' matched nothing on the page");
            }
        }
        else
        {
            content = DefaultContent.Select(s => document.QuerySelector(s)).FirstOrDefault(e => e is not null);
        }

        if (content is null)
        {
            return ExtractionResult<ExtractedPage>.Failure("selector-matched-nothing", "the page has no main, article or body element");
        }

        foreach (var selector in config.ExcludeSelectors)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var excluded = HtmlDocuments.Select(content, selector, "exclude");
            if (!excluded.Succeeded)
            {
                return ExtractionResult<ExtractedPage>.Failure(excluded.Error.Code, excluded.Error.Message);
            }

            foreach (var element in excluded.Value)
            {
                element.Remove();
            }
        }

        // Page chrome inside the content (a <nav> in <main>) is noise only when the admin let the
        // default pick the content; a configured selector is taken as it is.
        if (string.IsNullOrWhiteSpace(config.ContentSelector))
        {
            foreach (var element in content.QuerySelectorAll(string.Join(',', Noise)).ToList())
            {
                element.Remove();
            }
        }
        else
        {
            foreach (var element in content.QuerySelectorAll("script,style,noscript,template").ToList())
            {
                element.Remove();
            }
        }

        context.Cancellation.ThrowIfCancellationRequested();
        var text = HtmlSanitizer.TextOf(content, keepLines: true);
        if (text.Length > context.Limits.MaxTextLength)
        {
            text = text[..context.Limits.MaxTextLength];
        }

        var title = HtmlSanitizer.CollapseWhitespace(document.QuerySelector("h1")?.TextContent ?? document.Title ?? string.Empty);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return ExtractionResult<ExtractedPage>.Success(new ExtractedPage(title.Length == 0 ? null : title, text, hash, context.DocumentUri?.AbsoluteUri ?? string.Empty));
    }
}
