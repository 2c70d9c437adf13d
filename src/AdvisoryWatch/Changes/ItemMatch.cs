using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Changes;

/// <summary>How strongly an item read through one reader matches an advisory seen through another.</summary>
public enum MatchKind
{
    None,

    /// <summary>The same title, and one of the two gives no date.</summary>
    TitleUndated,

    /// <summary>The same title on the same day.</summary>
    TitleAndDate,

    /// <summary>The same canonical link.</summary>
    Link,
}

/// <summary>What cross-reader matching knows of an item: its canonical link and title (as keys) and its date.</summary>
/// <param name="LinkKey">See <see cref="ItemMatch.LinkKey"/>.</param>
/// <param name="TitleKey">See <see cref="ItemMatch.TitleKey"/>.</param>
/// <param name="Date">Published, else updated; a date without a time of day is midnight UTC.</param>
public readonly record struct ItemSighting(string? LinkKey, string? TitleKey, DateTimeOffset? Date)
{
    public static ItemSighting Of(ExtractedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(ItemMatch.LinkKey(item.Link), ItemMatch.TitleKey(item.Title), item.Published?.Utc ?? item.Updated?.Utc);
    }
}

/// <summary>
/// When an item read through one of a source's readers (its feed, its fallback list, a discovered
/// feed) is news already seen through another. A feed's guid and a list page's link never agree,
/// so the item key cannot tell; the canonical link can, and where feed and page link differently,
/// the title with the date. Within one reader, identity stays the item key.
/// </summary>
public static class ItemMatch
{
    // A date without a time (a list page's "9 juni 2026") is that day somewhere between UTC-12
    // and UTC+14: a timestamp from 14 hours before its midnight UTC to 36 hours after can be it.
    private static readonly TimeSpan DayEarliest = TimeSpan.FromHours(-14);
    private static readonly TimeSpan DayLatest = TimeSpan.FromHours(36);

    public static MatchKind Match(ItemSighting read, ItemSighting seen)
    {
        if (read.LinkKey is { } link && string.Equals(link, seen.LinkKey, StringComparison.Ordinal))
        {
            return MatchKind.Link;
        }

        if (read.TitleKey is null || !string.Equals(read.TitleKey, seen.TitleKey, StringComparison.Ordinal))
        {
            return MatchKind.None;
        }

        if (read.Date is { } a && seen.Date is { } b)
        {
            return SameDay(a, b) ? MatchKind.TitleAndDate : MatchKind.None;
        }

        return MatchKind.TitleUndated;
    }

    /// <summary>Whether two dates, each a timestamp or a bare day (midnight UTC), can be the same publication day.</summary>
    public static bool SameDay(DateTimeOffset a, DateTimeOffset b)
    {
        var aDay = IsBareDay(a);
        var bDay = IsBareDay(b);
        if (aDay && bDay)
        {
            return a.UtcDateTime.Date == b.UtcDateTime.Date;
        }

        if (aDay || bDay)
        {
            var (day, stamp) = aDay ? (a, b) : (b, a);
            var offset = stamp - day;
            return offset >= DayEarliest && offset < DayLatest;
        }

        return (a - b).Duration() <= TimeSpan.FromDays(1);
    }

    /// <summary>A date the source gave without a time of day (read as midnight UTC).</summary>
    public static bool IsBareDay(DateTimeOffset date) => date.UtcDateTime.TimeOfDay == TimeSpan.Zero;

    /// <summary>
    /// The link with what differs between a feed's and a page's spelling of it taken out: scheme,
    /// a leading <c>www.</c>, case, percent-encoding, a trailing slash and the order of query
    /// parameters. Hashed, so the key is short enough to index. Null when there is no http(s) link.
    /// </summary>
    public static string? LinkKey(string? link)
    {
        if (string.IsNullOrWhiteSpace(link)
            || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = uri.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath).ToLowerInvariant().TrimEnd('/');
        var query = uri.Query.Length > 1
            ? string.Join('&', uri.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).Order(StringComparer.Ordinal))
            : "";
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return Hash($"{host}{port}{path}?{query}");
    }

    /// <summary>
    /// The title in compatibility form, lower case, with every run of punctuation and spaces made
    /// one space: "Råd om TikTok – på jobbtelefoner." and "råd om tiktok på jobbtelefoner" agree.
    /// Hashed like <see cref="LinkKey"/>; null for a title without letters or digits.
    /// </summary>
    public static string? TitleKey(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var text = title.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        var normalised = builder.ToString().TrimEnd();
        return normalised.Length == 0 ? null : Hash(normalised);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
