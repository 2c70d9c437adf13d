using System.Buffers.Text;
using System.Security.Cryptography;

namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>
/// Opaque tokens for links in mail: the id and a truncated HMAC-SHA256 over purpose and id, in
/// base64url. Nothing about the recipient can be read from a token, and a token for one purpose
/// is useless for another. No cookies or sessions: the link itself is the authority, as RFC 8058
/// one-click unsubscribe requires.
/// </summary>
public sealed class LinkSigner
{
    private const int MacLength = 16;
    private byte[]? _key;

    /// <summary>Set once at start-up by <see cref="SigningKeyTask"/>.</summary>
    internal void UseKey(byte[] key) => _key = key;

    private byte[] Key => _key ?? throw new InvalidOperationException("The link signing key is not loaded yet.");

    public string Sign(LinkPurpose purpose, Guid id)
    {
        Span<byte> token = stackalloc byte[16 + MacLength];
        id.TryWriteBytes(token);
        Mac(purpose, token[..16], token[16..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The id a token was made for, or null for a forged, truncated or other-purpose token.</summary>
    public Guid? Verify(LinkPurpose purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (!Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != 16 + MacLength)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Mac(purpose, bytes[..16], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(16, MacLength)) ? new Guid(bytes[..16]) : null;
    }

    private void Mac(LinkPurpose purpose, ReadOnlySpan<byte> id, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[17];
        input[0] = (byte)purpose;
        id.CopyTo(input[1..]);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(Key, input, full);
        full[..MacLength].CopyTo(destination);
    }
}
