namespace AdvisoryWatch.Extraction.Html;

/// <summary>What one configured selector matched on a page, for an admin tuning a source.</summary>
/// <param name="Role">Which setting: <c>item</c>, <c>title</c>, <c>link</c>, <c>date</c>, <c>summary</c>, <c>next-page</c>, <c>exclude</c> or <c>content</c>.</param>
/// <param name="Selector">The CSS selector as configured.</param>
/// <param name="Count">
/// For the item, exclude, next-page and content selectors: elements matched on the page. For a
/// selector within an item (title, link, date, summary): items in which it matched.
/// </param>
/// <param name="First">The plain text (for a link, the address) of the first few matches; hostile text, to be encoded by whoever shows it.</param>
/// <param name="Error">Why the selector could not be run (not valid CSS); null when it ran.</param>
public sealed record SelectorMatch(string Role, string Selector, int Count, IReadOnlyList<string> First, string? Error = null);
