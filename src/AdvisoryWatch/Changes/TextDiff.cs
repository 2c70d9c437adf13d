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
