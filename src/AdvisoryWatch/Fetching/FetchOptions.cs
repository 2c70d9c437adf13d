using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Fetching;

/// <summary>The limits every fetch runs under: polling, <c>sources check</c> and <c>parse</c> alike.</summary>
public sealed class FetchOptions
{
    public const string Section = "AdvisoryWatch:Fetch";

    /// <summary>CIDRs (<c>10.20.0.0/16</c>) or <c>host[:port]</c> entries let through the private-address guard.</summary>
    public List<string> AllowedNetworks { get; init; } = [];

    public string UserAgent { get; set; } = "AdvisoryWatch/1.0 (+https://github.com/advisorywatch/advisorywatch)";

    /// <summary>Largest body accepted, after decompression.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>One deadline covering connect, headers and the whole body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Open connections kept to one host (reused across polls); requests beyond it wait for one.</summary>
    [Range(1, 1_000)]
    public int MaxConnectionsPerHost { get; set; } = 4;

    /// <summary>Ports any host may be fetched on; other ports need an AllowedNetworks entry.</summary>
    public List<int> AllowedPorts { get; init; } = [80, 443];
}

/// <summary>Checks the options at start-up and reports every problem at once.</summary>
internal sealed class FetchOptionsValidator : IValidateOptions<FetchOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(AllowedNetworks.Problems($"{FetchOptions.Section}:AllowedNetworks", options.AllowedNetworks));
        foreach (var port in options.AllowedPorts.Where(p => p is < 1 or > 65535).Distinct())
        {
            errors.Add($"{FetchOptions.Section}:AllowedPorts: {port} is not a port (1-65535); there is no 'any port': list each port, or allow one host on another port with an AllowedNetworks entry (host:port)");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            errors.Add($"{FetchOptions.Section}:UserAgent must be one non-empty line");
        }

        if (options.Timeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{FetchOptions.Section}:Timeout and ConnectTimeout must be positive");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The admin-managed exceptions to the private-address guard.</summary>
public sealed class AllowedNetworks
{
    private readonly List<IPNetwork> _networks = [];
    private readonly List<(string Host, int? Port)> _hosts = [];

    public AllowedNetworks(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (!TryParseEntry(entry, out var parsed))
            {
                throw new ArgumentException($"'{entry}' is neither a CIDR nor host[:port]", nameof(entries));
            }

            if (parsed.Network is { } network)
            {
                _networks.Add(network);
            }
            else
            {
                _hosts.Add((parsed.Host!, parsed.Port));
            }
        }
    }

    public bool IsEmpty => _networks.Count == 0 && _hosts.Count == 0;

    /// <summary>What is wrong with the entries of the list configured at <paramref name="key"/>, all at once.</summary>
    public static IEnumerable<string> Problems(string key, IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (!TryParseEntry(entry, out var parsed))
            {
                yield return $"{key}: '{entry}' is neither a CIDR (10.0.0.0/8) nor host[:port]";
            }
            else if (parsed.Network is { } network && AddressGuard.BlockedRangesWithin(network) is { Count: > 1 } spanned)
            {
                // An entry is an exception for one intranet; one that spans several kinds of blocked
                // range (0.0.0.0/0, ::/0) opens loopback and cloud metadata with it.
                yield return $"{key}: '{entry}' spans {spanned.Count} blocked ranges ({string.Join(", ", spanned.Take(4))}{(spanned.Count > 4 ? ", ..." : "")}) and would switch the private-address guard off; name the intranet's own network (e.g. 10.20.0.0/16), one entry per network";
            }
        }
    }

    /// <summary>An address inside an allowed CIDR may be reached on any port.</summary>
    public bool Allows(IPAddress address) => _networks.Any(n => n.Contains(Unmap(address)));

    /// <summary>A named host (or literal address) allowed on this port, or on any port when the entry gave none.</summary>
    public bool Allows(string host, int port) =>
        _hosts.Any(h => string.Equals(h.Host, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && (h.Port is null || h.Port == port));

    public static bool TryParseEntry(string entry, out (IPNetwork? Network, string? Host, int? Port) parsed)
    {
        parsed = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(text, out var network))
            {
                parsed = (network, null, null);
                return true;
            }

            return false;
        }

        if (IPAddress.TryParse(text.Trim('[', ']'), out var single))
        {
            parsed = (new IPNetwork(Unmap(single), single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), null, null);
            return true;
        }

        // host or host:port; [v6]:port
        string host = text;
        int? port = null;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon || (text.StartsWith('[') && text.Contains("]:", StringComparison.Ordinal)))
        {
            if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }

            host = text[..colon].Trim('[', ']');
            port = p;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            return false;
        }

        parsed = (null, host, port);
        return true;
    }

    internal static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
