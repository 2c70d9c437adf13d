using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Sources;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(300);
        builder.Property(s => s.Authority).HasMaxLength(200);
        builder.Property(s => s.Country).HasMaxLength(8);
        builder.Property(s => s.Language).HasMaxLength(8);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.FallbackKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.WebsiteUrl).HasMaxLength(2048);
        builder.Property(s => s.FallbackUrl).HasMaxLength(2048);
        builder.Property(s => s.DiscoverFrom).HasMaxLength(2048);
        builder.Property(s => s.HtmlList).HasJsonConversion();
        builder.Property(s => s.PageWatch).HasJsonConversion();
        builder.Property(s => s.FallbackHtmlList).HasJsonConversion();
        builder.Property(s => s.FallbackPageWatch).HasJsonConversion();
        builder.Property(s => s.ETag).HasMaxLength(512);
        builder.Property(s => s.FinalUrl).HasMaxLength(2048);
        builder.Property(s => s.PermanentRedirectTo).HasMaxLength(2048);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.SeedHash).HasMaxLength(64);

        // Optimistic concurrency for definition edits would fight the scheduler's claim updates;
        // the claim token is the concurrency guard for polling (see Polling/).
        builder.HasIndex(s => new { s.Enabled, s.NextCheckAtUtc });
    }
}
