using System.Collections.Concurrent;
using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// SMTP through System.Net.Mail: a pool of <c>Smtp:Connections</c> clients used in parallel, since
/// one client is not thread-safe and manages about 20 messages a second. Each send has one deadline;
/// a client that failed or timed out is disposed and replaced, so one slow recipient holds one client
/// and never the others. The transport never retries: it says what happened.
/// </summary>
internal sealed partial class SmtpMailTransport : IMailTransport, IDisposable
{
    private readonly MailOptions.SmtpSettings _smtp;
    private readonly MailAddress _from;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly ILogger<SmtpMailTransport> _logger;

    public SmtpMailTransport(MailOptions options, ILogger<SmtpMailTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(_smtp.Host))
        {
            throw new ArgumentException("Smtp:Host is required for the SMTP transport", nameof(options));
        }

        _from = new MailAddress(options.From, options.FromName);
        _slots = new SemaphoreSlim(_smtp.Connections, _smtp.Connections);
        _logger = logger;
        ReserveThreads(_smtp.Connections);
    }

    /// <summary>
    /// System.Net.Mail's SendMailAsync ends every message with a synchronous read of the final reply
    /// (its DataStopCommand runs on a blocking adapter), so each connection can hold a thread-pool
    /// thread while the server answers. Without threads to spare, the pool's slow growth, not the
    /// server, set the pace: profiling showed parallel connections adding almost nothing.
    /// </summary>
    private static void ReserveThreads(int connections)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Environment.ProcessorCount + connections;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }

    public string Name => "Smtp";

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!MailMessageBuilder.TryBuild(mail, _from, _logger, out var built, out var rejected))
        {
            return rejected;
        }

        using (built)
        {
            await _slots.WaitAsync(cancellationToken);
            SmtpClient? client = null;
            try
            {
                client = _idle.TryTake(out var idle) ? idle : CreateClient();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(_smtp.TimeoutSeconds));
                try
                {
                    await client.SendMailAsync(built.Message, deadline.Token);
                    _idle.Add(client);
                    client = null;
                    return new SendResult.Sent($"250 accepted by {_smtp.Host}:{_smtp.Port}");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    LogTimedOut(mail.MessageId, _smtp.Host!, _smtp.TimeoutSeconds, built.Probe.HandedOver);
                    return SmtpOutcome.NoReply($"no reply within {_smtp.TimeoutSeconds} s", built.Probe.HandedOver);
                }
                catch (OperationCanceledException) when (built.Probe.HandedOver)
                {
                    // Shutting down after the content went out: only "ambiguous" is honest.
                    return SmtpOutcome.NoReply("cancelled while waiting for the final reply", handedOver: true);
                }
                catch (Exception e) when (e is SmtpException or IOException or SocketException or AuthenticationException)
                {
                    return SmtpOutcome.Map(e, built.Probe.HandedOver);
                }
                catch (InvalidOperationException e)
                {
                    // System.Net.Mail refuses what it cannot encode (e.g. a non-ASCII address for a server without SMTPUTF8).
                    return new SendResult.Rejected("System.Net.Mail refused the message: " + e.Message);
                }
            }
            finally
            {
                // A client whose send failed may hold a half-spoken connection: never reuse it.
                client?.Dispose();
                _slots.Release();
            }
        }
    }

    private SmtpClient CreateClient() => new(_smtp.Host!.Trim(), _smtp.Port)
    {
        EnableSsl = _smtp.StartTls,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        DeliveryFormat = SmtpDeliveryFormat.International,
        Timeout = _smtp.TimeoutSeconds * 1000,
        UseDefaultCredentials = false,
        Credentials = string.IsNullOrEmpty(_smtp.Username) ? null : new NetworkCredential(_smtp.Username, _smtp.Password),
    };

    public void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }

        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId}: no reply from {SmtpHost} within {TimeoutSeconds} s (content handed over: {HandedOver}); the client is replaced")]
    private partial void LogTimedOut(string messageId, string smtpHost, int timeoutSeconds, bool handedOver);
}

/// <summary>
/// How a System.Net.Mail failure maps to a <see cref="SendResult"/>.
/// <para>
/// System.Net.Mail does not say at which step a send failed. Two facts are reliable: a server
/// reply is reported as an <see cref="SmtpException"/> carrying its status code (4xx, 5xx), and a
/// failure without a reply carries <see cref="SmtpStatusCode.GeneralFailure"/> with the socket or
/// I/O error inside. Which side of the RFC 1047 window a reply-less failure fell on is learned from
/// the message itself: its last body part is read only while DATA is written (see
/// <see cref="ContentProbe"/>). Before that, the server cannot have a complete message (no final
/// "."), so a retry is safe. After it, the message may have been accepted. The residual uncertainty:
/// the probe trips when the content has been read, which is a little before the final "." is
/// flushed, so a connection lost in between is reported ambiguous although nothing was delivered;
/// that errs on the side of one extra, recognisable (same Message-ID) retry, never a silent loss.
/// </para>
/// </summary>
internal static class SmtpOutcome
{
    public static SendResult Map(Exception exception, bool handedOver)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is SmtpException smtp && (int)smtp.StatusCode is var code and >= 400 and < 600 && !HasTransportCause(smtp))
        {
            // System.Net.Mail drops the reply's code from its message; the audit trail wants it.
            var reply = $"{code} {smtp.Message}";

            // Refusals of our credentials or TLS concern the configuration, not this message.
            if (code is 454 or 530 or 534 or 535 or 538)
            {
                return new SendResult.RetryLater($"the server refused the login or TLS: {reply}");
            }

            return code < 500 ? new SendResult.RetryLater(reply) : new SendResult.Rejected(reply);
        }

        return NoReply(Describe(exception), handedOver);
    }

    public static SendResult NoReply(string reason, bool handedOver) => handedOver
        ? new SendResult.Ambiguous($"{reason} after the message content was sent; it may have been delivered")
        : new SendResult.RetryLater($"{reason} before the message content was sent");

    /// <summary>The chain of messages, outermost first, e.g. "Failure sending mail. (Connection refused)".</summary>
    internal static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add(e is SocketException s ? $"{s.Message} [{s.SocketErrorCode}]" : e.Message);
        }

        return string.Join(" / ", parts);
    }

    private static bool HasTransportCause(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is IOException or SocketException or AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
