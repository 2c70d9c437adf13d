using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>What the scripted server does once it has read a message's final ".".</summary>
public enum AfterData
{
    Accept,

    /// <summary>Closes the connection without a reply (the RFC 1047 window).</summary>
    CloseWithoutReply,

    /// <summary>Waits a minute before replying: longer than any test's deadline.</summary>
    StallReply,
}

/// <summary>How the scripted server behaves beyond the recipient-driven failures.</summary>
public sealed record ScriptedSmtpOptions
{
    /// <summary>The server's certificate, for STARTTLS or implicit TLS.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>TLS from the first byte (port 465 style).</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>Offers STARTTLS (needs <see cref="Certificate"/>).</summary>
    public bool OfferStartTls { get; init; }

    /// <summary>SASL mechanisms offered (PLAIN, LOGIN, XOAUTH2); with any, MAIL needs a login first.</summary>
    public IReadOnlyList<string> AuthMechanisms { get; init; } = [];

    /// <summary>Decides a login: mechanism, user, secret (password, or the bearer token for XOAUTH2).</summary>
    public Func<string, string, string, bool> CheckLogin { get; init; } = (_, _, _) => true;

    public bool OfferSmtpUtf8 { get; init; } = true;

    /// <summary>Closes a connection that says nothing for this long, as Postfix does after <c>smtpd_timeout</c>.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Before an idle close, says <c>421 4.4.2 Error: timeout exceeded</c> as Postfix does.</summary>
    public bool GoodbyeOnIdle { get; init; }
}

/// <summary>
/// A minimal SMTP server on loopback for what the test command's server will not do on demand:
/// failures at exact points of the dialogue, TLS with a certificate the test made, logins, and
/// closing idle connections. What happens after DATA is decided by the recipient's local part
/// (<see cref="AfterData"/> names, lower case: <c>closewithoutreply-1@x</c>); a recipient starting
/// <c>dropatrcpt</c> is answered by closing the connection at RCPT, before any content.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly ScriptedSmtpOptions _options;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _opened;
    private int _idleClosed;

    public ScriptedSmtpServer(ScriptedSmtpOptions? options = null)
    {
        _options = options ?? new ScriptedSmtpOptions();
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Recipients whose message was accepted with 250.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>Recipients whose message content was read to the final ".".</summary>
    public ConcurrentQueue<string> ContentReceived { get; } = new();

    /// <summary>Recipients whose message was accepted over TLS.</summary>
    public ConcurrentQueue<string> AcceptedOverTls { get; } = new();

    /// <summary>Every login attempt: mechanism, user, secret, and whether it was accepted.</summary>
    public ConcurrentQueue<(string Mechanism, string User, string Secret, bool Accepted)> Logins { get; } = new();

    /// <summary>The MAIL FROM commands as received (parameters such as SMTPUTF8 included).</summary>
    public ConcurrentQueue<string> MailCommands { get; } = new();

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>Connections closed by the server for being idle.</summary>
    public int IdleClosed => Volatile.Read(ref _idleClosed);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _opened);
                _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            var tls = false;
            if (_options.ImplicitTls)
            {
                stream = await StartTlsAsync(stream);
                tls = true;
            }

            var (reader, writer) = Talk(stream);
            await writer.WriteLineAsync("220 scripted ESMTP");
            var recipient = "";
            var authenticated = false;
            while (await ReadLineAsync(reader, writer) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var extensions = new List<string> { "scripted", "8BITMIME", "PIPELINING" };
                        if (_options.OfferSmtpUtf8)
                        {
                            extensions.Add("SMTPUTF8");
                        }

                        if (_options.OfferStartTls && !tls)
                        {
                            extensions.Add("STARTTLS");
                        }

                        if (_options.AuthMechanisms.Count > 0)
                        {
                            extensions.Add("AUTH " + string.Join(' ', _options.AuthMechanisms));
                        }

                        await writer.WriteLineAsync(string.Join("\r\n", extensions.Select((e, i) => (i == extensions.Count - 1 ? "250 " : "250-") + e)));
                        break;
                    case "STARTTLS":
                        await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                        stream = await StartTlsAsync(stream);
                        tls = true;
                        (reader, writer) = Talk(stream);
                        break;
                    case "AUTH":
                        authenticated = await AuthenticateAsync(line, reader, writer);
                        await writer.WriteLineAsync(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                        break;
                    case "MAIL":
                        MailCommands.Enqueue(line);
                        await writer.WriteLineAsync(_options.AuthMechanisms.Count > 0 && !authenticated ? "530 5.7.0 Authentication required" : "250 OK");
                        break;
                    case "RCPT":
                        recipient = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (recipient.StartsWith("dropatrcpt", StringComparison.Ordinal))
                        {
                            return;
                        }

                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }

                        ContentReceived.Enqueue(recipient);
                        var behaviour = Enum.GetValues<AfterData>().FirstOrDefault(b => recipient.StartsWith(b.ToString().ToLowerInvariant(), StringComparison.Ordinal));
                        if (behaviour == AfterData.CloseWithoutReply)
                        {
                            return;
                        }

                        if (behaviour == AfterData.StallReply)
                        {
                            await Task.Delay(TimeSpan.FromMinutes(1), _stop.Token);
                        }

                        Accepted.Enqueue(recipient);
                        if (tls)
                        {
                            AcceptedOverTls.Enqueue(recipient);
                        }

                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away (or refused our certificate), or the server stopped.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static (StreamReader Reader, StreamWriter Writer) Talk(Stream stream) =>
        (new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true),
         new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true });

    /// <summary>The next command, or null when the client went away or stayed silent past the idle timeout.</summary>
    private async Task<string?> ReadLineAsync(StreamReader reader, StreamWriter writer)
    {
        if (_options.IdleTimeout is not { } idle)
        {
            return await reader.ReadLineAsync(_stop.Token);
        }

        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        quiet.CancelAfter(idle);
        try
        {
            return await reader.ReadLineAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _idleClosed);
            if (_options.GoodbyeOnIdle)
            {
                await writer.WriteLineAsync("421 4.4.2 scripted Error: timeout exceeded");
            }

            return null;
        }
    }

    private async Task<Stream> StartTlsAsync(Stream plain)
    {
        var ssl = new SslStream(plain, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = _options.Certificate ?? throw new InvalidOperationException("TLS needs a certificate") },
                _stop.Token);
            return ssl;
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            await ssl.DisposeAsync();
            throw new IOException("the client broke off the TLS handshake");
        }
    }

    private async Task<bool> AuthenticateAsync(string line, StreamReader reader, StreamWriter writer)
    {
        var parts = line.Split(' ', 3);
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        if (!_options.AuthMechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        async Task<string> ReadBase64Async(string prompt, string? inline)
        {
            if (inline is { Length: > 0 } and not "=")
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(inline));
            }

            await writer.WriteLineAsync("334 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(prompt)));
            return Encoding.UTF8.GetString(Convert.FromBase64String(await reader.ReadLineAsync(_stop.Token) ?? ""));
        }

        var inline = parts.Length > 2 ? parts[2] : null;
        string user, secret;
        switch (mechanism)
        {
            case "PLAIN":
                var plain = (await ReadBase64Async("", inline)).Split('\0');
                (user, secret) = (plain.ElementAtOrDefault(1) ?? "", plain.ElementAtOrDefault(2) ?? "");
                break;
            case "LOGIN":
                user = await ReadBase64Async("Username:", inline);
                secret = await ReadBase64Async("Password:", null);
                break;
            default:
                // XOAUTH2: "user=<mailbox>\x01auth=Bearer <token>\x01\x01".
                var fields = (await ReadBase64Async("", inline)).Split('\x01', StringSplitOptions.RemoveEmptyEntries);
                user = fields.FirstOrDefault(f => f.StartsWith("user=", StringComparison.Ordinal))?[5..] ?? "";
                secret = fields.FirstOrDefault(f => f.StartsWith("auth=Bearer ", StringComparison.Ordinal))?[12..] ?? "";
                break;
        }

        var accepted = _options.CheckLogin(mechanism, user, secret);
        Logins.Enqueue((mechanism, user, secret, accepted));
        return accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
