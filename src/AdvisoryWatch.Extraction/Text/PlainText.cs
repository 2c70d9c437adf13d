using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>
/// A fast reading of HTML into plain text: tags dropped (block tags become spaces), the content
/// of script, style and similar elements skipped, entities decoded, whitespace collapsed.
/// </summary>
/// <remarks>
/// Plain text is output, escaped wherever it is shown, so a tag stripper is safe here and avoids a
/// DOM per feed field; sanitised HTML content goes through <see cref="HtmlSanitizer.Sanitize"/>.
/// </remarks>
internal static class PlainText
{
    // Only names that decode are kept: HTML's named entities, a fixed set of a few hundred. An
    // unknown name, or a numeric reference (endless spellings: "#248", "#0248", "#xF8"), is decoded
    // each time and leaves nothing behind, so a hostile document cannot grow this.
    private static readonly ConcurrentDictionary<string, string> KnownEntities = new(StringComparer.Ordinal);

    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "textarea", "title", "xmp", "iframe", "svg", "math",
    };

    /// <summary>
    /// What <see cref="Append"/> does not copy as it is: whitespace (collapsed), the no-break space
    /// and control characters. Built from the same tests, so a bulk copy of the characters between
    /// two of these is exactly what copying them one by one would write.
    /// </summary>
    internal static readonly SearchValues<char> SpaceOrControl = SearchValues.Create(Characters(IsSpaceOrControl));

    // Where Strip must look closer: a possible tag or entity, or a character Append changes. A
    // plain space is copied with the text around it (most text is words and single spaces); the
    // runs of spaces that leaves, and spaces at the edges, are collapsed once at the end.
    private static readonly SearchValues<char> StripStops = SearchValues.Create(Characters(c => c is '<' or '&' || (c != ' ' && IsSpaceOrControl(c))));

    public static string FromHtml(string html)
    {
        var text = Strip(html);

        // Entity-escaped HTML (CERT-SE descriptions): the first pass turns it into markup.
        if (html.IndexOf('<', StringComparison.Ordinal) < 0 && LooksLikeMarkup(text))
        {
            text = Strip(text);
        }

        return text;
    }

    /// <summary>Decodes one entity name such as <c>oslash</c> or <c>#248</c> or <c>#xF8</c>; null when unknown.</summary>
    public static string? DecodeEntity(string name) =>
        DecodeEntity(name.AsSpan());

    /// <inheritdoc cref="DecodeEntity(string)"/>
    public static string? DecodeEntity(ReadOnlySpan<char> name)
    {
        if (KnownEntities.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var cached))
        {
            return cached;
        }

        var probe = string.Concat("&", name, ";");
        var decoded = WebUtility.HtmlDecode(probe);
        if (decoded == probe)
        {
            return null;
        }

        if (name.Length > 0 && name[0] != '#')
        {
            KnownEntities.TryAdd(name.ToString(), decoded);
        }

        return decoded;
    }

    /// <summary>How many entity names are cached; bounded by HTML's named entities.</summary>
    internal static int CachedEntityCount => KnownEntities.Count;

    private static bool LooksLikeMarkup(string text)
    {
        var lt = text.IndexOf('<', StringComparison.Ordinal);
        while (lt >= 0 && lt + 1 < text.Length)
        {
            if (char.IsAsciiLetter(text[lt + 1]) || text[lt + 1] == '/')
            {
                return true;
            }

            lt = text.IndexOf('<', lt + 1);
        }

        return false;
    }

    private static string Strip(string html)
    {
        var s = html.AsSpan();
        var output = new StringBuilder(s.Length);
        var pendingSpace = false;
        var i = 0;
        while (i < s.Length)
        {
            // Plain characters are copied a run at a time; only the stops are looked at one by one.
            var run = s[i..].IndexOfAny(StripStops);
            var end = run < 0 ? s.Length : i + run;
            if (end > i)
            {
                AppendRun(output, s[i..end], ref pendingSpace);
                i = end;
                continue;
            }

            var c = s[i];
            if (c == '<' && i + 1 < s.Length && (char.IsAsciiLetter(s[i + 1]) || s[i + 1] is '/' or '!' or '?'))
            {
                i = SkipTag(s, i, out var block);
                pendingSpace |= block && output.Length > 0;
                continue;
            }

            if (c == '&' && TryEntity(s, i, out var decoded, out var length))
            {
                foreach (var d in decoded)
                {
                    Append(output, d, ref pendingSpace);
                }

                i += length;
                continue;
            }

            Append(output, c, ref pendingSpace);
            i++;
        }

        var text = output.ToString();
        return text.Length > 0 && (text[0] == ' ' || text[^1] == ' ' || text.Contains("  ", StringComparison.Ordinal))
            ? HtmlSanitizer.CollapseWhitespace(text)
            : text;
    }

    /// <summary>Appends characters none of which is in <see cref="SpaceOrControl"/>.</summary>
    internal static void AppendRun(StringBuilder output, ReadOnlySpan<char> run, ref bool pendingSpace)
    {
        if (pendingSpace)
        {
            output.Append(' ');
            pendingSpace = false;
        }

        output.Append(run);
    }

    internal static bool IsSpaceOrControl(char c) => char.IsWhiteSpace(c) || c == '\u00a0' || char.IsControl(c);

    private static string Characters(Func<char, bool> predicate)
    {
        var builder = new StringBuilder();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (predicate((char)c))
            {
                builder.Append((char)c);
            }
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder output, char c, ref bool pendingSpace)
    {
        if (IsSpaceOrControl(c))
        {
            pendingSpace = output.Length > 0;
            return;
        }

        if (pendingSpace)
        {
            output.Append(' ');
            pendingSpace = false;
        }

        output.Append(c);
    }

    private static bool TryEntity(ReadOnlySpan<char> s, int at, out string decoded, out int length)
    {
        decoded = string.Empty;
        length = 0;
        var limit = Math.Min(s.Length, at + 34);
        for (var j = at + 1; j < limit; j++)
        {
            var c = s[j];
            if (c == ';')
            {
                if (j == at + 1)
                {
                    return false;
                }

                var value = DecodeEntity(s[(at + 1)..j]);
                if (value is null)
                {
                    return false;
                }

                decoded = value;
                length = j - at + 1;
                return true;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '#')
            {
                return false;
            }
        }

        return false;
    }

    // Returns the index after the tag (or after the skipped element's end tag).
    private static int SkipTag(ReadOnlySpan<char> s, int start, out bool block)
    {
        block = false;
        if (s[(start + 1)..].StartsWith("!--"))
        {
            var end = s[(start + 4)..].IndexOf("-->");
            return end < 0 ? s.Length : start + 4 + end + 3;
        }

        var i = start + 1;
        var closing = i < s.Length && s[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or ':'))
        {
            i++;
        }

        var name = s[nameStart..i];
        char quote = '\0';
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                break;
            }
        }

        var after = Math.Min(i + 1, s.Length);
        block = !IsInline(name);
        if (!closing && IsSkipped(name))
        {
            var endTag = FindEndTag(s, after, name);
            return endTag;
        }

        return after;
    }

    /// <summary>The index after the end tag of raw-text element <paramref name="name"/> found from <paramref name="from"/>, or the end of the text.</summary>
    internal static int FindEndTag(ReadOnlySpan<char> s, int from, ReadOnlySpan<char> name)
    {
        var i = from;
        while (i < s.Length)
        {
            var lt = s[i..].IndexOf("</");
            if (lt < 0)
            {
                return s.Length;
            }

            var at = i + lt + 2;
            if (s.Length - at >= name.Length && s.Slice(at, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                var gt = s[at..].IndexOf('>');
                return gt < 0 ? s.Length : at + gt + 1;
            }

            i = at;
        }

        return s.Length;
    }

    private static bool IsSkipped(ReadOnlySpan<char> name)
    {
        var lookup = SkippedElements.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(name);
    }

    private static bool IsInline(ReadOnlySpan<char> name) =>
        name.Length <= 6 && (name.Equals("a", StringComparison.OrdinalIgnoreCase)
            || name.Equals("b", StringComparison.OrdinalIgnoreCase)
            || name.Equals("i", StringComparison.OrdinalIgnoreCase)
            || name.Equals("u", StringComparison.OrdinalIgnoreCase)
            || name.Equals("em", StringComparison.OrdinalIgnoreCase)
            || name.Equals("strong", StringComparison.OrdinalIgnoreCase)
            || name.Equals("span", StringComparison.OrdinalIgnoreCase)
            || name.Equals("code", StringComparison.OrdinalIgnoreCase)
            || name.Equals("abbr", StringComparison.OrdinalIgnoreCase)
            || name.Equals("small", StringComparison.OrdinalIgnoreCase)
            || name.Equals("sub", StringComparison.OrdinalIgnoreCase)
            || name.Equals("sup", StringComparison.OrdinalIgnoreCase)
            || name.Equals("mark", StringComparison.OrdinalIgnoreCase)
            || name.Equals("font", StringComparison.OrdinalIgnoreCase)
            || name.Equals("img", StringComparison.OrdinalIgnoreCase)
            || name.Equals("q", StringComparison.OrdinalIgnoreCase)
            || name.Equals("time", StringComparison.OrdinalIgnoreCase)
            || name.Equals("cite", StringComparison.OrdinalIgnoreCase)
            || name.Equals("s", StringComparison.OrdinalIgnoreCase)
            || name.Equals("del", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ins", StringComparison.OrdinalIgnoreCase)
            || name.Equals("kbd", StringComparison.OrdinalIgnoreCase)
            || name.Equals("!", StringComparison.OrdinalIgnoreCase));
}
