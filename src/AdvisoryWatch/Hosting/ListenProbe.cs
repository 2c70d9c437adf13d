using System.Net;
using System.Net.Sockets;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// Finds a configured listening address that another process already holds, before the host
/// starts: once Kestrel fails to bind, the framework logs its own error with a stack trace, which
/// is noise beside the one-line report an admin needs.
/// </summary>
internal static class ListenProbe
{
    /// <summary>The first of <paramref name="urls"/> (the <c>urls</c> setting: <c>;</c>-separated) whose port is taken, or null.</summary>
    public static string? FindTaken(string? urls)
    {
        foreach (var url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Endpoint(url) is { } endpoint && IsTaken(endpoint))
            {
                return url;
            }
        }

        return null;
    }

    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards (*, +) are not valid URI hosts; the port is what matters here.
        var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null;
        }

        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _))
        {
            return new IPEndPoint(IPAddress.Loopback, uri.Port);
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new IPEndPoint(address, uri.Port) : null;
    }

    private static bool IsTaken(IPEndPoint endpoint)
    {
        try
        {
            var listener = new TcpListener(endpoint);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Not ours to judge (an address this machine does not have, say): Kestrel reports it.
            return false;
        }
    }
}
