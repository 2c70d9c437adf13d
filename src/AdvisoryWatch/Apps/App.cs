using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Apps;

/// <summary>
/// An app in the register. Its name and aliases are the keywords of its topic
/// (<see cref="TopicId"/>), which <see cref="AppTopics"/> adds to the topic rules in force.
/// </summary>
public sealed class App
{
    public const string TopicPrefix = "app-";

    /// <summary>A lower-case slug (<c>tiktok</c>), chosen when the app is registered.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public string? Vendor { get; set; }

    /// <summary>Other names an advisory may use for it (<c>Douyin</c>, <c>ByteDance</c>).</summary>
    public List<string>? Aliases { get; set; } = [];

    public DateTimeOffset CreatedAtUtc { get; set; }

    public DateTimeOffset UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    /// <summary>
    /// When it left the register (<c>DELETE /api/v1/apps/{id}</c>): no longer a topic and no longer
    /// listed, but its page, its departments' assessments and their history stay readable, and the
    /// follow-ups it opened stay as they are. Registering the id again brings it back.
    /// </summary>
    public DateTimeOffset? RetiredAtUtc { get; set; }

    public List<AppUse> Uses { get; set; } = [];

    public string TopicId => TopicPrefix + Id;
}

internal sealed class AppConfiguration : IEntityTypeConfiguration<App>
{
    public void Configure(EntityTypeBuilder<App> builder)
    {
        builder.ToTable("app");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(AppsApi.IdMaxLength);
        builder.Property(a => a.Name).HasMaxLength(AppsApi.NameMaxLength);
        builder.Property(a => a.Vendor).HasMaxLength(AppsApi.NameMaxLength);
        builder.Property(a => a.Aliases).HasJsonConversion();
        builder.Property(a => a.UpdatedBy).HasMaxLength(200);
        builder.Ignore(a => a.TopicId);
        builder.HasMany(a => a.Uses).WithOne().HasForeignKey(u => u.AppId).OnDelete(DeleteBehavior.Cascade);
    }
}
