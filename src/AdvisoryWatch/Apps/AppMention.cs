using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Apps;

/// <summary>An advisory that named an app when it was published or changed (recorded from then on).</summary>
public sealed class AppMention
{
    public required string AppId { get; set; }

    public Guid AdvisoryId { get; set; }

    /// <summary>The latest change event in which the advisory named the app.</summary>
    public Guid LastChangeId { get; set; }

    public DateTimeOffset FirstSeenAtUtc { get; set; }

    public DateTimeOffset LastSeenAtUtc { get; set; }
}

internal sealed class AppMentionConfiguration : IEntityTypeConfiguration<AppMention>
{
    public void Configure(EntityTypeBuilder<AppMention> builder)
    {
        builder.ToTable("app_mention");
        builder.HasKey(m => new { m.AppId, m.AdvisoryId });
        builder.Property(m => m.AppId).HasMaxLength(AppsApi.IdMaxLength);
        builder.HasOne<App>().WithMany().HasForeignKey(m => m.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Changes.Advisory>().WithMany().HasForeignKey(m => m.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
