namespace AdvisoryWatch.FollowUp;

/// <summary>A follow-up as the API shows it; <see cref="History"/> only for a single one, oldest first.</summary>
public sealed record AssessmentView(
    Guid Id,
    Guid AdvisoryId,
    string AdvisoryTitle,
    string? AdvisoryUrl,
    string SourceId,
    string DepartmentId,
    string State,
    string? Note,
    string? Owner,
    DateOnly? DueDate,
    string? AppId,
    DateTimeOffset CreatedAtUtc,
    DateTimeOffset UpdatedAtUtc,
    string UpdatedBy,
    IReadOnlyList<AssessmentChangeView>? History = null);

public sealed record AssessmentChangeView(string State, string? Note, string? Owner, DateOnly? DueDate, string ChangedBy, DateTimeOffset ChangedAtUtc);

/// <summary>The body of <c>PUT /api/v1/assessments/{advisoryId}/{department}</c>.</summary>
public sealed record AssessmentRequest(string? State, string? Note, string? Owner, DateOnly? DueDate);
