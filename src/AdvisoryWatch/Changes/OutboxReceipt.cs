using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Changes;

/// <summary>
/// A consumer's record that it has done its work for one outbox message, written in the same
/// transaction as that work: the dispatcher counts a row done only when every consumer registered
/// for its type has one, so a message lost with a process is published again.
/// </summary>
public sealed class OutboxReceipt
{
    /// <summary>The outbox row's id, which the dispatcher publishes as the message id.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The name the consumer was registered under (<see cref="OutboxConsumers.AddOutboxConsumer{TMessage}"/>).</summary>
    public required string Consumer { get; set; }

    public DateTimeOffset RecordedAtUtc { get; set; }
}

internal sealed class OutboxReceiptConfiguration : IEntityTypeConfiguration<OutboxReceipt>
{
    public void Configure(EntityTypeBuilder<OutboxReceipt> builder)
    {
        builder.ToTable("outbox_receipt");
        builder.HasKey(r => new { r.MessageId, r.Consumer });
        builder.Property(r => r.Consumer).HasMaxLength(100);
    }
}
