using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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

/// <summary>
/// A minimal SMTP server on loopback for the failures a real server will not produce on demand.
/// What happens after DATA is decided by the recipient's local part (<see cref="AfterData"/>
/// names, lower case: <c>closewithoutreply-1@x</c>); a recipient starting <c>dropatrcpt</c> is
/// answered by closing the connection at RCPT, before any content.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    public ScriptedSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Recipients whose message was accepted with 250.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    /// <summary>Recipients whose message content was read to the final ".".</summary>
    public ConcurrentQueue<string> ContentReceived { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
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
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 scripted ESMTP");
            var recipient = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-scripted\r\n250 8BITMIME");
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
            // The client went away or the server stopped.
        }
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
