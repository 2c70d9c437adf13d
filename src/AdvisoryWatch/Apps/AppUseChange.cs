using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Apps;

/// <summary>One version of a department's use of an app; <see cref="InUse"/> false when the department stopped using it. Never changed or removed.</summary>
public sealed class AppUseChange
{
    public Guid Id { get; set; }

    public required string AppId { get; set; }

    public required string DepartmentId { get; set; }

    public bool InUse { get; set; }

    public ProtectionLevel Protection { get; set; }

    public AppVerdict Verdict { get; set; }

    public string? Rationale { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset ChangedAtUtc { get; set; }
}

internal sealed class AppUseChangeConfiguration : IEntityTypeConfiguration<AppUseChange>
{
    public void Configure(EntityTypeBuilder<AppUseChange> builder)
    {
        builder.ToTable("app_use_change");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.AppId, c.DepartmentId, c.ChangedAtUtc });
        builder.Property(c => c.AppId).HasMaxLength(AppsApi.IdMaxLength);
        builder.Property(c => c.DepartmentId).HasMaxLength(100);
        builder.Property(c => c.Protection).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Verdict).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Rationale).HasMaxLength(AppsApi.RationaleMaxLength);
        builder.Property(c => c.ChangedBy).HasMaxLength(200);
    }
}
