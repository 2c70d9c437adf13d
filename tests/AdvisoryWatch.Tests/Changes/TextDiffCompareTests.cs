using AdvisoryWatch.Changes;

namespace AdvisoryWatch.Tests.Changes;

/// <summary>The readable comparison of two versions on an advisory's page.</summary>
public sealed class TextDiffCompareTests
{
    [Fact]
    public void A_changed_line_marks_only_the_words_that_differ_and_far_unchanged_lines_become_one_gap()
    {
        var before = "Innledning\nA\nB\nC\nD\nBruk lange passord hver dag\nE\nF\nG\nH";
        var after = "Innledning\nA\nB\nC\nD\nBruk lange passordfraser hver dag\nE\nF\nG\nH\nNy linje";
        var rows = TextDiff.Compare(before, after);

        var removed = Assert.Single(rows, r => r.Kind == DiffKind.Deleted);
        var added = rows.Where(r => r.Kind == DiffKind.Inserted).ToList();
        Assert.Equal("passord", Assert.Single(removed.Spans, s => s.Kind == DiffKind.Deleted).Text.Trim());
        Assert.StartsWith("Bruk lange ", string.Concat(removed.Spans.TakeWhile(s => s.Kind == DiffKind.Unchanged).Select(s => s.Text)), StringComparison.Ordinal);
        Assert.Equal("passordfraser", Assert.Single(added[0].Spans, s => s.Kind == DiffKind.Inserted).Text.Trim());
        Assert.Equal([new DiffSpan(DiffKind.Inserted, "Ny linje")], added[1].Spans);

        // "Innledning", "A" and "B" are more than two lines from a change: one gap, then context.
        Assert.Equal(DiffKind.Gap, rows[0].Kind);
        Assert.Equal(["C", "D"], rows.Skip(1).Take(2).Select(r => r.Spans.Single().Text));
        Assert.Single(rows, r => r.Kind == DiffKind.Gap);
    }

    [Fact]
    public void The_same_text_gives_no_rows()
    {
        Assert.Empty(TextDiff.Compare("Lik\ntekst", "Lik\ntekst"));
        Assert.Equal([new DiffRow(DiffKind.Inserted, [new DiffSpan(DiffKind.Inserted, "Ny")])], TextDiff.Compare(null, "Ny").Select(r => r with { Spans = [.. r.Spans] }), RowComparer.Instance);
    }

    private sealed class RowComparer : IEqualityComparer<DiffRow>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(DiffRow? x, DiffRow? y) => x is not null && y is not null && x.Kind == y.Kind && x.Spans.SequenceEqual(y.Spans);

        public int GetHashCode(DiffRow obj) => obj.Kind.GetHashCode();
    }
}
