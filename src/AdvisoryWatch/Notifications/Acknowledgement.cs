using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Notifications;

/// <summary>A department confirmed it saw an urgent alert; one per (change, department).</summary>
public sealed class Acknowledgement
{
    public Guid Id { get; set; }

    public Guid ChangeId { get; set; }

    public required string DepartmentId { get; set; }

    /// <summary>The delivery whose link was used, and its address: who acknowledged.</summary>
    public Guid DeliveryId { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset AcknowledgedAtUtc { get; set; }
}

internal sealed class AcknowledgementConfiguration : IEntityTypeConfiguration<Acknowledgement>
{
    public void Configure(EntityTypeBuilder<Acknowledgement> builder)
    {
        builder.ToTable("acknowledgements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.DepartmentId).HasMaxLength(100);
        builder.Property(a => a.Address).HasMaxLength(2048);
        builder.HasIndex(a => new { a.ChangeId, a.DepartmentId }).IsUnique();
    }
}
