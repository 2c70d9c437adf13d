using System.ComponentModel.DataAnnotations;
using System.Net;

namespace AdvisoryWatch.Hosting.Web;

/// <summary><c>AdvisoryWatch:Web:*</c>: what the web host accepts from the network.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "AdvisoryWatch:Web";

    /// <summary>The largest request body accepted; a larger one is refused with 413 before it is read.</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>
    /// Reverse proxies (addresses, or networks in CIDR form) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty: those headers are ignored, from anyone.
    /// </summary>
    public List<string> TrustedProxies { get; init; } = [];

    /// <summary><see cref="TrustedProxies"/> parsed; every entry is valid once validation passed.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxyNetworks() =>
        [.. TrustedProxies.Select(p => TryParseNetwork(p, out var n) ? n : throw new InvalidOperationException($"'{p}' is not an address or network"))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies)
        {
            if (!TryParseNetwork(proxy, out _))
            {
                yield return new ValidationResult(
                    $"TrustedProxies: '{proxy}' is neither an address (10.0.0.5) nor a network (10.0.0.0/24).",
                    [nameof(TrustedProxies)]);
            }
        }
    }

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
