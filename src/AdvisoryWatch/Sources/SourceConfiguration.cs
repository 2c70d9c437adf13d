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
        builder.Property(s => s.ItemKind).HasConversion<string>().HasMaxLength(16);
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
        builder.Property(s => s.DismissedRedirectTo).HasMaxLength(2048);
        builder.Ignore(s => s.HasRedirectNotice);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.LastReadWarnings).HasMaxLength(2000);
        builder.Property(s => s.SeedHash).HasMaxLength(64);
        builder.Property(s => s.ClaimedBy).HasMaxLength(64);
        builder.Property(s => s.PrimaryBaselineReader).HasMaxLength(64);
        builder.Property(s => s.FallbackBaselineReader).HasMaxLength(64);
        builder.Property(s => s.DiscoveredBaselineReader).HasMaxLength(64);

        // Optimistic concurrency for definition edits would fight the scheduler's claim updates;
        // the claim token is the concurrency guard for polling (see Polling/).
        //
        // What the scheduler's claim reads at every tick: the enabled sources by next check, as a
        // range (an index led by the boolean was not used for a bare "Enabled" test, so every
        // tick scanned and sorted the whole table).
        builder.HasIndex(s => s.NextCheckAtUtc).HasFilter("\"Enabled\"");

        // The workers read a claim's rows by its token at every tick that claims any; without an
        // index that was a scan of every source, ten times a second under a short tick. Only
        // claimed rows carry a token, so the index holds those alone.
        builder.HasIndex(s => s.ClaimToken).HasFilter("\"ClaimToken\" IS NOT NULL");
    }
}
