namespace AdvisoryWatch.Notifications;

/// <summary>What a test message came to.</summary>
public enum TestMessageStatus
{
    /// <summary>The mail server accepted it.</summary>
    Sent,

    /// <summary>The mail server refused it or could not be reached; the reply says why.</summary>
    Failed,

    /// <summary>No such recipient in a department the actor manages.</summary>
    NotFound,

    /// <summary>Test messages go to email recipients only.</summary>
    NotEmail,
}
