namespace AdvisoryWatch.Notifications;

/// <summary>How a change reaches a recipient.</summary>
public enum DeliveryMode
{
    /// <summary>A message of its own, at once.</summary>
    Immediate,

    /// <summary>Waits for the recipient's next digest.</summary>
    Digest,

    /// <summary>An unacknowledged urgent alert, sent to the department's coordinator.</summary>
    Escalation,
}
