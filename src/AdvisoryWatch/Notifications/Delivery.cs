using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// One change for one recipient. The unique (change, recipient) index makes the planner idempotent:
/// an event delivered three times still makes one row.
/// </summary>
public sealed class Delivery : Sendable
{
    /// <summary>The <see cref="Changes.AdvisoryVersion"/> id the event announced.</summary>
    public Guid ChangeId { get; set; }

    public Guid AdvisoryId { get; set; }

    public required string DepartmentId { get; set; }

    public Guid RecipientId { get; set; }

    public RecipientChannel Channel { get; set; }

    /// <summary>The address at the time (the audit trail must not change when a recipient does); for Teams, "(webhook)".</summary>
    public required string Address { get; set; }

    public DeliveryMode Mode { get; set; }

    public Severity Severity { get; set; }

    /// <summary>The digest that carried it.</summary>
    public Guid? DigestId { get; set; }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DepartmentId).HasMaxLength(100);
        builder.Property(d => d.Address).HasMaxLength(2048);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastReply).HasMaxLength(1000);
        builder.HasIndex(d => new { d.ChangeId, d.RecipientId }).IsUnique();

        // A worker saves a row's outcome only while it still holds the claim.
        builder.Property(d => d.LockToken).IsConcurrencyToken();
        builder.HasIndex(d => new { d.State, d.DueAtUtc });
        builder.HasIndex(d => new { d.DepartmentId, d.CreatedAtUtc });
        builder.HasIndex(d => d.DigestId);
    }
}
