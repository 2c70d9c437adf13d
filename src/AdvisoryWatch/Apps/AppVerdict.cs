namespace AdvisoryWatch.Apps;

/// <summary>A department's current assessment of its use of an app.</summary>
public enum AppVerdict
{
    ToAssess = 0,
    Allowed = 1,
    AllowedWithConditions = 2,
    NotAllowed = 3,
}
