namespace AdvisoryWatch.Notifications;

/// <summary>What a retry came to.</summary>
public enum DeliveryRetryOutcome
{
    /// <summary>Back in the sender's queue, due now.</summary>
    Queued,

    /// <summary>Not failed (any more): nothing changed, nothing is sent.</summary>
    NotFailed,

    /// <summary>No such delivery in a department the actor manages.</summary>
    NotFound,
}
