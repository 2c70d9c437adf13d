using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// How a MailKit failure maps to a <see cref="SendResult"/>. A server reply arrives as an
/// <see cref="SmtpCommandException"/> with its status code: 4xx is retried later, 5xx rejected with
/// the server's text, whichever command it answered (RCPT, or the final "." of DATA). Everything
/// without a reply (refused or dropped connection, TLS or protocol failure, timeout) falls on one
/// side of the RFC 1047 window: before the content was handed over, the server cannot hold a
/// complete message and a retry is safe; after it, the message may have been accepted (ambiguous).
/// </summary>
internal static class SmtpOutcome
{
    public static SendResult Map(Exception exception, bool handedOver)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case SmtpCommandException command when (int)command.StatusCode is var code and >= 400 and < 600:
                var reply = $"{code} {command.Message}".Trim();

                // Refusals of our credentials or TLS concern the configuration, not this message.
                if (code is 454 or 530 or 534 or 535 or 538)
                {
                    return new SendResult.RetryLater($"the server refused the login or TLS: {reply}");
                }

                return code < 500 ? new SendResult.RetryLater(reply) : new SendResult.Rejected(reply);
            case MailKit.Security.AuthenticationException or SaslException or ServiceNotAuthenticatedException:
                return new SendResult.RetryLater("the server refused the login: " + Describe(exception));
            case SslHandshakeException:
                return new SendResult.RetryLater("TLS with the server failed (see Mail:Smtp:Security and the server's certificate): " + Describe(exception));
            case NotSupportedException:
                // STARTTLS required but not offered, or a login configured for a server without AUTH.
                return new SendResult.RetryLater("the server does not offer what the configuration requires: " + Describe(exception));
            case TokenUnavailableException:
                return new SendResult.RetryLater("no XOAUTH2 token: " + exception.Message);
            default:
                return NoReply(Describe(exception), handedOver);
        }
    }

    /// <summary>Failures this transport turns into a result; anything else is a defect and propagates.</summary>
    public static bool IsExpected(Exception exception) => exception is SmtpCommandException or SmtpProtocolException
        or IOException or SocketException or TimeoutException or ServiceNotConnectedException
        or MailKit.Security.AuthenticationException or SaslException or ServiceNotAuthenticatedException
        or SslHandshakeException or NotSupportedException or TokenUnavailableException;

    /// <summary>
    /// The server is gone or saying goodbye (421) rather than answering this message: what a
    /// connection closed while idle looks like on its next command.
    /// </summary>
    public static bool IsClosedConnection(Exception exception) => exception is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException
        || (exception is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable });

    public static SendResult NoReply(string reason, bool handedOver) => handedOver
        ? new SendResult.Ambiguous($"{reason} after the message content was sent; it may have been delivered")
        : new SendResult.RetryLater($"{reason} before the message content was sent");

    /// <summary>The chain of messages, outermost first, e.g. "Connection refused [ConnectionRefused]".</summary>
    internal static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            var text = e is SocketException s ? $"{s.Message} [{s.SocketErrorCode}]" : FirstLine(e.Message);
            if (parts.Count == 0 || parts[^1] != text)
            {
                parts.Add(text);
            }
        }

        return string.Join(" / ", parts);
    }

    /// <summary>MailKit's TLS messages run to a page of advice; the first line says what happened.</summary>
    private static string FirstLine(string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
