namespace AdvisoryWatch.Notifications;

/// <summary>A test message's outcome, with the mail server's reply or the reason it failed.</summary>
public sealed record TestMessageOutcome(TestMessageStatus Status, string? Reply = null);
