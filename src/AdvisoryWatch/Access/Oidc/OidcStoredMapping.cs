using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>
/// A mapping an admin saved through the API. It wins over the configured entry for the same group,
/// and a null <see cref="Role"/> takes a configured group's rights away.
/// </summary>
public sealed class OidcStoredMapping
{
    public required string Group { get; set; }

    /// <summary>Null: this group gives nothing, whatever configuration says.</summary>
    public AccessRole? Role { get; set; }

    public List<string> Departments { get; set; } = [];

    public DateTimeOffset UpdatedAtUtc { get; set; }

    /// <summary>The actor who saved it (<c>user:ADDRESS</c>, <c>apikey:NAME</c>).</summary>
    public string? UpdatedBy { get; set; }
}

internal sealed class OidcStoredMappingConfiguration : IEntityTypeConfiguration<OidcStoredMapping>
{
    public const int MaxGroupLength = 256;

    public void Configure(EntityTypeBuilder<OidcStoredMapping> builder)
    {
        builder.ToTable("oidc_group_mappings");
        builder.HasKey(m => m.Group);
        builder.Property(m => m.Group).HasMaxLength(MaxGroupLength);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property<List<string>?>(m => m.Departments).HasJsonConversion().IsRequired();
        builder.Property(m => m.UpdatedBy).HasMaxLength(300);
    }
}
