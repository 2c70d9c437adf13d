using AngleSharp.Dom;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Html;

/// <summary>
/// Runs each configured selector of an HTML list or a watched page on a document and says what it
/// matched, so that an admin sees why a list yields nothing before saving it. Reads the document as
/// <see cref="HtmlListExtractor"/> does: same parser, same limits, same time budget.
/// </summary>
public static class SelectorProbe
{
    /// <summary>Matches shown per selector.</summary>
    public const int Shown = 3;

    private const int MaxShownLength = 200;

    public static ExtractionResult<IReadOnlyList<SelectorMatch>> Probe(ReadOnlyMemory<byte> body, HtmlListConfig? list, PageWatchConfig? page, ExtractionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExtractionBudget.Run(context, budgeted => Read(body, list, page, budgeted));
    }

    private static ExtractionResult<IReadOnlyList<SelectorMatch>> Read(ReadOnlyMemory<byte> body, HtmlListConfig? list, PageWatchConfig? page, ExtractionContext context)
    {
        var parsed = HtmlDocuments.Parse(body, context);
        if (!parsed.Succeeded)
        {
            return ExtractionResult<IReadOnlyList<SelectorMatch>>.Failure(parsed.Error.Code, parsed.Error.Message);
        }

        using var document = parsed.Value;
        var matches = new List<SelectorMatch>();
        if (list is not null)
        {
            var items = Whole(document, "item", list.Item, matches, Text);
            foreach (var (role, selector, show) in new (string, string?, Func<IElement, string>)[]
            {
                ("title", list.Title, Text),
                ("link", list.Link, Href),
                ("date", list.Date, e => e.GetAttribute("datetime") ?? Text(e)),
                ("summary", list.Summary, Text),
            })
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (!string.IsNullOrWhiteSpace(selector))
                {
                    matches.Add(WithinItems(items, role, selector, show));
                }
            }

            Whole(document, "next-page", list.NextPage, matches, Href);
            Whole(document, "exclude", list.Exclude, matches, Text);
        }

        if (page is not null)
        {
            Whole(document, "content", page.ContentSelector, matches, Text);
            foreach (var exclude in page.ExcludeSelectors)
            {
                Whole(document, "exclude", exclude, matches, Text);
            }
        }

        return ExtractionResult<IReadOnlyList<SelectorMatch>>.Success(matches);
    }

    /// <summary>Runs a selector on the whole document; the matched elements (none when it was not set or not valid).</summary>
    private static IReadOnlyList<IElement> Whole(IParentNode document, string role, string? selector, List<SelectorMatch> matches, Func<IElement, string> show)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return [];
        }

        var selected = HtmlDocuments.Select(document, selector, role);
        if (!selected.Succeeded)
        {
            matches.Add(new SelectorMatch(role, selector, 0, [], selected.Error.Message));
            return [];
        }

        matches.Add(new SelectorMatch(role, selector, selected.Value.Count, [.. selected.Value.Take(Shown).Select(e => Cut(show(e)))]));
        return selected.Value;
    }

    private static SelectorMatch WithinItems(IReadOnlyList<IElement> items, string role, string selector, Func<IElement, string> show)
    {
        var found = new List<IElement>();
        foreach (var item in items)
        {
            var selected = HtmlDocuments.Select(item, selector, role);
            if (!selected.Succeeded)
            {
                return new SelectorMatch(role, selector, 0, [], selected.Error.Message);
            }

            if (selected.Value.Count > 0)
            {
                found.Add(selected.Value[0]);
            }
        }

        return new SelectorMatch(role, selector, found.Count, [.. found.Take(Shown).Select(e => Cut(show(e)))]);
    }

    private static string Text(IElement element) => HtmlSanitizer.CollapseWhitespace(HtmlSanitizer.TextOf(element, keepLines: false));

    private static string Href(IElement element) =>
        element.GetAttribute("href") ?? element.QuerySelector("a[href]")?.GetAttribute("href") ?? Text(element);

    private static string Cut(string text) => text.Length <= MaxShownLength ? text : string.Concat(text.AsSpan(0, MaxShownLength - 1), "…");
}
