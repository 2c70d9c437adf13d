using System.Net;
using System.Net.Sockets;

namespace AdvisoryWatch.Fetching;

/// <summary>
/// Which addresses an authority's website can never be at: loopback, private, link-local, CGNAT,
/// cloud metadata, unique-local, multicast and reserved ranges, in any IPv6 disguise.
/// </summary>
public static class AddressGuard
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network"; 0.0.0.0 reaches loopback
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),      // CGNAT, includes 100.100.100.200 (Alibaba metadata)
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, includes 169.254.169.254 (cloud metadata)
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, includes broadcast
        IPNetwork.Parse("::/96"),            // unspecified, loopback and IPv4-compatible forms
        IPNetwork.Parse("::ffff:0:0:0/96"),    // SIIT's IPv4-translated form (::ffff:0:a.b.c.d); the mapped form is unwrapped below
        IPNetwork.Parse("64:ff9b::/96"),       // NAT64 can reach private IPv4
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/32"),          // Teredo tunnels to an IPv4 host behind NAT
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"),          // 6to4 embeds IPv4
        IPNetwork.Parse("fc00::/7"),           // unique-local
        IPNetwork.Parse("fe80::/10"),          // link-local
        IPNetwork.Parse("fec0::/10"),          // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),           // multicast
    ];

    /// <summary>The blocked ranges that lie wholly inside <paramref name="network"/>.</summary>
    public static IReadOnlyList<IPNetwork> BlockedRangesWithin(IPNetwork network) =>
        Blocked.Where(b => b.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily
            && b.PrefixLength >= network.PrefixLength
            && network.Contains(b.BaseAddress)).ToList();

    /// <summary>True when the address must not be connected to (unless an admin allowed it).</summary>
    public static bool IsBlocked(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var candidate = Unwrap(address);
        foreach (var network in Blocked)
        {
            if (network.BaseAddress.AddressFamily == candidate.AddressFamily && network.Contains(candidate))
            {
                return true;
            }
        }

        return false;
    }

    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated but still parsed) both carry an
    // IPv4 address that the IPv4 ranges must judge.
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            if (bytes[..12].IndexOfAnyExcept((byte)0) < 0 && (bytes[12] | bytes[13]) != 0)
            {
                return new IPAddress(bytes[12..]);
            }
        }

        return address;
    }
}
