using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Notifications;

/// <summary>How a change reaches a recipient.</summary>
public enum DeliveryMode
{
    /// <summary>A message of its own, at once.</summary>
    Immediate,

    /// <summary>Waits for the recipient's next digest.</summary>
    Digest,

    /// <summary>An unacknowledged urgent alert, sent to the department's coordinator.</summary>
    Escalation,
}

/// <summary>Where a delivery (or a digest) stands. The audit trail shows these.</summary>
public enum DeliveryState
{
    /// <summary>Due to be sent (or being sent, while a worker holds its lease).</summary>
    Pending,

    /// <summary>A digest row waiting for its digest to be built.</summary>
    Queued,

    /// <summary>The last attempt was refused for now (4xx, relay down); tried again at <c>DueAtUtc</c>.</summary>
    RetryWaiting,

    Sent,

    /// <summary>Refused for good (5xx), or retried until the give-up time.</summary>
    Failed,

    /// <summary>No reply after the whole message went out: maybe delivered. Retried once with the same Message-ID.</summary>
    Ambiguous,

    /// <summary>Not sent: the recipient unsubscribed before it went out.</summary>
    Skipped,
}

/// <summary>
/// What a delivery and a digest share: one send-state machine, one claim, one retry policy. A
/// plain base class (not an EF hierarchy): each subclass has its own table.
/// </summary>
public abstract class Sendable
{
    public Guid Id { get; set; }

    public DeliveryState State { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>When to send (immediate), to try again (retry), or the digest time it waits for (queued).</summary>
    public DateTimeOffset? DueAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>How many attempts ended ambiguous: after the second, no more tries (at most one duplicate).</summary>
    public int AmbiguousAttempts { get; set; }

    public DateTimeOffset? LastAttemptAtUtc { get; set; }

    public DateTimeOffset? SentAtUtc { get; set; }

    public string? LastReply { get; set; }

    /// <summary>The worker holding the row, until <see cref="LockedUntilUtc"/>; saves are guarded by it.</summary>
    public Guid? LockToken { get; set; }

    public DateTimeOffset? LockedUntilUtc { get; set; }
}

/// <summary>
/// One change for one recipient. The unique (change, recipient) index makes the planner idempotent:
/// an event delivered three times still makes one row.
/// </summary>
public sealed class Delivery : Sendable
{
    /// <summary>The <see cref="Changes.AdvisoryVersion"/> id the event announced.</summary>
    public Guid ChangeId { get; set; }

    public Guid AdvisoryId { get; set; }

    public required string DepartmentId { get; set; }

    public Guid RecipientId { get; set; }

    public RecipientChannel Channel { get; set; }

    /// <summary>The address at the time (the audit trail must not change when a recipient does); for Teams, "(webhook)".</summary>
    public required string Address { get; set; }

    public DeliveryMode Mode { get; set; }

    public Severity Severity { get; set; }

    /// <summary>The digest that carried it.</summary>
    public Guid? DigestId { get; set; }
}

/// <summary>One digest for one recipient and period; unique on both, so it is built and sent once.</summary>
public sealed class Digest : Sendable
{
    public required string DepartmentId { get; set; }

    public Guid RecipientId { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset PeriodStartUtc { get; set; }

    /// <summary>The digest time the period ends at.</summary>
    public DateTimeOffset PeriodEndUtc { get; set; }

    public int ItemCount { get; set; }
}

/// <summary>A department confirmed it saw an urgent alert; one per (change, department).</summary>
public sealed class Acknowledgement
{
    public Guid Id { get; set; }

    public Guid ChangeId { get; set; }

    public required string DepartmentId { get; set; }

    /// <summary>The delivery whose link was used, and its address: who acknowledged.</summary>
    public Guid DeliveryId { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset AcknowledgedAtUtc { get; set; }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DepartmentId).HasMaxLength(100);
        builder.Property(d => d.Address).HasMaxLength(2048);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastReply).HasMaxLength(1000);
        builder.HasIndex(d => new { d.ChangeId, d.RecipientId }).IsUnique();

        // A worker saves a row's outcome only while it still holds the claim.
        builder.Property(d => d.LockToken).IsConcurrencyToken();
        builder.HasIndex(d => new { d.State, d.DueAtUtc });
        builder.HasIndex(d => new { d.DepartmentId, d.CreatedAtUtc });
        builder.HasIndex(d => d.DigestId);
    }
}

internal sealed class DigestConfiguration : IEntityTypeConfiguration<Digest>
{
    public void Configure(EntityTypeBuilder<Digest> builder)
    {
        builder.ToTable("digests");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.DepartmentId).HasMaxLength(100);
        builder.Property(d => d.Address).HasMaxLength(2048);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.LastReply).HasMaxLength(1000);
        builder.HasIndex(d => new { d.RecipientId, d.PeriodEndUtc }).IsUnique();
        builder.Property(d => d.LockToken).IsConcurrencyToken();
        builder.HasIndex(d => new { d.State, d.DueAtUtc });
    }
}

internal sealed class AcknowledgementConfiguration : IEntityTypeConfiguration<Acknowledgement>
{
    public void Configure(EntityTypeBuilder<Acknowledgement> builder)
    {
        builder.ToTable("acknowledgements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.DepartmentId).HasMaxLength(100);
        builder.Property(a => a.Address).HasMaxLength(2048);
        builder.HasIndex(a => new { a.ChangeId, a.DepartmentId }).IsUnique();
    }
}
