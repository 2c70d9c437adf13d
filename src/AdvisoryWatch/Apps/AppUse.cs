using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Apps;

/// <summary>
/// A department's use of an app: the protection level of the information it touches there and the
/// department's current assessment. Every version is kept in <see cref="AppUseChange"/>.
/// </summary>
public sealed class AppUse
{
    public required string AppId { get; set; }

    public required string DepartmentId { get; set; }

    public ProtectionLevel Protection { get; set; }

    public AppVerdict Verdict { get; set; }

    public string? Rationale { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset ChangedAtUtc { get; set; }
}

internal sealed class AppUseConfiguration : IEntityTypeConfiguration<AppUse>
{
    public void Configure(EntityTypeBuilder<AppUse> builder)
    {
        builder.ToTable("app_use");
        builder.HasKey(u => new { u.AppId, u.DepartmentId });
        builder.HasIndex(u => u.DepartmentId);
        builder.Property(u => u.AppId).HasMaxLength(AppsApi.IdMaxLength);
        builder.Property(u => u.DepartmentId).HasMaxLength(100);
        builder.Property(u => u.Protection).HasConversion<string>().HasMaxLength(24);
        builder.Property(u => u.Verdict).HasConversion<string>().HasMaxLength(24);
        builder.Property(u => u.Rationale).HasMaxLength(AppsApi.RationaleMaxLength);
        builder.Property(u => u.ChangedBy).HasMaxLength(200);
    }
}
