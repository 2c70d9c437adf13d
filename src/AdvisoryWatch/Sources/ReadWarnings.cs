using System.Globalization;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary>A read's warnings as one line for the source's health.</summary>
public static class ReadWarnings
{
    private const int MaxLength = 2000;

    /// <summary>Null for a clean read; else how many warnings, then each, cut to fit the column.</summary>
    public static string? Summarise(ExtractedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (feed.Warnings.Count == 0)
        {
            return null;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{feed.Warnings.Count} warning{(feed.Warnings.Count == 1 ? string.Empty : "s")}: {string.Join("; ", feed.Warnings)}").ReplaceLineEndings(" ");
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }
}
