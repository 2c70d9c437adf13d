using System.Text;
using System.Text.Unicode;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>
/// Repairs text whose UTF-8 bytes were read as windows-1252 (or Latin-1) and encoded again:
/// <c>SÃ¥rbarhet</c> for <c>Sårbarhet</c>, <c>Ã©</c> for <c>é</c>, <c>â€“</c> for a dash.
/// </summary>
/// <remarks>
/// Only a string that, read back as single bytes, is valid UTF-8 in its entirety is repaired: one
/// character that does not fit (a real <c>å</c> beside the mojibake, a character outside
/// windows-1252) and the string is left as it is. Legitimate Nordic or French text almost never
/// passes that test, since a lone accented letter is not a valid UTF-8 sequence.
/// </remarks>
public static class DoubleEncodedUtf8
{
    // windows-1252's characters for bytes 0x80-0x9F; the five bytes it leaves undefined read as
    // the C1 control of the same value, as Latin-1 does.
    private static readonly Dictionary<char, byte> HighControls = BuildHighControls();

    /// <summary>True, with the repaired text, when the whole of <paramref name="text"/> is double-encoded UTF-8.</summary>
    public static bool TryRepair(string? text, out string repaired)
    {
        repaired = text ?? string.Empty;
        if (text is null || text.AsSpan().IndexOfAnyInRange('\u00C2', '\u00F4') < 0)
        {
            return false;
        }

        var bytes = new byte[text.Length];
        var multiByte = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80 || c is >= '\u00A0' and <= '\u00FF' or >= '\u0080' and <= '\u009F')
            {
                bytes[i] = (byte)c;
            }
            else if (HighControls.TryGetValue(c, out var b))
            {
                bytes[i] = b;
            }
            else
            {
                return false;
            }

            // A lead byte must be followed by a continuation byte; checking here stops at the first
            // accented letter of ordinary text instead of converting the whole string.
            if (i > 0 && bytes[i - 1] >= 0xC2 && bytes[i - 1] <= 0xF4 && (bytes[i] & 0xC0) != 0x80)
            {
                return false;
            }

            multiByte |= bytes[i] >= 0x80;
        }

        if (!multiByte || !Utf8.IsValid(bytes))
        {
            return false;
        }

        repaired = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private static Dictionary<char, byte> BuildHighControls()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0x9F; b++)
        {
            var c = windows1252.GetString([(byte)b])[0];
            if (c != '\uFFFD')
            {
                map[c] = (byte)b;
            }
        }

        return map;
    }
}
