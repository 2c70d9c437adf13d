namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>An alert, or with <see cref="Waited"/> an escalation, as its templates see it.</summary>
internal sealed class AlertView(MessageTexts texts, TimeZoneInfo zone, string department, Uri? unsubscribe, string subject, ItemView item, string? waited)
    : MessageView(texts, zone, department, unsubscribe, subject)
{
    public ItemView Item { get; } = item;

    /// <summary>For an escalation: how long the alert waited, in words ("2 timer og 30 minutter").</summary>
    public string? Waited { get; } = waited;
}
