using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>
/// The <c>AdvisoryWatch-Signature</c> header: <c>t=UNIX-SECONDS,v1=HEX</c>, where HEX is the
/// lower-case HMAC-SHA256, keyed with the recipient's secret (its UTF-8 bytes), of the timestamp, a
/// dot and the raw body bytes, as Stripe signs its webhooks. The timestamp is signed so that a
/// receiver can refuse an old request replayed later; docs/webhooks.md gives the recipe.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "AdvisoryWatch-Signature";

    public static string Header(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
