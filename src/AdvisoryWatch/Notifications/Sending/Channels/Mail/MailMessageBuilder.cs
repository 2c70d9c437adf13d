using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// Turns an <see cref="OutgoingMail"/> into a <see cref="MailMessage"/> every transport shares: one
/// recipient, multipart/alternative (plain text, then HTML, both UTF-8 quoted-printable), a stable
/// Message-ID, Content-Language, Auto-Submitted and the caller's extra headers. Refuses rather than
/// repairs anything that would put a line break into a header or an address.
/// </summary>
internal static partial class MailMessageBuilder
{
    /// <summary>As below, for a transport: a refusal is logged and comes back as the transport's answer.</summary>
    public static bool TryBuild(
        OutgoingMail mail,
        MailAddress from,
        ILogger logger,
        [NotNullWhen(true)] out BuiltMail? built,
        [NotNullWhen(false)] out SendResult? rejected)
    {
        ArgumentNullException.ThrowIfNull(logger);
        rejected = null;
        if (TryBuild(mail, from, out built, out var refusal))
        {
            return true;
        }

        LogRefused(logger, mail.MessageId, refusal);
        rejected = new SendResult.Rejected(refusal);
        return false;
    }

    public static bool TryBuild(
        OutgoingMail mail,
        MailAddress from,
        [NotNullWhen(true)] out BuiltMail? built,
        [NotNullWhen(false)] out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(from);
        built = null;
        refusal = Check(mail, out var to);
        if (refusal is not null)
        {
            return false;
        }

        var message = new MailMessage
        {
            From = from,
            Subject = MailHeaderSafety.CleanSubject(mail.Subject),
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            message.To.Add(to!);
            message.Headers.Add("Message-ID", "<" + mail.MessageId + ">");
            if (mail.Language.Length > 0)
            {
                message.Headers.Add("Content-Language", mail.Language);
            }

            var autoSubmitted = false;
            foreach (var (name, value) in mail.Headers)
            {
                if (string.Equals(name, "Reply-To", StringComparison.OrdinalIgnoreCase))
                {
                    message.ReplyToList.Add(new MailAddress(value));
                    continue;
                }

                autoSubmitted |= string.Equals(name, "Auto-Submitted", StringComparison.OrdinalIgnoreCase);
                message.Headers.Add(name, value);
            }

            if (!autoSubmitted)
            {
                message.Headers.Add("Auto-Submitted", "auto-generated");
            }

            var probe = new ContentProbe();
            message.AlternateViews.Add(View(mail.TextBody, MediaTypeNames.Text.Plain, null));
            message.AlternateViews.Add(View(mail.HtmlBody, MediaTypeNames.Text.Html, probe));
            built = new BuiltMail(message, probe);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // System.Net.Mail's own checks (header names, Reply-To) are a second opinion, not a crash.
            message.Dispose();
            refusal = "System.Net.Mail refused the message: " + e.Message;
            return false;
        }
    }

    /// <summary>Everything about the message that must hold before anything is built, or why not.</summary>
    private static string? Check(OutgoingMail mail, out MailAddress? to)
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

        if (!MailAddress.TryCreate(mail.To, mail.ToName, out to)
            || !string.Equals(to.Address, mail.To.Trim(), StringComparison.OrdinalIgnoreCase))
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
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} refused before sending: {Reason}")]
    private static partial void LogRefused(ILogger logger, string messageId, string reason);

    private static AlternateView View(string body, string mediaType, ContentProbe? probe)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        Stream stream = probe is null ? new MemoryStream(bytes, writable: false) : new ProbedStream(bytes, probe);
        return new AlternateView(stream, new ContentType(mediaType) { CharSet = "utf-8" })
        {
            TransferEncoding = TransferEncoding.QuotedPrintable,
        };
    }

    /// <summary>
    /// The last body part's content, which System.Net.Mail reads only while writing DATA: once it
    /// has been read to the end, the whole message may have reached the server.
    /// </summary>
    private sealed class ProbedStream(byte[] bytes, ContentProbe probe) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => Seen(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Seen(base.Read(buffer));

        public override int ReadByte()
        {
            var b = base.ReadByte();
            Seen(0);
            return b;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Seen(await base.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Seen(await base.ReadAsync(buffer, cancellationToken));

        public override void CopyTo(Stream destination, int bufferSize)
        {
            base.CopyTo(destination, bufferSize);
            probe.MarkHandedOver();
        }

        public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            await base.CopyToAsync(destination, bufferSize, cancellationToken);
            probe.MarkHandedOver();
        }

        private int Seen(int result)
        {
            if (Position >= Length)
            {
                probe.MarkHandedOver();
            }

            return result;
        }
    }
}

/// <summary>Set once the message's content has been handed to the connection (see <see cref="MailMessageBuilder"/>).</summary>
internal sealed class ContentProbe
{
    private volatile bool _handedOver;

    public bool HandedOver => _handedOver;

    public void MarkHandedOver() => _handedOver = true;
}

/// <summary>A built message and the probe telling how far its sending got.</summary>
internal sealed class BuiltMail(MailMessage message, ContentProbe probe) : IDisposable
{
    public MailMessage Message { get; } = message;

    public ContentProbe Probe { get; } = probe;

    public void Dispose() => Message.Dispose();
}
