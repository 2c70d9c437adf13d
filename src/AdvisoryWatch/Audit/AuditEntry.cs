using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Audit;

/// <summary>
/// One line of the audit log: who did what to which target, when, with a short before and after.
/// Rows are only ever added; nothing in the product updates or deletes them.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxDetail = 2_000;

    public long Id { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public AuditKind Kind { get; set; }

    /// <summary><c>user:ADDRESS</c>, <c>apikey:NAME</c>, <c>cli:USER</c>, <c>link:unsubscribe</c>, <c>system</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, as <c>area.verb</c>: <c>topics.rules-saved</c>, <c>recipients.unsubscribed</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What it happened to, as <c>kind:id</c>: <c>source:nsm-news</c>, <c>recipient:42</c>.</summary>
    public string? Target { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    /// <summary>A new entry; details longer than <see cref="MaxDetail"/> are cut, so a large rule file is never copied whole.</summary>
    public static AuditEntry Create(DateTimeOffset at, AuditKind kind, string actor, string action, string? target, string? before = null, string? after = null) => new()
    {
        AtUtc = at,
        Kind = kind,
        Actor = Cut(actor, 200)!,
        Action = Cut(action, 100)!,
        Target = Cut(target, 300),
        Before = Cut(before, MaxDetail),
        After = Cut(after, MaxDetail),
    };

    private static string? Cut(string? text, int length) =>
        text is null || text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Target).HasMaxLength(300);
        builder.Property(e => e.Before).HasMaxLength(AuditEntry.MaxDetail);
        builder.Property(e => e.After).HasMaxLength(AuditEntry.MaxDetail);
        builder.HasIndex(e => e.AtUtc);
        builder.HasIndex(e => new { e.Actor, e.AtUtc });
        builder.HasIndex(e => new { e.Target, e.AtUtc });
    }
}
