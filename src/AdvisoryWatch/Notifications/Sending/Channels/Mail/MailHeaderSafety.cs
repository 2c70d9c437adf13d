using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// The last line of defence against header injection: whatever the renderer or the database hands
/// over, no CR, LF or other control character reaches the wire as part of a header, and an RFC 2047
/// encoded-word cannot smuggle one in for a reader to decode.
/// </summary>
internal static partial class MailHeaderSafety
{
    /// <summary>Headers the message builder writes itself; a caller may not supply or override them.</summary>
    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(i => (char)i), .. Enumerable.Range(0x7f, 0x21).Select(i => (char)i), '\u2028', '\u2029']);

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "To", "Cc", "Bcc", "From", "Sender", "Subject", "Message-ID", "Date", "MIME-Version", "Return-Path",
        "Received", "Content-Type", "Content-Transfer-Encoding", "Content-Language", "Content-Disposition",
        "X-Sender", "X-Receiver",
    };

    /// <summary>Any control character (C0, DEL, C1) or a Unicode line/paragraph separator.</summary>
    public static bool HasControl(string? value) =>
        value is not null && value.AsSpan().IndexOfAny(Controls) >= 0;

    public static bool HasLineBreak(string? value) => value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    /// <summary>
    /// One clean line: encoded-words decoded (a plain-text subject has no business carrying them),
    /// every control character a space, runs of spaces one. What a mail client would display, minus the breaks.
    /// </summary>
    public static string CleanSubject(string subject)
    {
        var text = subject ?? string.Empty;
        for (var i = 0; i < 3 && EncodedWord().IsMatch(text); i++)
        {
            text = DecodeEncodedWords(text);
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var blank = char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsWhiteSpace(c);
            if (!blank)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        var clean = sb.ToString().Trim();

        // Nested beyond three levels: break the marker rather than let a reader decode it.
        return EncodedWord().IsMatch(clean) ? clean.Replace("=?", "= ?", StringComparison.Ordinal) : clean;
    }

    /// <summary>Why an extra header cannot be sent as given, or null when it can.</summary>
    public static string? CheckHeader(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 76 || name.Any(c => c is < '!' or > '~' or ':'))
        {
            return $"header name '{Printable(name)}' is not a valid field name";
        }

        if (Reserved.Contains(name))
        {
            return $"header {name} is written by the transport and cannot be supplied";
        }

        if (value is null || HasControlExceptTab(value))
        {
            return $"header {name} contains a line break or control character";
        }

        if (EncodedWord().IsMatch(value) && HasControlExceptTab(DecodeEncodedWords(value)))
        {
            return $"header {name} contains an encoded line break or control character";
        }

        return null;
    }

    /// <summary>A Message-ID's inside: printable ASCII, no brackets, quotes or spaces, one '@'.</summary>
    public static bool IsValidMessageId(string? id) =>
        id is { Length: > 2 and <= 250 }
        && id.All(c => c is > ' ' and <= '~' and not ('<' or '>' or '"' or '\\' or '(' or ')' or ',' or ';'))
        && id.Count(c => c == '@') == 1 && id[0] != '@' && id[^1] != '@';

    /// <summary>A language tag as Content-Language wants it (RFC 5646 shape, e.g. nb, sv-SE).</summary>
    public static bool IsValidLanguage(string? language) => language is { Length: > 0 and <= 35 } && LanguageTag().IsMatch(language);

    /// <summary>Decodes RFC 2047 encoded-words (B and Q); an unknown charset reads as UTF-8.</summary>
    public static string DecodeEncodedWords(string value) =>
        EncodedWord().Replace(value, m =>
        {
            Encoding encoding;
            try
            {
                encoding = Encoding.GetEncoding(m.Groups["charset"].Value.Split('*')[0]);
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }

            var payload = m.Groups["text"].Value;
            if (m.Groups["enc"].Value is "B" or "b")
            {
                var buffer = new byte[payload.Length];
                return Convert.TryFromBase64String(payload, buffer, out var written) ? encoding.GetString(buffer, 0, written) : m.Value;
            }

            var bytes = new List<byte>(payload.Length);
            for (var i = 0; i < payload.Length; i++)
            {
                var c = payload[i];
                if (c == '_')
                {
                    bytes.Add((byte)' ');
                }
                else if (c == '=' && i + 2 < payload.Length
                    && byte.TryParse(payload.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)c);
                }
            }

            return encoding.GetString([.. bytes]);
        });

    private static bool HasControlExceptTab(string value) => HasControl(value.Replace('\t', ' '));

    private static string Printable(string? value) => new((value ?? string.Empty).Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());

    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<enc>[QqBb])\?(?<text>[^?\s]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
