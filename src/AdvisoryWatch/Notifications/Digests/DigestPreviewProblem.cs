namespace AdvisoryWatch.Notifications.Digests;

/// <summary>Why there is no digest to show.</summary>
public enum DigestPreviewProblem
{
    /// <summary>The department has no email recipient (or not the one asked for).</summary>
    NoRecipient,

    /// <summary>The department follows nothing, so it gets no digest.</summary>
    NoSubscriptions,

    /// <summary>Every subscription is immediate: each change is mailed on its own.</summary>
    NoDigestSubscriptions,
}
