using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Text from authority websites is hostile: a title may carry CR/LF to forge mail headers, line
/// separators, bidi overrides or markup. Everything a message shows passes through here.
/// </summary>
internal static class SafeText
{
    /// <summary>Letters of every script stay as they are; markup characters are always encoded.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The encoder's entity for each printable ASCII character it changes (asked, not assumed).</summary>
    private static readonly string?[] AsciiEntities = CreateAsciiEntities();

    private static readonly SearchValues<char> EncodedAscii = SearchValues.Create(
        Enumerable.Range(0, 128).Where(c => AsciiEntities[c] is not null).Select(c => (char)c).ToArray());

    /// <summary>The top of the Latin range the encoder leaves alone from U+00A1 on (checked once, at start).</summary>
    private static readonly char LatinEnd = CreateLatinEnd();

    /// <summary>
    /// One line: every control character, CR, LF, tab, NEL, U+2028/U+2029 and other white space
    /// becomes one space, runs of them one space, the ends trimmed; bidi overrides and BOMs are
    /// dropped (they can make a title read backwards); a lone surrogate becomes U+FFFD. Longer
    /// than <paramref name="maxLength"/> is cut on a grapheme boundary and ends in an ellipsis.
    /// </summary>
    public static string OneLine(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var rented = ArrayPool<char>.Shared.Rent(Math.Min(value.Length, maxLength + 64) + 1);
        try
        {
            var written = OneLine(value, rented, maxLength);
            return new string(rented, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="OneLine(string?, int)"/> into <paramref name="destination"/>, which must hold at
    /// least <c>min(value.Length, maxLength + 1)</c> characters; returns how many were written.
    /// </summary>
    public static int OneLine(ReadOnlySpan<char> value, Span<char> destination, int maxLength)
    {
        var written = 0;
        var pendingSpace = false;
        var more = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (IsInvisibleTrap(c))
            {
                continue;
            }

            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (!pair && char.IsSurrogate(c))
            {
                c = '\uFFFD';
            }

            var units = pair ? 2 : 1;
            if (written + units + (pendingSpace ? 1 : 0) > destination.Length)
            {
                more = true;
                break;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }

            destination[written++] = c;
            if (pair)
            {
                destination[written++] = value[++i];
            }
        }

        if (!more && written <= maxLength)
        {
            return written;
        }

        var kept = CutLength(destination[..written], maxLength);
        destination[kept] = '…';
        return kept + 1;
    }

    /// <summary>Only absolute http and https links are ever shown; <c>javascript:</c>, <c>data:</c> and the rest are dropped.</summary>
    public static bool IsWebLink(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Appends <paramref name="value"/> HTML-encoded (safe in text and in quoted attributes), without allocating.</summary>
    /// <remarks>
    /// The result is exactly the encoder's. Latin text (what the sources publish) takes a faster
    /// road: vectorised scans prove it holds nothing the encoder changes but a few ASCII
    /// characters, which are replaced by the encoder's own entities; anything else goes to the
    /// encoder, whose per-character checks outside ASCII cost several times more.
    /// </remarks>
    public static void AppendHtml(StringBuilder builder, ReadOnlySpan<char> value)
    {
        if (IsLatinText(value))
        {
            while (true)
            {
                var next = value.IndexOfAny(EncodedAscii);
                if (next < 0)
                {
                    builder.Append(value);
                    return;
                }

                builder.Append(value[..next]).Append(AsciiEntities[value[next]]);
                value = value[(next + 1)..];
            }
        }

        Span<char> buffer = stackalloc char[512];
        while (!value.IsEmpty)
        {
            _ = Html.Encode(value, buffer, out var consumed, out var written);
            builder.Append(buffer[..written]);
            value = value[consumed..];
        }
    }

    /// <summary>One line, capped, as plain text or HTML-encoded: a title or summary.</summary>
    public static void AppendOneLine(StringBuilder builder, ReadOnlySpan<char> value, int maxLength, bool html)
    {
        if (value.IsEmpty)
        {
            return;
        }

        // Only the part that can be shown is checked: a 5,000-character summary shown as 300 is not scanned whole.
        var shown = value.Length > maxLength + 1 ? value[..(maxLength + 1)] : value;
        if (IsAlreadyOneLine(shown, trailingSpaceMatters: shown.Length == value.Length))
        {
            var cut = shown.Length <= maxLength ? shown.Length : CutLength(shown, maxLength);
            if (html)
            {
                AppendHtml(builder, shown[..cut]);
            }
            else
            {
                builder.Append(shown[..cut]);
            }

            if (cut < shown.Length)
            {
                builder.Append('…');
            }

            return;
        }

        var length = Math.Min(value.Length, maxLength + 64) + 1;
        char[]? rented = null;
        Span<char> buffer = length <= 1024 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        var written = OneLine(value, buffer, maxLength);
        if (html)
        {
            AppendHtml(builder, buffer[..written]);
        }
        else
        {
            builder.Append(buffer[..written]);
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Printable ASCII and Latin letters up to <see cref="LatinEnd"/>: no controls, no C1 range, nothing beyond.</summary>
    private static bool IsLatinText(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('\u0000', '\u001F') < 0
        && value.IndexOfAnyInRange('\u007F', '\u00A0') < 0
        && value.IndexOfAnyInRange(LatinEnd, '\uFFFF') < 0;

    private static string?[] CreateAsciiEntities()
    {
        var entities = new string?[128];
        for (var c = ' '; c < '\u007F'; c++)
        {
            var text = c.ToString();
            var encoded = Html.Encode(text);
            entities[c] = encoded == text ? null : encoded;
        }

        return entities;
    }

    private static char CreateLatinEnd()
    {
        for (var c = '\u00A1'; c < '\u0180'; c++)
        {
            var text = c.ToString();
            if (Html.Encode(text) != text)
            {
                return c;
            }
        }

        return '\u0180';
    }

    private static bool IsInvisibleTrap(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uFEFF';

    /// <summary>
    /// The common case, checked with vectorised scans before the per-character loop: no control
    /// or unusual character at all (Latin, Nordic, Greek, Cyrillic and the like are below U+1680,
    /// where the first exotic space is), no doubled space, nothing to trim.
    /// </summary>
    private static bool IsAlreadyOneLine(ReadOnlySpan<char> value, bool trailingSpaceMatters) =>
        value[0] != ' ' && (!trailingSpaceMatters || value[^1] != ' ')
        && value.IndexOfAnyInRange('\u0000', '\u001F') < 0
        && value.IndexOfAnyInRange('\u007F', '\u00A0') < 0
        && value.IndexOfAnyInRange('\u1680', '\uFFFF') < 0
        && !value.Contains("  ", StringComparison.Ordinal);

    /// <summary>
    /// How much of <paramref name="text"/> to keep so that it and an ellipsis fit in
    /// <paramref name="maxLength"/>: up to the last space in the final stretch when there is one (a
    /// whole word reads better), else up to a grapheme boundary. Segmenting graphemes is slow, so
    /// it starts from the nearest place that is a boundary for certain: between two characters
    /// below U+0300 (no combining marks, surrogates or joiners there; CR and LF are gone already).
    /// </summary>
    private static int CutLength(ReadOnlySpan<char> text, int maxLength)
    {
        const int WordWindow = 24;
        var limit = Math.Min(text.Length, Math.Max(0, maxLength - 1));
        var kept = limit;
        if (kept > 0 && kept < text.Length && !(IsSimple(text[kept - 1]) && IsSimple(text[kept])))
        {
            var start = kept;
            while (start > 0 && !(IsSimple(text[start - 1]) && IsSimple(text[start])))
            {
                start--;
            }

            kept = start;
            var rest = text[start..];
            while (!rest.IsEmpty)
            {
                var element = StringInfo.GetNextTextElementLength(rest);
                if (kept + element > limit)
                {
                    break;
                }

                kept += element;
                rest = rest[element..];
            }
        }

        var space = text[..kept].LastIndexOf(' ');
        if (space > 0 && kept - space <= WordWindow && space > limit / 2)
        {
            kept = space;
        }

        while (kept > 0 && text[kept - 1] == ' ')
        {
            kept--;
        }

        return kept;
    }

    private static bool IsSimple(char c) => c < '\u0300';
}
