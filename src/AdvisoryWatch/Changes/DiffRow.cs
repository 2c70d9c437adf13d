namespace AdvisoryWatch.Changes;

/// <summary>How a line (or a word in a changed line) of a comparison differs.</summary>
public enum DiffKind
{
    Unchanged,
    Inserted,
    Deleted,

    /// <summary>Unchanged lines left out between two changes.</summary>
    Gap,
}

/// <summary>A run of text in a line of a comparison.</summary>
public sealed record DiffSpan(DiffKind Kind, string Text);

/// <summary>
/// One line of a readable comparison of two versions (<see cref="TextDiff.Compare"/>): a changed
/// line is split into words, so a page can mark just the words that differ.
/// </summary>
public sealed record DiffRow(DiffKind Kind, IReadOnlyList<DiffSpan> Spans);
