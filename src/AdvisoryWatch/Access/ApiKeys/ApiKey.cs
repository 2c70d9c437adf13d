using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>
/// A credential for scripts and integrations. The key itself is shown once, when it is made; the
/// database keeps only its SHA-256 hash (the key is 256 random bits, so a fast hash is enough: there
/// is nothing to guess), and <see cref="Prefix"/> to recognise it by in a list.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>Unique; the audit log names the key <c>apikey:NAME</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The first characters of the key (<c>aw_</c> and six more), for telling keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, lowercase hex.</summary>
    public required string Hash { get; set; }

    public AccessRole Role { get; set; }

    /// <summary>The departments a Reader or Coordinator key covers; empty for an Admin.</summary>
    public string[] Departments { get; set; } = [];

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>Who made it, as the audit log names an actor (<c>cli:USER</c>, <c>user:ADDRESS</c>).</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset? ExpiresAtUtc { get; set; }

    public DateTimeOffset? RevokedAtUtc { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>When the key last authenticated a request, to within <see cref="ApiKeyHandler.LastUsedPrecision"/>.</summary>
    public DateTimeOffset? LastUsedAtUtc { get; set; }

    /// <summary>Whether it authenticates at <paramref name="now"/>: neither revoked nor expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAtUtc is null && !(ExpiresAtUtc <= now);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(ApiKeyIssuer.MaxNameLength);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(k => k.CreatedBy).HasMaxLength(300);
        builder.Property(k => k.RevokedBy).HasMaxLength(300);
        builder.HasIndex(k => k.Name).IsUnique();

        // Every request with a key looks it up by its hash.
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
