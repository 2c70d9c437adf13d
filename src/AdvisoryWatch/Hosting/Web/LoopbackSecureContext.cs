using System.Net;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// A browser on the same machine talking to <c>http://localhost</c> is in a secure context:
/// browsers keep and send <c>Secure</c> (and <c>__Host-</c>) cookies for it as for HTTPS. Pages
/// that need HTTPS for their cookies accept such a request too, so sign-in works on the embedded
/// defaults without a certificate. Only when both ends of the connection are loopback and the
/// request names a loopback host: a proxy forwarding a public name, or another machine, is plain
/// HTTP. The request itself is left as it is (its scheme stays http, so redirects stay http).
/// </summary>
public static class LoopbackSecureContext
{
    public static bool Applies(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.Connection;
        return !context.Request.IsHttps
            && connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local)
            && IsLoopbackName(context.Request.Host.Host);
    }

    private static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
