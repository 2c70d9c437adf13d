using System.Net;
using System.Net.Sockets;

namespace AdvisoryWatch.Fetching;

/// <summary>
/// A connect callback for <see cref="SocketsHttpHandler"/> that resolves the host itself, refuses it
/// when an answer is a blocked address (<see cref="AddressGuard"/>) the admin did not allow, and
/// connects to the very addresses it checked, so DNS cannot answer differently in between.
/// </summary>
public static class GuardedConnect
{
    /// <param name="allowKey">The configuration key that lifts the guard, named in the refusal.</param>
    /// <param name="blocked">Told the host and the reason of each refusal (for the log).</param>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Callback(AllowedNetworks allowed, string allowKey, Action<string, string> blocked)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(blocked);
        return (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowed, allowKey, blocked, cancellationToken);
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, AllowedNetworks allowed, string allowKey, Action<string, string> blocked, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            addresses = await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        }

        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var hostAllowed = allowed.Allows(endpoint.Host, endpoint.Port);

        // One blocked address among the answers refuses the host: DNS that mixes public and
        // private answers is an attack, not a misconfiguration to work around.
        foreach (var address in addresses)
        {
            if (AddressGuard.IsBlocked(address) && !hostAllowed && !allowed.Allows(address))
            {
                blocked(endpoint.Host, $"{address} is a private, loopback, link-local or reserved address");
                throw new BlockedAddressException($"{endpoint.Host} resolves to {address}, a blocked address (allow it with {allowKey})");
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
