using System.Net;
using System.Net.Sockets;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>
/// A relay between the product and the test SMTP server that can be switched off: while down, its
/// port refuses connections, exactly as a stopped mail server's would.
/// </summary>
public sealed class SmtpRelay : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task? _accepting;

    private SmtpRelay(string targetHost, int targetPort, int port)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpRelay> StartAsync(string targetHost, int targetPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var relay = new SmtpRelay(targetHost, targetPort, port);
        relay.Up();
        await Task.Yield();
        return relay;
    }

    public void Down()
    {
        _listener?.Stop();
        _listener = null;
    }

    public void Up()
    {
        if (_listener is not null)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await target.ConnectAsync(_targetHost, _targetPort, _stop.Token);
                var a = client.GetStream();
                var b = target.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // Either side went away: the session ends, as it would with a real relay.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Down();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stop.Dispose();
    }
}
