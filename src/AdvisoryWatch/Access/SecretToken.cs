using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AdvisoryWatch.Access;

/// <summary>
/// The shape of a bearer secret: a marker (<c>aw_</c> for API keys, <c>awf_</c> for feed tokens)
/// and 256 random bits in base64url (43 characters). The marker makes a leaked secret
/// recognisable to secret scanners and to whoever finds it in a log; the database keeps only a
/// SHA-256 hash (256 random bits leave nothing to guess, so a fast hash is enough).
/// </summary>
public sealed class SecretToken
{
    private const int RandomBytes = 32;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public SecretToken(string marker)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        Marker = marker;
        Length = marker.Length + Base64Url.GetEncodedLength(RandomBytes);
    }

    public string Marker { get; }

    /// <summary>Length of a secret: the marker and 43 base64url characters.</summary>
    public int Length { get; }

    public string New() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>What the database keeps of a secret: SHA-256, lowercase hex.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>The start of the secret shown in lists: the marker and six characters; the 220 bits after them stay secret.</summary>
    public string Prefix(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret[..(Marker.Length + 6)];
    }

    /// <summary>Has the shape of a secret (a cheap refusal of anything else, before any lookup).</summary>
    public bool IsWellFormed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == Length
            && text.StartsWith(Marker, StringComparison.Ordinal)
            && !text.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlAlphabet);
    }
}
