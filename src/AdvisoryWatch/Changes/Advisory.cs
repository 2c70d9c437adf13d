using AdvisoryWatch.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Changes;

/// <summary>
/// One thing a source published: a feed or list item, or a watched page. The row holds the latest
/// version; every version (including the first) is kept in <see cref="AdvisoryVersion"/>.
/// </summary>
public sealed class Advisory
{
    public Guid Id { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The item's identity within its source: guid, else normalised link, else a hash of title and date.</summary>
    public required string ItemKey { get; set; }

    public required string Title { get; set; }

    public string? Url { get; set; }

    /// <summary>Plain text: the item's summary, or a watched page's whole normalised text.</summary>
    public string? Summary { get; set; }

    /// <summary>Sanitised HTML, when the source gives full content.</summary>
    public string? ContentHtml { get; set; }

    public DateTimeOffset? PublishedAtUtc { get; set; }

    public DateTimeOffset? SourceUpdatedAtUtc { get; set; }

    public List<string> Topics { get; set; } = [];

    public Severity Severity { get; set; } = Severity.Normal;

    public required string Language { get; set; }

    /// <summary>SHA-256 of the normalised title, summary and content: what "changed" means.</summary>
    public required string ContentHash { get; set; }

    /// <summary>
    /// The item's fingerprint as the source wrote it, when last recorded: a poll that finds the
    /// same fingerprint skips the item without deriving its text. Null for pages and list items.
    /// </summary>
    public string? SourceFingerprint { get; set; }

    /// <summary>
    /// The <see cref="Sources.SourceReader.Key"/> of the reader whose view <see cref="ItemKey"/>,
    /// <see cref="ContentHash"/> and <see cref="SourceFingerprint"/> are, and which announces the
    /// advisory's updates. Other readers' sightings are <see cref="AdvisoryAlias"/> rows. Null on
    /// a row from before readers were told apart: the source's primary.
    /// </summary>
    public string? Reader { get; set; }

    /// <summary>The item's <see cref="ItemMatch.LinkKey"/>, for matching sightings through other readers.</summary>
    public string? LinkKey { get; set; }

    /// <summary>The item's <see cref="ItemMatch.TitleKey"/>, likewise.</summary>
    public string? TitleKey { get; set; }

    public int CurrentVersion { get; set; } = 1;

    /// <summary>A watched page that answers 404/410 now.</summary>
    public bool Gone { get; set; }

    public DateTimeOffset FirstSeenAtUtc { get; set; }

    public DateTimeOffset LastChangedAtUtc { get; set; }
}

/// <summary>
/// One version of an advisory. Every version after the baseline is a change that was announced;
/// its id is the <see cref="ChangeDetected.ChangeId"/>.
/// </summary>
public sealed class AdvisoryVersion
{
    public Guid Id { get; set; }

    public Guid AdvisoryId { get; set; }

    public int Version { get; set; }

    public ChangeKind Kind { get; set; }

    /// <summary>
    /// A silent version, of which nobody is notified: stored by a reader's baseline (the first
    /// successful poll of a source, or the first read of a new fallback, discovered feed or URL), or
    /// when the primary first sees an item first seen through another reader and takes it over.
    /// </summary>
    public bool IsBaseline { get; set; }

    public required string Title { get; set; }

    public string? Url { get; set; }

    public string? Summary { get; set; }

    public string? ContentHtml { get; set; }

    public required string ContentHash { get; set; }

    /// <summary>A line diff from the previous version's text (unified style, bounded); null for a first version.</summary>
    public string? Diff { get; set; }

    public DateTimeOffset ObservedAtUtc { get; set; }
}

internal sealed class AdvisoryConfiguration : IEntityTypeConfiguration<Advisory>
{
    public void Configure(EntityTypeBuilder<Advisory> builder)
    {
        builder.ToTable("advisories");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.SourceId).HasMaxLength(100);
        builder.Property(a => a.ItemKey).HasMaxLength(2048);
        builder.Property(a => a.Title).HasMaxLength(1000);
        builder.Property(a => a.Url).HasMaxLength(2048);
        builder.Property(a => a.Language).HasMaxLength(8);
        builder.Property(a => a.ContentHash).HasMaxLength(64);
        builder.Property(a => a.SourceFingerprint).HasMaxLength(64);
        builder.Property(a => a.Reader).HasMaxLength(64);
        builder.Property(a => a.LinkKey).HasMaxLength(64);
        builder.Property(a => a.TitleKey).HasMaxLength(64);
        builder.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);

        // The identity of an item: a redelivered poll or a second worker cannot insert it twice.
        builder.HasIndex(a => new { a.SourceId, a.ItemKey }).IsUnique();
        builder.HasIndex(a => a.LastChangedAtUtc);

        // Cross-reader matching looks up only the links and titles a read shows.
        builder.HasIndex(a => new { a.SourceId, a.LinkKey });
        builder.HasIndex(a => new { a.SourceId, a.TitleKey });
        builder.HasOne<Sources.Source>().WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AdvisoryVersionConfiguration : IEntityTypeConfiguration<AdvisoryVersion>
{
    public void Configure(EntityTypeBuilder<AdvisoryVersion> builder)
    {
        builder.ToTable("advisory_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Title).HasMaxLength(1000);
        builder.Property(v => v.Url).HasMaxLength(2048);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.HasIndex(v => new { v.AdvisoryId, v.Version }).IsUnique();
        builder.HasOne<Advisory>().WithMany().HasForeignKey(v => v.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
