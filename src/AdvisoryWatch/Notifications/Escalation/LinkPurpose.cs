namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>What a signed link lets its holder do.</summary>
public enum LinkPurpose : byte
{
    /// <summary>Unsubscribe a recipient (the id is the recipient's).</summary>
    Unsubscribe = 1,

    /// <summary>Acknowledge an urgent alert (the id is the delivery's).</summary>
    Acknowledge = 2,
}
