using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Changes;

/// <summary>
/// An advisory as a reader other than its owning one shows it (see <see cref="Advisory.Reader"/>):
/// the fallback list's key for news first read in the feed, or the feed's key for news first read
/// on the fallback before the primary took it over. A sighting is identity only: it announces
/// nothing, and its reader finds the item known by its own key.
/// </summary>
public sealed class AdvisoryAlias
{
    public Guid Id { get; set; }

    public required string SourceId { get; set; }

    public Guid AdvisoryId { get; set; }

    /// <summary>The <see cref="Sources.SourceReader.Key"/> of the reader that shows the item under <see cref="ItemKey"/>.</summary>
    public required string Reader { get; set; }

    public required string ItemKey { get; set; }

    public string? LinkKey { get; set; }

    public string? TitleKey { get; set; }

    public DateTimeOffset? PublishedAtUtc { get; set; }

    public DateTimeOffset SeenAtUtc { get; set; }
}

internal sealed class AdvisoryAliasConfiguration : IEntityTypeConfiguration<AdvisoryAlias>
{
    public void Configure(EntityTypeBuilder<AdvisoryAlias> builder)
    {
        builder.ToTable("advisory_aliases");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.SourceId).HasMaxLength(100);
        builder.Property(a => a.Reader).HasMaxLength(64);
        builder.Property(a => a.ItemKey).HasMaxLength(2048);
        builder.Property(a => a.LinkKey).HasMaxLength(64);
        builder.Property(a => a.TitleKey).HasMaxLength(64);

        // Led by the item key: a read looks up its keys whatever reader first showed them.
        builder.HasIndex(a => new { a.SourceId, a.ItemKey, a.Reader }).IsUnique();
        builder.HasIndex(a => new { a.SourceId, a.LinkKey });
        builder.HasIndex(a => new { a.SourceId, a.TitleKey });
        builder.HasIndex(a => a.AdvisoryId);
        builder.HasOne<Advisory>().WithMany().HasForeignKey(a => a.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
