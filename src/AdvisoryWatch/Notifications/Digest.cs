using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Notifications;

/// <summary>One digest for one recipient and period; unique on both, so it is built and sent once.</summary>
public sealed class Digest : Sendable
{
    public required string DepartmentId { get; set; }

    public Guid RecipientId { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset PeriodStartUtc { get; set; }

    /// <summary>The digest time the period ends at.</summary>
    public DateTimeOffset PeriodEndUtc { get; set; }

    public int ItemCount { get; set; }
}

internal sealed class DigestConfiguration : IEntityTypeConfiguration<Digest>
{
    public void Configure(EntityTypeBuilder<Digest> builder)
    {
        builder.ToTable("digests");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DepartmentId).HasMaxLength(100);
        builder.Property(d => d.Address).HasMaxLength(2048);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastReply).HasMaxLength(1000);
        builder.HasIndex(d => new { d.RecipientId, d.PeriodEndUtc }).IsUnique();
        builder.Property(d => d.LockToken).IsConcurrencyToken();
        builder.HasIndex(d => new { d.State, d.DueAtUtc });
    }
}
