using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace AdvisoryWatch.Changes;

/// <summary>
/// A line diff between two versions' text, in the familiar <c>-</c>/<c>+</c> form with a little
/// context. Bounded, because a reorganised page must not produce a diff larger than the page.
/// </summary>
public static class TextDiff
{
    public const int ContextLines = 2;
    public const int MaxOutputLines = 200;
    public const int MaxLineLength = 400;

    private static readonly InlineDiffBuilder Builder = new(new Differ());
    private static readonly SideBySideDiffBuilder WordBuilder = new(new Differ());

    /// <summary>The diff, or null when the texts have the same lines.</summary>
    public static string? Between(string? before, string? after)
    {
        var model = Builder.BuildDiffModel(before ?? string.Empty, after ?? string.Empty, ignoreWhitespace: true);
        var lines = model.Lines;
        var changed = new bool[lines.Count];
        var any = false;
        for (var i = 0; i < lines.Count; i++)
        {
            changed[i] = lines[i].Type is ChangeType.Inserted or ChangeType.Deleted or ChangeType.Modified;
            any |= changed[i];
        }

        if (!any)
        {
            return null;
        }

        var output = new StringBuilder();
        var written = 0;
        var lastWritten = -1;
        for (var i = 0; i < lines.Count && written < MaxOutputLines; i++)
        {
            if (!NearChange(changed, i))
            {
                continue;
            }

            if (lastWritten >= 0 && i > lastWritten + 1)
            {
                output.Append("…\n");
            }

            var prefix = lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                ChangeType.Modified => "+ ",
                _ => "  ",
            };
            var text = lines[i].Text ?? string.Empty;
            output.Append(prefix).Append(text.Length > MaxLineLength ? string.Concat(text.AsSpan(0, MaxLineLength), "…") : text).Append('\n');
            written++;
            lastWritten = i;
        }

        if (written == MaxOutputLines)
        {
            output.Append("… (diff shortened)\n");
        }

        return output.ToString();
    }

    /// <summary>
    /// A readable comparison of any two versions' text: removed and added lines, a line that
    /// changed as its old and its new form with the differing words marked, two lines of context
    /// around each change and a gap row for the rest. Bounded as <see cref="Between"/> is.
    /// </summary>
    public static IReadOnlyList<DiffRow> Compare(string? before, string? after)
    {
        var model = WordBuilder.BuildDiffModel(before ?? string.Empty, after ?? string.Empty);
        var old = model.OldText.Lines;
        var @new = model.NewText.Lines;
        var count = Math.Max(old.Count, @new.Count);
        var changed = new bool[count];
        for (var i = 0; i < count; i++)
        {
            changed[i] = At(old, i)?.Type is not (null or ChangeType.Unchanged) || At(@new, i)?.Type is not (null or ChangeType.Unchanged);
        }

        var rows = new List<DiffRow>();
        var lastShown = -1;
        for (var i = 0; i < count && rows.Count < MaxOutputLines; i++)
        {
            if (!NearChange(changed, i))
            {
                continue;
            }

            if (i > lastShown + 1)
            {
                rows.Add(new DiffRow(DiffKind.Gap, []));
            }

            lastShown = i;
            var (o, n) = (At(old, i), At(@new, i));
            if (!changed[i])
            {
                rows.Add(new DiffRow(DiffKind.Unchanged, [new DiffSpan(DiffKind.Unchanged, Shorten(n?.Text))]));
                continue;
            }

            if (o is { Type: ChangeType.Deleted or ChangeType.Modified })
            {
                rows.Add(new DiffRow(DiffKind.Deleted, Words(o, ChangeType.Deleted, DiffKind.Deleted)));
            }

            if (n is { Type: ChangeType.Inserted or ChangeType.Modified })
            {
                rows.Add(new DiffRow(DiffKind.Inserted, Words(n, ChangeType.Inserted, DiffKind.Inserted)));
            }
        }

        if (lastShown >= 0 && lastShown < count - 1 && rows.Count < MaxOutputLines)
        {
            rows.Add(new DiffRow(DiffKind.Gap, []));
        }

        return rows;
    }

    /// <summary>Added and removed line counts, for a one-line description of a change.</summary>
    public static (int Added, int Removed) Count(string? diff)
    {
        if (diff is null)
        {
            return (0, 0);
        }

        int added = 0, removed = 0;
        foreach (var line in diff.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("+ "))
            {
                added++;
            }
            else if (line.StartsWith("- "))
            {
                removed++;
            }
        }

        return (added, removed);
    }

    private static DiffPiece? At(List<DiffPiece> lines, int index) => index < lines.Count ? lines[index] : null;

    private static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length > MaxLineLength ? string.Concat(text.AsSpan(0, MaxLineLength), "…") : text;

    // A modified line's words: the ones of this side's change marked, the others plain. A whole
    // line added or removed is one marked run.
    private static List<DiffSpan> Words(DiffPiece line, ChangeType marked, DiffKind kind)
    {
        if (line.Type != ChangeType.Modified || line.SubPieces.Count == 0)
        {
            return [new DiffSpan(kind, Shorten(line.Text))];
        }

        var spans = new List<DiffSpan>();
        var length = 0;
        foreach (var word in line.SubPieces)
        {
            if (word.Type == ChangeType.Imaginary || string.IsNullOrEmpty(word.Text) || length > MaxLineLength)
            {
                continue;
            }

            var wordKind = word.Type == marked || word.Type == ChangeType.Modified ? kind : DiffKind.Unchanged;
            length += word.Text.Length;

            // Neighbouring words of one kind as one run: fewer elements, and a reader hears one change.
            if (spans.Count > 0 && spans[^1].Kind == wordKind)
            {
                spans[^1] = spans[^1] with { Text = spans[^1].Text + word.Text };
            }
            else
            {
                spans.Add(new DiffSpan(wordKind, word.Text));
            }
        }

        return spans;
    }

    private static bool NearChange(bool[] changed, int index)
    {
        var from = Math.Max(0, index - ContextLines);
        var to = Math.Min(changed.Length - 1, index + ContextLines);
        for (var i = from; i <= to; i++)
        {
            if (changed[i])
            {
                return true;
            }
        }

        return false;
    }
}
