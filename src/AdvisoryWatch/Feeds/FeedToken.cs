using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Feeds;

/// <summary>What an Atom feed lists.</summary>
public enum FeedKind
{
    /// <summary>The advisories a department's subscriptions match.</summary>
    Department,

    /// <summary>The advisories tagged with a topic.</summary>
    Topic,
}

/// <summary>
/// The credential in an Atom feed's address, for a feed reader that cannot sign in. Only its hash
/// is kept (as for API keys). It carries no rights of its own: each use checks its maker's account
/// as it is then, so a maker who is disabled or leaves the department stops the feed.
/// </summary>
public sealed class FeedToken
{
    public Guid Id { get; set; }

    /// <summary>The maker's account; its role and departments decide what the feed may show.</summary>
    public required string AccountId { get; set; }

    /// <summary>The maker as the audit log names them (<c>user:ADDRESS</c>).</summary>
    public required string CreatedBy { get; set; }

    public FeedKind Kind { get; set; }

    /// <summary>The department's or the topic's id.</summary>
    public required string Target { get; set; }

    /// <summary>The first characters of the token (<c>awf_</c> and six more), for telling tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole token, lowercase hex.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>When a feed reader last fetched with it, to within a minute.</summary>
    public DateTimeOffset? LastUsedAtUtc { get; set; }

    public DateTimeOffset? RevokedAtUtc { get; set; }
}

internal sealed class FeedTokenConfiguration : IEntityTypeConfiguration<FeedToken>
{
    public void Configure(EntityTypeBuilder<FeedToken> builder)
    {
        builder.ToTable("feed_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.AccountId).HasMaxLength(450);
        builder.Property(t => t.CreatedBy).HasMaxLength(300);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Target).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(64);

        // Every fetch looks its token up by hash; the account page lists a maker's tokens.
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.AccountId);
    }
}
