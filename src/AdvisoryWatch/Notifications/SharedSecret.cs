using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Notifications;

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
