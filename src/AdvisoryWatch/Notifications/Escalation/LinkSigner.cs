using System.Buffers.Text;
using System.Security.Cryptography;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>What a signed link lets its holder do.</summary>
public enum LinkPurpose : byte
{
    /// <summary>Unsubscribe a recipient (the id is the recipient's).</summary>
    Unsubscribe = 1,

    /// <summary>Acknowledge an urgent alert (the id is the delivery's).</summary>
    Acknowledge = 2,
}

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

/// <summary>A named secret the nodes of one installation share (the link signing key).</summary>
public sealed class SharedSecret
{
    public required string Name { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }
}

internal sealed class SharedSecretConfiguration : IEntityTypeConfiguration<SharedSecret>
{
    public void Configure(EntityTypeBuilder<SharedSecret> builder)
    {
        builder.ToTable("shared_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Value).HasMaxLength(200);
    }
}

/// <summary>Loads the configured key, or the one kept in the database, making it on first start.</summary>
internal sealed class SigningKeyTask(LinkSigner signer, IOptions<NotificationsOptions> options, TimeProvider time) : IStartupTask
{
    private const string Name = "link-signing-key";

    public int Order => 50;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            signer.UseKey(Convert.FromBase64String(configured));
            return;
        }

        var db = services.GetRequiredService<AdvisoryWatchDbContext>();
        var stored = await db.Set<SharedSecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == Name, cancellationToken);
        if (stored is null)
        {
            db.Add(new SharedSecret { Name = Name, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAtUtc = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node starting at the same moment made it first: use theirs.
                db.ChangeTracker.Clear();
            }

            stored = await db.Set<SharedSecret>().AsNoTracking().SingleAsync(s => s.Name == Name, cancellationToken);
        }

        signer.UseKey(Convert.FromBase64String(stored.Value));
    }
}
