using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Changes;

/// <summary>
/// An event waiting to be published. Written in the same transaction as the facts it announces,
/// so a crash can delay an event but never lose it or announce something that was rolled back.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The contract's full type name; the dispatcher resolves it in the contracts assembly only.</summary>
    public required string MessageType { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>Set by a dispatcher while it publishes; an expired lock is taken over.</summary>
    public Guid? LockToken { get; set; }

    /// <summary>
    /// Until when the row is left alone: the lease of a dispatcher publishing it, the back-off after
    /// a failed publish, or how long its consumers have to record it before it is published again.
    /// </summary>
    public DateTimeOffset? LockedUntilUtc { get; set; }

    /// <summary>When the row was last published; a row published and not yet done waits for its consumers' receipts.</summary>
    public DateTimeOffset? PublishedAtUtc { get; set; }

    /// <summary>
    /// When the row was done: every consumer registered for its type recorded it (an
    /// <see cref="OutboxReceipt"/> each), or a transport that holds messages durably confirmed it.
    /// </summary>
    public DateTimeOffset? SentAtUtc { get; set; }

    /// <summary>How often the row was published or failed to be: the back-off grows with it.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage For<T>(T message, DateTimeOffset now)
        where T : class => new()
        {
            Id = Guid.CreateVersion7(now),
            MessageType = typeof(T).FullName!,
            Payload = JsonSerializer.Serialize(message, Json),
            CreatedAtUtc = now,
        };

    public object Deserialize()
    {
        var type = typeof(Contracts.ChangeDetected).Assembly.GetType(MessageType, throwOnError: false)
            ?? throw new InvalidOperationException($"Unknown message type '{MessageType}' in the outbox.");
        return JsonSerializer.Deserialize(Payload, type, Json)
            ?? throw new InvalidOperationException($"Outbox message {Id} has an empty payload.");
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageType).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.SentAtUtc, m.CreatedAtUtc });
    }
}
