using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.Topics;

/// <summary>
/// One saved version of the topic rule file, kept whole: the highest version is in force, the
/// earlier ones are the history an admin can go back to. Version 1 is the shipped seed when no
/// admin saved anything before it.
/// </summary>
public sealed class TopicRuleVersion
{
    public int Version { get; set; }

    public required string Yaml { get; set; }

    public DateTimeOffset SavedAtUtc { get; set; }

    public string? SavedBy { get; set; }

    public string? Comment { get; set; }
}

internal sealed class TopicRuleVersionConfiguration : IEntityTypeConfiguration<TopicRuleVersion>
{
    public void Configure(EntityTypeBuilder<TopicRuleVersion> builder)
    {
        builder.ToTable("topic_rule_versions");

        // The version is the key: two nodes saving at once cannot both write version N.
        builder.HasKey(v => v.Version);
        builder.Property(v => v.Version).ValueGeneratedNever();
        builder.Property(v => v.SavedBy).HasMaxLength(200);
        builder.Property(v => v.Comment).HasMaxLength(1000);
    }
}
