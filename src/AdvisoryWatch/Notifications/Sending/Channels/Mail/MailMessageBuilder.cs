using System.Diagnostics.CodeAnalysis;
using MimeKit;
using MimeKit.Text;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// Turns an <see cref="OutgoingMail"/> into the <see cref="MimeMessage"/> every transport sends:
/// one recipient, multipart/alternative (plain text, then HTML, both UTF-8), a stable Message-ID,
/// Content-Language, Auto-Submitted and the caller's extra headers. Refuses rather than repairs
/// anything that would put a line break into a header or an address: MimeKit would fold or encode
/// it, but a header-injection attempt is a defect to report, not a value to make safe.
/// </summary>
internal static partial class MailMessageBuilder
{
    private static readonly IEnumerable<Header> NoHeaders = [];

    /// <summary>As below, for a transport: a refusal is logged and comes back as the transport's answer.</summary>
    public static bool TryBuild(
        OutgoingMail mail,
        MailboxAddress from,
        DateTimeOffset date,
        ILogger logger,
        [NotNullWhen(true)] out MimeMessage? message,
        [NotNullWhen(false)] out SendResult? rejected)
    {
        ArgumentNullException.ThrowIfNull(logger);
        rejected = null;
        if (TryBuild(mail, from, date, out message, out var refusal))
        {
            return true;
        }

        LogRefused(logger, mail.MessageId, refusal);
        rejected = new SendResult.Rejected(refusal);
        return false;
    }

    public static bool TryBuild(
        OutgoingMail mail,
        MailboxAddress from,
        DateTimeOffset date,
        [NotNullWhen(true)] out MimeMessage? message,
        [NotNullWhen(false)] out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(from);
        message = null;
        refusal = Check(mail, out var to);
        if (refusal is not null)
        {
            return false;
        }

        // Not the parameterless constructor: it dates the message and generates a Message-ID (a host
        // name lookup and an IDN conversion) only for both to be replaced, about 60 µs a message.
        // The headers go in the order it would leave them, so the message is the same byte for byte.
        var built = new MimeMessage(NoHeaders);
        built.From.Add(from);
        built.Date = date;
        built.Subject = MailHeaderSafety.CleanSubject(mail.Subject);
        built.MessageId = mail.MessageId;
        built.To.Add(to!);
        if (mail.Language.Length > 0)
        {
            built.Headers.Add("Content-Language", mail.Language);
        }

        var autoSubmitted = false;
        foreach (var (name, value) in mail.Headers)
        {
            if (string.Equals(name, "Reply-To", StringComparison.OrdinalIgnoreCase))
            {
                if (MailAddresses.TryParse(value, null, out var replyTo))
                {
                    built.ReplyTo.Add(replyTo);
                }

                continue;
            }

            autoSubmitted |= string.Equals(name, "Auto-Submitted", StringComparison.OrdinalIgnoreCase);
            built.Headers.Add(name, value);
        }

        if (!autoSubmitted)
        {
            built.Headers.Add("Auto-Submitted", "auto-generated");
        }

        built.Body = new MultipartAlternative
        {
            Text(TextFormat.Plain, mail.TextBody),
            Text(TextFormat.Html, mail.HtmlBody),
        };
        message = built;
        return true;
    }

    /// <summary>Everything about the message that must hold before anything is built, or why not.</summary>
    private static string? Check(OutgoingMail mail, out MailboxAddress? to)
    {
        to = null;
        if (!MailHeaderSafety.IsValidMessageId(mail.MessageId))
        {
            return "Message-ID is not of the form left@right in printable ASCII";
        }

        if (MailHeaderSafety.HasControl(mail.To) || MailHeaderSafety.HasControl(mail.ToName))
        {
            return "the recipient address or name contains a line break or control character";
        }

        if (!MailAddresses.TryParse(mail.To, mail.ToName, out to))
        {
            return "the recipient is not one mail address (user@domain)";
        }

        if (mail.Language.Length > 0 && !MailHeaderSafety.IsValidLanguage(mail.Language))
        {
            return "the language is not a language tag (e.g. nb or sv-SE)";
        }

        foreach (var (name, value) in mail.Headers)
        {
            if (MailHeaderSafety.CheckHeader(name, value) is { } problem)
            {
                return problem;
            }

            if (string.Equals(name, "Reply-To", StringComparison.OrdinalIgnoreCase) && !MailAddresses.IsOne(value))
            {
                return "the Reply-To header is not one mail address (user@domain)";
            }
        }

        return null;
    }

    /// <summary>
    /// UTF-8 text with no transfer encoding chosen: MailKit picks 8bit when the server offers
    /// 8BITMIME and quoted-printable otherwise (<see cref="MimeMessage.Prepare"/>).
    /// </summary>
    private static TextPart Text(TextFormat format, string body)
    {
        var part = new TextPart(format);
        part.SetText(System.Text.Encoding.UTF8, body ?? string.Empty);
        return part;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} refused before sending: {Reason}")]
    private static partial void LogRefused(ILogger logger, string messageId, string reason);
}
