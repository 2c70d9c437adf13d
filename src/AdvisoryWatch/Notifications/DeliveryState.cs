namespace AdvisoryWatch.Notifications;

/// <summary>Where a delivery (or a digest) stands. The audit trail shows these.</summary>
public enum DeliveryState
{
    /// <summary>Due to be sent (or being sent, while a worker holds its lease).</summary>
    Pending,

    /// <summary>A digest row waiting for its digest to be built.</summary>
    Queued,

    /// <summary>The last attempt was refused for now (4xx, relay down); tried again at <c>DueAtUtc</c>.</summary>
    RetryWaiting,

    Sent,

    /// <summary>Refused for good (5xx), or retried until the give-up time.</summary>
    Failed,

    /// <summary>No reply after the whole message went out: maybe delivered. Retried once with the same Message-ID.</summary>
    Ambiguous,

    /// <summary>Not sent: the recipient unsubscribed before it went out.</summary>
    Skipped,
}
