namespace AdvisoryWatch.Changes;

/// <summary>Which follow-up an advisory must have, in the departments the actor may read.</summary>
public enum FollowUpFilter
{
    /// <summary>An open follow-up (to assess, action needed) in one of the departments.</summary>
    Open,

    /// <summary>No follow-up in any of the departments.</summary>
    None,

    ToAssess,
    ActionNeeded,
    NotRelevant,
    Done,
}
