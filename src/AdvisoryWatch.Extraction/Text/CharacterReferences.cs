using System.Collections.Concurrent;
using System.Text;
using AngleSharp.Html;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>
/// HTML character references (<c>&amp;amp;</c>, <c>&amp;#248;</c>, <c>&amp;not</c>) decoded as the
/// HTML tokenizer decodes them, for the streaming sanitiser.
/// </summary>
/// <remarks>
/// Named references are looked up in AngleSharp's table (all of HTML's names, with the legacy ones
/// that need no semicolon) with the longest match first, and left alone in an attribute value when
/// a browser would leave them (<c>?a=1&amp;not=2</c>). Numeric references follow the tokenizer's
/// replacements: zero, surrogates and values past U+10FFFF become U+FFFD, and 0x80–0x9F map through
/// windows-1252.
/// </remarks>
internal static class CharacterReferences
{
    // The longest name in HTML's table, "CounterClockwiseContourIntegral;", has 32 characters.
    private const int LongestName = 32;

    // Only names that decode are kept: HTML's named references are a fixed set, so a hostile
    // document cannot grow this; a miss is looked up again each time.
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly char[] Windows1252 =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    /// <summary>
    /// Decodes the reference that starts with the <c>&amp;</c> at <paramref name="text"/>[0] into
    /// <paramref name="decoded"/> (room for two characters). Returns how many characters of
    /// <paramref name="text"/> it used, or 0 when the ampersand is just an ampersand.
    /// </summary>
    public static int Decode(ReadOnlySpan<char> text, bool inAttribute, Span<char> decoded, out int written)
    {
        written = 0;
        if (text.Length < 2)
        {
            return 0;
        }

        return text[1] == '#' ? DecodeNumeric(text, decoded, out written) : DecodeNamed(text, inAttribute, decoded, out written);
    }

    private static int DecodeNamed(ReadOnlySpan<char> text, bool inAttribute, Span<char> decoded, out int written)
    {
        written = 0;
        var run = 0;
        while (run < LongestName && 1 + run < text.Length && char.IsAsciiLetterOrDigit(text[1 + run]))
        {
            run++;
        }

        if (run == 0)
        {
            return 0;
        }

        if (1 + run < text.Length && text[1 + run] == ';' && Lookup(text.Slice(1, run + 1)) is { } full)
        {
            full.CopyTo(decoded);
            written = full.Length;
            return run + 2;
        }

        for (var length = run; length > 0; length--)
        {
            if (Lookup(text.Slice(1, length)) is not { } value)
            {
                continue;
            }

            // In an attribute, "&not=1" or "&notx" stays as written: it is more likely part of a URL.
            var next = 1 + length < text.Length ? text[1 + length] : '\0';
            if (inAttribute && (next == '=' || char.IsAsciiLetterOrDigit(next)))
            {
                return 0;
            }

            value.CopyTo(decoded);
            written = value.Length;
            return length + 1;
        }

        return 0;
    }

    private static string? Lookup(ReadOnlySpan<char> name)
    {
        if (KnownBySpan.TryGetValue(name, out var value))
        {
            return value;
        }

        var key = name.ToString();
        var symbol = HtmlEntityProvider.Resolver.GetSymbol(key);
        if (symbol is not null)
        {
            Known.TryAdd(key, symbol);
        }

        return symbol;
    }

    private static int DecodeNumeric(ReadOnlySpan<char> text, Span<char> decoded, out int written)
    {
        written = 0;
        var i = 2;
        var hex = i < text.Length && text[i] is 'x' or 'X';
        if (hex)
        {
            i++;
        }

        var digitsStart = i;
        var value = 0;
        while (i < text.Length && (hex ? char.IsAsciiHexDigit(text[i]) : char.IsAsciiDigit(text[i])))
        {
            // Past U+10FFFF the value no longer matters: it becomes U+FFFD.
            if (value <= 0x10FFFF)
            {
                value = (value * (hex ? 16 : 10)) + (hex ? HexValue(text[i]) : text[i] - '0');
            }

            i++;
        }

        if (i == digitsStart)
        {
            return 0;
        }

        if (i < text.Length && text[i] == ';')
        {
            i++;
        }

        if (value == 0 || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            value = 0xFFFD;
        }
        else if (value is >= 0x80 and <= 0x9F)
        {
            value = Windows1252[value - 0x80];
        }

        written = new Rune(value).EncodeToUtf16(decoded);
        return i;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
