namespace AdvisoryWatch.Notifications.Rendering;

internal enum DiffLineKind
{
    Context,
    Added,
    Removed,

    /// <summary>Unchanged lines left out between two shown parts.</summary>
    Gap,
}

/// <summary>A shown line: a slice of the stored diff (prefix included), so nothing is copied.</summary>
internal readonly record struct DiffLine(int Start, int Length, DiffLineKind Kind);

/// <summary>
/// Shortens a stored diff ("+ ", "- ", "  " prefixes, "…" where lines were left out) for a
/// message: changed lines with at most one line of context on each side, a gap marker between
/// parts that are not adjacent, up to a line and character budget; the changed lines that did not
/// fit are counted for a "N more lines changed" line.
/// </summary>
internal static class DiffShortener
{
    /// <summary>Fills <paramref name="shown"/> (cleared first); returns how many changed lines were left out.</summary>
    public static int Shorten(string diff, int maxLines, int maxChars, List<DiffLine> shown)
    {
        shown.Clear();
        var chars = 0;
        var leftOut = 0;
        var full = false;
        var lastShown = -2;
        var previousWasChange = false;
        DiffLine previous = default;
        var index = 0;
        var position = 0;
        while (position < diff.Length)
        {
            var end = diff.IndexOf('\n', position);
            if (end < 0)
            {
                end = diff.Length;
            }

            var length = end > position && diff[end - 1] == '\r' ? end - position - 1 : end - position;
            var line = new DiffLine(position, length, Classify(diff.AsSpan(position, length)));
            position = end + 1;

            if (line.Kind is DiffLineKind.Added or DiffLineKind.Removed)
            {
                if (full)
                {
                    // Nothing more is shown: count the remaining changed lines in two vectorised passes.
                    var rest = diff.AsSpan(position);
                    // Context lines start with two spaces and gaps with "…", so a line starting with + or - is a change;
                    // two-character needles of rare characters keep the scans fast.
                    leftOut += 1 + rest.Count("\n+") + rest.Count("\n-") + (rest.StartsWith("+ ") || rest.StartsWith("- ") ? 1 : 0);
                    break;
                }
                else
                {
                    if (lastShown < index - 1)
                    {
                        var withContext = index > 0 && previous.Kind == DiffLineKind.Context;
                        if (lastShown >= 0 && (!withContext || lastShown < index - 2))
                        {
                            full = !TryAdd(shown, new DiffLine(0, 0, DiffLineKind.Gap), 1, maxLines, maxChars, ref chars);
                        }

                        if (!full && withContext)
                        {
                            full = !TryAdd(shown, previous, previous.Length, maxLines, maxChars, ref chars);
                        }
                    }

                    full = full || !TryAdd(shown, line, line.Length, maxLines, maxChars, ref chars);
                    if (full)
                    {
                        leftOut++;
                    }
                    else
                    {
                        lastShown = index;
                    }
                }

                previousWasChange = true;
            }
            else
            {
                if (!full && previousWasChange && lastShown == index - 1 && line.Kind == DiffLineKind.Context)
                {
                    // Trailing context is a nicety: when it does not fit, nothing is lost.
                    if (TryAdd(shown, line, line.Length, maxLines, maxChars, ref chars))
                    {
                        lastShown = index;
                    }
                }

                previousWasChange = false;
            }

            previous = line;
            index++;
        }

        // A gap marker last says nothing the "more lines" line does not say better.
        if (shown.Count > 0 && shown[^1].Kind == DiffLineKind.Gap)
        {
            shown.RemoveAt(shown.Count - 1);
        }

        return leftOut;
    }

    private static bool TryAdd(List<DiffLine> shown, DiffLine line, int length, int maxLines, int maxChars, ref int chars)
    {
        if (shown.Count >= maxLines || chars + length + 1 > maxChars)
        {
            return false;
        }

        shown.Add(line);
        chars += length + 1;
        return true;
    }

    private static DiffLineKind Classify(ReadOnlySpan<char> line) =>
        line.StartsWith("+ ") ? DiffLineKind.Added
        : line.StartsWith("- ") ? DiffLineKind.Removed
        : line.StartsWith('…') ? DiffLineKind.Gap
        : DiffLineKind.Context;
}
