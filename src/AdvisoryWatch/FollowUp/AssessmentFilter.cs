namespace AdvisoryWatch.FollowUp;

/// <summary>Which follow-ups a list or an export shows.</summary>
/// <param name="Department">One department, or every one the caller may read.</param>
/// <param name="States">The states shown.</param>
/// <param name="Owner">Part of the owner's name, any case.</param>
/// <param name="DueBefore">Only those due before this day (overdue when it is today).</param>
/// <param name="Limit">At most this many (an overview shows a few).</param>
public sealed record AssessmentFilter(string? Department, IReadOnlyList<AssessmentState> States, string? Owner = null, DateOnly? DueBefore = null, int Limit = AssessmentsApi.ListLimit)
{
    /// <summary>The states asked for: <c>state=</c> one state; else the open ones, or every one with <c>all=true</c>. Null when the state is unknown.</summary>
    public static List<AssessmentState>? StatesOf(string? state, bool? all) =>
        state is not null
            ? Hosting.KebabNames.Parse<AssessmentState>(state) is { } s ? [s] : null
            : all == true ? [.. Enum.GetValues<AssessmentState>()] : [.. AssessmentStates.Open];
}
