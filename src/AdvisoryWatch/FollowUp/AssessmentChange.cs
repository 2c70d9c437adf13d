using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.FollowUp;

/// <summary>One version of a follow-up: what it became, who made it so and when. Never changed or removed.</summary>
public sealed class AssessmentChange
{
    public Guid Id { get; set; }

    public Guid AssessmentId { get; set; }

    public AssessmentState State { get; set; }

    public string? Note { get; set; }

    public string? Owner { get; set; }

    public DateOnly? DueDate { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset ChangedAtUtc { get; set; }
}

internal sealed class AssessmentChangeConfiguration : IEntityTypeConfiguration<AssessmentChange>
{
    public void Configure(EntityTypeBuilder<AssessmentChange> builder)
    {
        builder.ToTable("assessment_change");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.AssessmentId, c.ChangedAtUtc });
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Note).HasMaxLength(AssessmentsApi.NoteMaxLength);
        builder.Property(c => c.Owner).HasMaxLength(AssessmentsApi.OwnerMaxLength);
        builder.Property(c => c.ChangedBy).HasMaxLength(200);
    }
}
