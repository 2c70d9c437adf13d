using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Changes;

/// <summary>A change event as a consumer received it: the audit of what went over the bus.</summary>
public sealed class ChangeLogEntry
{
    public Guid ChangeId { get; set; }

    public Guid AdvisoryId { get; set; }

    public required string SourceId { get; set; }

    public ChangeKind Kind { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset FirstReceivedAtUtc { get; set; }

    /// <summary>How often the event arrived: more than 1 means a redelivery that was absorbed.</summary>
    public int Deliveries { get; set; }
}

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        builder.ToTable("change_log");
        builder.HasKey(e => e.ChangeId);
        builder.Property(e => e.SourceId).HasMaxLength(100);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Title).HasMaxLength(1000);
    }
}

/// <summary>Records each change event once, however often it is delivered.</summary>
public sealed class ChangeLogConsumer(AdvisoryWatchDbContext db, WriteGate gate, TimeProvider time) : IConsumer<ChangeDetected>
{
    public async Task Consume(ConsumeContext<ChangeDetected> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        var ct = context.CancellationToken;
        await using var connection = await db.Database.KeepConnectionOpenAsync(ct);
        using var write = await gate.EnterAsync(db, ct);
        var updated = await db.Set<ChangeLogEntry>().Where(e => e.ChangeId == m.ChangeId)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Deliveries, e => e.Deliveries + 1), ct);
        if (updated > 0)
        {
            return;
        }

        db.Add(new ChangeLogEntry
        {
            ChangeId = m.ChangeId,
            AdvisoryId = m.AdvisoryId,
            SourceId = m.SourceId,
            Kind = m.Kind,
            Title = m.Title,
            FirstReceivedAtUtc = time.GetUtcNow(),
            Deliveries = 1,
        });

        // Two deliveries racing past the update both insert; the primary key lets one win and
        // the retry of the other takes the update path.
        await db.SaveChangesAsync(ct);
    }
}
