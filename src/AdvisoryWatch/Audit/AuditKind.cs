namespace AdvisoryWatch.Audit;

public enum AuditKind
{
    /// <summary>Something was changed: a rule saved, a source checked, a recipient unsubscribed.</summary>
    Change = 1,

    /// <summary>Something was refused: a sign-in, a fetch of a private address.</summary>
    Security = 2,
}
