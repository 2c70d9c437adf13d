namespace AdvisoryWatch.FollowUp;

/// <summary>Where a department stands on an advisory.</summary>
public enum AssessmentState
{
    /// <summary>Open: somebody has to look at it (also what a change to an app in use opens).</summary>
    ToAssess = 0,

    /// <summary>Open: assessed, something has to be done.</summary>
    ActionNeeded = 1,

    /// <summary>Closed: it does not concern the department.</summary>
    NotRelevant = 2,

    /// <summary>Closed: what had to be done is done.</summary>
    Done = 3,
}

public static class AssessmentStates
{
    /// <summary>The states that still ask something of the department.</summary>
    public static readonly IReadOnlyList<AssessmentState> Open = [AssessmentState.ToAssess, AssessmentState.ActionNeeded];

    public static bool IsOpen(this AssessmentState state) => state is AssessmentState.ToAssess or AssessmentState.ActionNeeded;
}
