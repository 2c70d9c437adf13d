using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// One change as an alert or a digest shows it: the item, how much of its summary and diff the
/// message has room for, and the diff already shortened (once, for both the text and the HTML).
/// </summary>
internal sealed class ItemView
{
    public ItemView(AlertItem item, int summaryMaxLength, int diffLines, int diffChars, int diffLineLength)
    {
        Item = item;
        SummaryMaxLength = summaryMaxLength;
        TitleChanged = item.Kind == ChangeKind.Updated && !string.IsNullOrEmpty(item.PreviousTitle) && !string.Equals(item.PreviousTitle, item.Title, StringComparison.Ordinal);
        DiffShown = item.Kind is ChangeKind.Updated or ChangeKind.PageChanged && !string.IsNullOrEmpty(item.Diff);
        if (DiffShown)
        {
            var lines = new List<DiffLine>(Math.Min(diffLines, 32));
            MoreLines = DiffShortener.Shorten(item.Diff!, diffLines, diffChars, lines);
            var shown = new DiffLineView[lines.Count];
            for (var i = 0; i < shown.Length; i++)
            {
                shown[i] = new DiffLineView(item.Diff!, lines[i], diffLineLength);
            }

            DiffLines = shown;
        }
        else
        {
            DiffLines = [];
        }
    }

    public AlertItem Item { get; }

    public int SummaryMaxLength { get; }

    /// <summary>An update whose title changed: the diff covers the text only, so the titles are shown apart.</summary>
    public bool TitleChanged { get; }

    public bool DiffShown { get; }

    public IReadOnlyList<DiffLineView> DiffLines { get; }

    /// <summary>Changed lines the shortened diff left out.</summary>
    public int MoreLines { get; }
}
