using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// A department's follow-up of one advisory: its current state, note, owner and due date. Every
/// change, the first included, is kept in <see cref="AssessmentChange"/>.
/// </summary>
public sealed class Assessment
{
    public Guid Id { get; set; }

    public Guid AdvisoryId { get; set; }

    public required string DepartmentId { get; set; }

    public AssessmentState State { get; set; }

    public string? Note { get; set; }

    /// <summary>Who in the department looks after it (free text: a name or an address).</summary>
    public string? Owner { get; set; }

    public DateOnly? DueDate { get; set; }

    /// <summary>The app in use whose mention opened or reopened it, if that is how it came.</summary>
    public string? AppId { get; set; }

    /// <summary>The last change event that opened or reopened it: the same event again changes nothing.</summary>
    public Guid? OpenedByChangeId { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    public DateTimeOffset UpdatedAtUtc { get; set; }

    public required string UpdatedBy { get; set; }

    public List<AssessmentChange> History { get; set; } = [];
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.ToTable("assessment");
        builder.HasKey(a => a.Id);

        // One follow-up per advisory and department: an app's mention, delivered twice, opens one.
        builder.HasIndex(a => new { a.AdvisoryId, a.DepartmentId }).IsUnique();
        builder.HasIndex(a => new { a.DepartmentId, a.State });
        builder.Property(a => a.DepartmentId).HasMaxLength(100);
        builder.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Note).HasMaxLength(AssessmentsApi.NoteMaxLength);
        builder.Property(a => a.Owner).HasMaxLength(AssessmentsApi.OwnerMaxLength);
        builder.Property(a => a.AppId).HasMaxLength(100);
        builder.Property(a => a.UpdatedBy).HasMaxLength(200);
        builder.HasOne<Changes.Advisory>().WithMany().HasForeignKey(a => a.AdvisoryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.History).WithOne().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
