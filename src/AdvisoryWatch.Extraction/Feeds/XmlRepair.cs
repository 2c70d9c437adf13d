using System.Globalization;
using System.Text;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>
/// The lenient pre-pass: rewrites ampersands that XML would reject, so that one broken entity does
/// not cost a whole feed. HTML named entities XML does not define (<c>&amp;oslash;</c>,
/// <c>&amp;nbsp;</c>) become numeric references; anything else (a stray <c>&amp;</c> in a URL or a
/// title) becomes a literal <c>&amp;amp;</c>. CDATA sections are left alone.
/// </summary>
internal static class XmlRepair
{
    // C0 control characters other than tab, line feed and carriage return are not allowed in XML
    // even as references; feeds copy them in from word processors.
    private static readonly System.Buffers.SearchValues<char> IllegalControls = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    public static string Repair(string text, int start, List<string> warnings)
    {
        if (text.AsSpan(start).IndexOfAny(IllegalControls) >= 0)
        {
            var cleaned = new StringBuilder(text.Length);
            foreach (var c in text.AsSpan(start))
            {
                if (!IllegalControls.Contains(c))
                {
                    cleaned.Append(c);
                }
            }

            warnings.Add("characters not allowed in XML were removed");
            text = cleaned.ToString();
            start = 0;
        }

        var amp = text.IndexOf('&', start);
        if (amp < 0)
        {
            return start == 0 ? text : text[start..];
        }

        StringBuilder? output = null;
        var copied = start;
        var repairs = 0;
        var cdata = text.IndexOf("<![CDATA[", start, StringComparison.Ordinal);
        while (amp >= 0)
        {
            if (cdata >= 0 && cdata < amp)
            {
                var cdataEnd = text.IndexOf("]]>", cdata + 9, StringComparison.Ordinal);
                if (cdataEnd < 0)
                {
                    break;
                }

                if (amp < cdataEnd)
                {
                    amp = text.IndexOf('&', cdataEnd + 3);
                    cdata = text.IndexOf("<![CDATA[", cdataEnd + 3, StringComparison.Ordinal);
                    continue;
                }

                cdata = text.IndexOf("<![CDATA[", cdataEnd + 3, StringComparison.Ordinal);
                continue;
            }

            var replacement = Check(text, amp, out var length);
            if (replacement is not null)
            {
                output ??= new StringBuilder(text.Length + 64);
                output.Append(text, copied, amp - copied).Append(replacement);
                copied = amp + length;
                repairs++;
            }

            amp = text.IndexOf('&', amp + Math.Max(length, 1));
        }

        if (output is null)
        {
            return start == 0 ? text : text[start..];
        }

        output.Append(text, copied, text.Length - copied);
        warnings.Add($"{repairs} undefined entities or stray ampersands repaired");
        return output.ToString();
    }

    // Null when the reference is fine as XML; else what to write instead of `length` characters.
    private static string? Check(string text, int at, out int length)
    {
        length = 1;
        var limit = Math.Min(text.Length, at + 40);
        var semicolon = -1;
        for (var j = at + 1; j < limit; j++)
        {
            var c = text[j];
            if (c == ';')
            {
                semicolon = j;
                break;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '#')
            {
                break;
            }
        }

        if (semicolon <= at + 1)
        {
            return "&amp;";
        }

        var name = text.AsSpan(at + 1, semicolon - at - 1);
        if (name is "amp" or "lt" or "gt" or "quot" or "apos")
        {
            length = semicolon - at + 1;
            return null;
        }

        if (name[0] == '#')
        {
            length = semicolon - at + 1;
            return IsValidCharacterReference(name[1..]) ? null : string.Empty;
        }

        var decoded = PlainText.DecodeEntity(name.ToString());
        if (decoded is null)
        {
            return "&amp;";
        }

        length = semicolon - at + 1;
        var builder = new StringBuilder(12);
        foreach (var rune in decoded.EnumerateRunes())
        {
            builder.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return builder.ToString();
    }

    private static bool IsValidCharacterReference(ReadOnlySpan<char> digits)
    {
        int value;
        if (digits.Length > 1 && (digits[0] == 'x' || digits[0] == 'X'))
        {
            if (!int.TryParse(digits[1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }
        else if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }
}
