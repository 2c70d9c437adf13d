namespace AdvisoryWatch.Notifications.Sending;

/// <summary>
/// What one attempt to hand a notification to a mail server or webhook came to. Expected
/// outcomes are results, not exceptions: the delivery loop turns each into a delivery state.
/// </summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>Accepted (SMTP 250, Graph 202, webhook 2xx); the reply is kept for the audit trail.</summary>
    public sealed record Sent(string? Reply) : SendResult;

    /// <summary>Not accepted, worth retrying later: SMTP 4xx, a refused or dropped connection before DATA, HTTP 429/5xx.</summary>
    public sealed record RetryLater(string Reason, TimeSpan? RetryAfter = null) : SendResult;

    /// <summary>Refused for good (SMTP 5xx, HTTP 4xx other than 408/429): the reply says why; never retried.</summary>
    public sealed record Rejected(string Reply) : SendResult;

    /// <summary>
    /// The whole message went out but no reply came (the window between the final "." and the 250,
    /// RFC 1047): it may or may not have been delivered. Retried once with the same Message-ID.
    /// </summary>
    public sealed record Ambiguous(string Reason) : SendResult;
}
