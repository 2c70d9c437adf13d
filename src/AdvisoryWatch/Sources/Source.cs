using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Sources;

/// <summary>
/// A watched source. The row is also the schedule (next check, back-off, validators) and the
/// health record an admin looks at; times are UTC.
/// </summary>
public sealed class Source
{
    public string Id { get; set; } = "";

    /// <summary>The catalogue definition: name, kind, URL, parser settings, interval.</summary>
    public SourceDefinition Definition { get; set; } = new();

    /// <summary>A copy of <c>Definition.Enabled</c> the scheduler can query.</summary>
    public bool Enabled { get; set; }

    /// <summary>Hash of the seed entry this row was imported from; null once an admin changed the row.</summary>
    public string? SeedHash { get; set; }

    // The schedule.
    public DateTime NextCheckAtUtc { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTime? ClaimedUntilUtc { get; set; }

    public int ConsecutiveFailures { get; set; }

    public DateTime? RetryAfterUtc { get; set; }

    public string? ETag { get; set; }

    public DateTime? LastModifiedUtc { get; set; }

    // Health.
    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? LastSuccessAtUtc { get; set; }

    public int? LastStatusCode { get; set; }

    public string? FinalUrl { get; set; }

    /// <summary>Where the source said it moved (301/308). Shown to the admin, never written over the URL.</summary>
    public string? PermanentRedirectTo { get; set; }

    public string? LastError { get; set; }

    /// <summary>What the last successful read came from: primary, fallback or discovered.</summary>
    public string? LastReadFrom { get; set; }

    public int ItemsSeen { get; set; }

    public DateTime? NewestItemAtUtc { get; set; }

    /// <summary>When the first successful read was stored as the baseline (it notifies nobody).</summary>
    public DateTime? BaselineTakenAtUtc { get; set; }

    public bool IsStale(DateTime nowUtc) =>
        Definition.StaleAfterDays is { } days && BaselineTakenAtUtc is not null
        && (NewestItemAtUtc ?? BaselineTakenAtUtc.Value) < nowUtc.AddDays(-days);

    public void Apply(SourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Enabled = definition.Enabled;
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Source> source)
    {
        source.HasKey(s => s.Id);
        source.Property(s => s.Id).HasMaxLength(100);
        source.Property(s => s.Definition).HasConversion(
            d => JsonSerializer.Serialize(d, Json),
            text => JsonSerializer.Deserialize<SourceDefinition>(text, Json)!,
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<SourceDefinition>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                d => JsonSerializer.Serialize(d, Json).GetHashCode(StringComparison.Ordinal),
                d => JsonSerializer.Deserialize<SourceDefinition>(JsonSerializer.Serialize(d, Json), Json)!));
        source.HasIndex(s => new { s.Enabled, s.NextCheckAtUtc });
        source.Property(s => s.ETag).HasMaxLength(500);
    }
}
