namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// One rendered message for one recipient (one envelope each). <see cref="MessageId"/> is stable
/// per delivery and reused on every retry, so a duplicate after an ambiguous send is recognisable.
/// </summary>
/// <param name="MessageId">Without angle brackets, e.g. <c>3f2c…@advisorywatch</c>.</param>
/// <param name="Subject">One line; transports still refuse CR or LF anywhere in a header.</param>
/// <param name="Headers">Extra headers in order: List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted, ...</param>
public sealed record OutgoingMail(
    string MessageId,
    string To,
    string? ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    string Language,
    IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Hands one message to a mail system. Implementations: SMTP (MailKit), a pickup folder of
/// <c>.eml</c> files, Microsoft Graph; each sends the MimeMessage that MimeMailFactory builds.
/// Safe to call concurrently; never throws for a refused or failed send (returns a <see cref="SendResult"/>).
/// </summary>
public interface IMailTransport
{
    /// <summary>Smtp, Pickup or Graph: shown in the audit trail.</summary>
    string Name { get; }

    Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}
