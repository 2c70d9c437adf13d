using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>
/// The key's text: <c>aw_</c> and 256 random bits in base64url (43 characters). The prefix makes a
/// leaked key recognisable to secret scanners and to whoever finds it in a log.
/// </summary>
public static class ApiKeySecret
{
    public const string Marker = "aw_";

    private const int RandomBytes = 32;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Length of a key: the marker and 43 base64url characters.</summary>
    public static readonly int Length = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);

    public static string New() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>What the database keeps of a key.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The start of the key shown in lists; the 220 bits after it stay secret.</summary>
    public static string Prefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[..(Marker.Length + 6)];
    }

    /// <summary>Has the shape of a key (a cheap refusal of anything else, before any lookup).</summary>
    public static bool IsWellFormed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == Length
            && text.StartsWith(Marker, StringComparison.Ordinal)
            && !text.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlAlphabet);
    }
}
