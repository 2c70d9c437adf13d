using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// SMTP through MailKit: a pool of <c>Smtp:Connections</c> connections used in parallel and kept
/// open between messages (one <see cref="SmtpClient"/> is not thread-safe). Each connection is a
/// socket with Nagle off: SMTP is a dialogue of small writes, and with Nagle and delayed ACK each
/// message waited on the peer's ACK timer. Each send has one deadline; a connection that failed or
/// timed out is disposed and replaced, so one slow recipient holds one connection and never the
/// others. The transport never retries a message that may have reached the server: it says what
/// happened. The one thing it repeats is a reused connection the server had already closed, before
/// any of the message went out: that is no relay failure, and no attempt is counted.
/// </summary>
internal sealed partial class SmtpMailTransport : IMailTransport, IDisposable
{
    /// <summary>SMTPUTF8 when the server offers it (MailKit falls back to plain SMTP when it does not).</summary>
    private static readonly FormatOptions Format = CreateFormat();

    private readonly MailOptions.SmtpSettings _smtp;
    private readonly string _host;
    private readonly MimeMailFactory _messages;
    private readonly ClientCredentialsToken? _token;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly ILogger<SmtpMailTransport> _logger;

    public SmtpMailTransport(MailOptions options, MimeMailFactory messages, IHttpClientFactory httpClients, TimeProvider time, ILogger<SmtpMailTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(_smtp.Host))
        {
            throw new ArgumentException("Smtp:Host is required for the SMTP transport", nameof(options));
        }

        _host = _smtp.Host.Trim();
        _messages = messages;
        _logger = logger;
        _slots = new SemaphoreSlim(_smtp.Connections, _smtp.Connections);
        if (_smtp.OAuth2.Enabled)
        {
            var o = _smtp.OAuth2;
            _token = new ClientCredentialsToken(httpClients, HttpClientName, new(o.TokenEndpoint!, o.ClientId!, o.ClientSecret!, o.Scope, _smtp.TimeoutSeconds), time, logger);
        }
    }

    public const string HttpClientName = "AdvisoryWatch.SmtpOAuth";

    public string Name => "Smtp";

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!_messages.TryCreate(mail, out var message, out var rejected))
        {
            return rejected;
        }

        using (message)
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                return await SendOnPoolAsync(mail, message, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    private async Task<SendResult> SendOnPoolAsync(OutgoingMail mail, MimeMessage message, CancellationToken cancellationToken)
    {
        var recipient = message.To.Mailboxes.Single();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_smtp.TimeoutSeconds));
        var connection = TakeIdle();
        var reused = connection is not null;
        var progress = new ContentProgress();
        try
        {
            while (true)
            {
                try
                {
                    connection ??= await ConnectAsync(deadline.Token);
                    if (NeedsUtf8(recipient) && !connection.Client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
                    {
                        return new SendResult.Rejected($"the address has non-ASCII letters and {_host} does not offer SMTPUTF8");
                    }

                    var reply = await connection.Client.SendAsync(Format, message, _messages.From, [recipient], deadline.Token, progress);
                    _idle.Add(connection);
                    connection = null;
                    return new SendResult.Sent($"250 {reply}".Trim());
                }
                catch (Exception e) when (reused && !progress.Started && SmtpOutcome.IsClosedConnection(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The server ended a connection it held idle, just as it was taken: not the relay's
                    // failure, and nothing of this message went out. Once more on a new connection.
                    LogClosedOnUse(e, _host);
                    connection?.Dispose();
                    connection = null;
                    reused = false;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(mail.MessageId, _host, _smtp.TimeoutSeconds, progress.HandedOver);
            return SmtpOutcome.NoReply($"no reply within {_smtp.TimeoutSeconds} s", progress.HandedOver);
        }
        catch (OperationCanceledException) when (progress.HandedOver)
        {
            // Shutting down after the content went out: only "ambiguous" is honest.
            return SmtpOutcome.NoReply("cancelled while waiting for the final reply", handedOver: true);
        }
        catch (Exception e) when (SmtpOutcome.IsExpected(e))
        {
            if (e is MailKit.Security.AuthenticationException && _token is not null && connection?.Token is { } refused)
            {
                _token.Invalidate(refused);
            }

            return SmtpOutcome.Map(e, progress.HandedOver);
        }
        finally
        {
            // A connection whose send failed may hold a half-spoken dialogue: never reuse it.
            connection?.Dispose();
        }
    }

    /// <summary>
    /// An idle connection that still looks open. A socket that is readable while no command is
    /// outstanding has either been closed by the server (end of stream) or carries an unasked-for
    /// reply, such as Postfix's "421 4.4.2 Error: timeout exceeded" before it closes: either way it
    /// is done, and a new one is cheaper than a failed command. Checking costs no round trip.
    /// </summary>
    private Connection? TakeIdle()
    {
        while (_idle.TryTake(out var connection))
        {
            if (connection.LooksOpen())
            {
                return connection;
            }

            LogClosedWhileIdle(_host, "closed by the server while idle");
            connection.Dispose();
        }

        return null;
    }

    private async Task<Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new SmtpClient { Timeout = _smtp.TimeoutSeconds * 1000 };
        try
        {
            await socket.ConnectAsync(_host, _smtp.Port, cancellationToken);
            if (_smtp.AllowInvalidCertificate)
            {
                // The explicit opt-out for a test relay with a self-made certificate: warned about
                // at start-up and logged on every connection it lets through.
#pragma warning disable CA5359
                client.ServerCertificateValidationCallback = AcceptDespite;
#pragma warning restore CA5359
            }

            await client.ConnectAsync(socket, _host, _smtp.Port, Security(_smtp.Security), cancellationToken);
            string? token = null;
            if (_token is not null)
            {
                var (value, failure) = await _token.GetAsync(refresh: false, cancellationToken);
                token = value ?? throw new TokenUnavailableException(failure!);
                await client.AuthenticateAsync(new SaslMechanismOAuth2(_smtp.Username!.Trim(), token), cancellationToken);
            }
            else if (!string.IsNullOrEmpty(_smtp.Username))
            {
                await client.AuthenticateAsync(new NetworkCredential(_smtp.Username, _smtp.Password), cancellationToken);
            }

            return new Connection(client, socket, token);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The opt-out of <c>Smtp:AllowInvalidCertificate</c> (a test relay): accepted, but never silently.</summary>
    private bool AcceptDespite(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, System.Security.Cryptography.X509Certificates.X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        if (errors != System.Net.Security.SslPolicyErrors.None)
        {
            LogCertificateAccepted(_host, errors.ToString(), certificate?.Subject ?? "(none)");
        }

        return true;
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static bool NeedsUtf8(MailboxAddress address) => !address.LocalPart.All(char.IsAscii);

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = true;
        return format;
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        _token?.Dispose();
        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId}: no reply from {SmtpHost} within {TimeoutSeconds} s (content handed over: {HandedOver}); the connection is replaced")]
    private partial void LogTimedOut(string messageId, string smtpHost, int timeoutSeconds, bool handedOver);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A reused connection to {SmtpHost} failed before the message went out; sent on a new one")]
    private partial void LogClosedOnUse(Exception exception, string smtpHost);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The certificate of {SmtpHost} is not valid ({Errors}, subject {Subject}) and accepted only because Mail:Smtp:AllowInvalidCertificate is on")]
    private partial void LogCertificateAccepted(string smtpHost, string errors, string subject);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An idle connection to {SmtpHost} was closed by the server ({Reason}); a new one is opened")]
    private partial void LogClosedWhileIdle(string smtpHost, string reason);

    /// <summary>One pooled SMTP session and the socket under it.</summary>
    private sealed class Connection(SmtpClient client, Socket socket, string? token) : IDisposable
    {
        public SmtpClient Client { get; } = client;

        /// <summary>The XOAUTH2 token this session logged in with, if any.</summary>
        public string? Token { get; } = token;

        public bool LooksOpen()
        {
            try
            {
                return Client.IsConnected && socket.Connected && !socket.Poll(0, SelectMode.SelectRead);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }

        public void Dispose() => Client.Dispose();
    }

    /// <summary>
    /// How far the message content got. MailKit reports bytes as it writes DATA (or BDAT): once it
    /// has written all of them, the server may hold a complete message. The residual uncertainty:
    /// the last bytes and the final "." may still sit in a buffer, so a connection lost just then
    /// is reported ambiguous although nothing was delivered; that errs on the side of one extra,
    /// recognisable (same Message-ID) retry, never a silent loss.
    /// </summary>
    private sealed class ContentProgress : ITransferProgress
    {
        private volatile bool _started;
        private volatile bool _handedOver;

        public bool Started => _started;

        public bool HandedOver => _handedOver;

        public void Report(long bytesTransferred, long totalSize)
        {
            _started = true;
            if (totalSize <= 0 || bytesTransferred >= totalSize)
            {
                _handedOver = true;
            }
        }

        // Without a total there is no telling how much is left: count it as handed over.
        public void Report(long bytesTransferred)
        {
            _started = true;
            _handedOver = true;
        }
    }
}

