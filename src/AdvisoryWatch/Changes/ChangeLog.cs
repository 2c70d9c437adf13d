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

/// <summary>
/// Records each change event once, however often it is delivered. Takes the events in batches:
/// one pass through the write gate and one transaction for up to <see cref="BatchLimit"/> events
/// instead of two statements and a commit each, which queued behind the polls' writes.
/// </summary>
public sealed class ChangeLogConsumer(AdvisoryWatchDbContext db, WriteGate gate, OutboxReceipts receipts, TimeProvider time) : IConsumer<Batch<ChangeDetected>>
{
    public const int BatchLimit = 100;

    /// <summary>The name of this consumer's outbox receipts.</summary>
    public const string ReceiptName = "change-log";

    /// <summary>How long a batch waits to fill: the change log is an audit, not on anyone's critical path.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    public async Task Consume(ConsumeContext<Batch<ChangeDetected>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        // A redelivery can arrive in the same batch as the first delivery: both count.
        var received = context.Message
            .GroupBy(m => m.Message.ChangeId)
            .ToDictionary(g => g.Key, g => (First: g.First().Message, Deliveries: g.Count()));
        var ids = received.Keys.ToList();
        await using var connection = await db.Database.KeepConnectionOpenAsync(ct);
        using var write = await gate.EnterAsync(db, ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var known = (await db.Set<ChangeLogEntry>().AsNoTracking().Where(e => ids.Contains(e.ChangeId)).Select(e => e.ChangeId).ToListAsync(ct)).ToHashSet();
            var now = time.GetUtcNow();
            foreach (var (id, (m, deliveries)) in received)
            {
                if (known.Contains(id))
                {
                    // A redelivery (rare): counted in the database, so that two nodes counting at once both count.
                    await db.Set<ChangeLogEntry>().Where(e => e.ChangeId == id)
                        .ExecuteUpdateAsync(set => set.SetProperty(e => e.Deliveries, e => e.Deliveries + deliveries), ct);
                    continue;
                }

                db.Add(new ChangeLogEntry
                {
                    ChangeId = id,
                    AdvisoryId = m.AdvisoryId,
                    SourceId = m.SourceId,
                    Kind = m.Kind,
                    Title = m.Title,
                    FirstReceivedAtUtc = now,
                    Deliveries = deliveries,
                });
            }

            await receipts.AddAsync(db, context.Message.Select(m => m.MessageId), ReceiptName, now, ct);

            // Two nodes taking deliveries of one event at once both insert; the primary key lets one
            // win, and the retry of the other's batch finds the row and counts on it.
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        receipts.Recorded();
    }
}
