using AdvisoryWatch.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Departments;

/// <summary>A unit that follows guidance: its people, its language and time zone, what it follows.</summary>
public sealed class Department
{
    /// <summary>A short stable slug, e.g. <c>oslo-finans</c>.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>nb, sv or en: the default for recipients that do not set their own.</summary>
    public string Language { get; set; } = "nb";

    /// <summary>An IANA time zone id (e.g. Europe/Oslo): digest times are local to it.</summary>
    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>How long an urgent alert may go unacknowledged before the coordinator hears of it; null: never escalate.</summary>
    public TimeSpan? EscalateAfter { get; set; }

    /// <summary>Imported by an admin (CLI or API): the shipped seeds no longer update it.</summary>
    public bool AdminOwned { get; set; }

    public List<Recipient> Recipients { get; set; } = [];

    public List<Subscription> Subscriptions { get; set; } = [];
}

/// <summary>How a recipient is reached.</summary>
public enum RecipientChannel
{
    Email,

    /// <summary>A Teams channel through a Workflows webhook (the address is the secret webhook URL).</summary>
    Teams,

    /// <summary>Any HTTP endpoint taking signed JSON documents (docs/webhooks.md); the address is its URL.</summary>
    Webhook,
}

/// <summary>Members receive alerts and digests; the coordinator receives escalations.</summary>
public enum RecipientRole
{
    Member,
    Coordinator,
}

public sealed class Recipient
{
    public Guid Id { get; set; }

    public required string DepartmentId { get; set; }

    public RecipientChannel Channel { get; set; }

    public RecipientRole Role { get; set; }

    /// <summary>An email address, or for Teams and webhooks the URL.</summary>
    public required string Address { get; set; }

    /// <summary>A webhook's signing secret: never shown by the API, never logged.</summary>
    public string? Secret { get; set; }

    public string? Name { get; set; }

    /// <summary>Overrides the department's language.</summary>
    public string? Language { get; set; }

    /// <summary>Overrides the department's time zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Set by the one-click unsubscribe link; a re-import does not undo it.</summary>
    public DateTimeOffset? UnsubscribedAtUtc { get; set; }

    /// <summary>
    /// The address as the API and the audit trail show it: a Teams URL is itself the secret, and a
    /// webhook URL loses its query and user info, where tokens tend to hide.
    /// </summary>
    public string ShownAddress() => Channel switch
    {
        RecipientChannel.Teams => "(webhook)",
        RecipientChannel.Webhook => Uri.TryCreate(Address, UriKind.Absolute, out var url) ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : "(webhook)",
        _ => Address,
    };
}

/// <summary>When a subscription's changes go out.</summary>
public enum Cadence
{
    Immediate,
    Daily,
    Weekly,
}

/// <summary>A department follows some sources and/or topics (empty lists: all) from a severity up.</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }

    public required string DepartmentId { get; set; }

    public List<string> Sources { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    public Severity MinimumSeverity { get; set; } = Severity.Low;

    public Cadence Cadence { get; set; }

    /// <summary>Local time of day of a daily or weekly digest.</summary>
    public TimeOnly? At { get; set; }

    /// <summary>When a digest without a time of its own goes out.</summary>
    public static readonly TimeOnly DefaultDigestTime = new(8, 0);

    public TimeOnly DigestTime => At ?? DefaultDigestTime;

    public DayOfWeek? Day { get; set; }

    /// <summary>Urgent changes go out at once even when this subscription is a digest.</summary>
    public bool UrgentImmediately { get; set; } = true;

    /// <param name="resolve">Maps a topic alias to its topic id (the topic rules); identity when null.</param>
    public bool Matches(string sourceId, IReadOnlyList<string> topics, Severity severity, Func<string, string>? resolve = null) =>
        severity >= MinimumSeverity
        && (Sources.Count == 0 || Sources.Contains(sourceId, StringComparer.OrdinalIgnoreCase))
        && (Topics.Count == 0 || Topics.Exists(t => topics.Contains(resolve is null ? t : resolve(t), StringComparer.OrdinalIgnoreCase)));
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.ToTable("departments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(100);
        builder.Property(d => d.Name).HasMaxLength(300);
        builder.Property(d => d.Language).HasMaxLength(8);
        builder.Property(d => d.TimeZone).HasMaxLength(64);
        builder.HasMany(d => d.Recipients).WithOne().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Subscriptions).WithOne().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecipientConfiguration : IEntityTypeConfiguration<Recipient>
{
    public void Configure(EntityTypeBuilder<Recipient> builder)
    {
        builder.ToTable("recipients");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Address).HasMaxLength(2048);
        builder.Property(r => r.Secret).HasMaxLength(200);
        builder.Property(r => r.Name).HasMaxLength(300);
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.Property(r => r.TimeZone).HasMaxLength(64);
        builder.HasIndex(r => new { r.DepartmentId, r.Role, r.Channel, r.Address }).IsUnique();
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.MinimumSeverity).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Cadence).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Day).HasConversion<string>().HasMaxLength(16);
    }
}
