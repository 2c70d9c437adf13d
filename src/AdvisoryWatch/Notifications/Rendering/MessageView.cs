namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>What every message shows besides its items: the language's words, the department, the footer.</summary>
internal class MessageView(MessageTexts texts, TimeZoneInfo zone, string department, Uri? unsubscribe, string subject)
{
    public MessageTexts Texts { get; } = texts;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Already one line and capped.</summary>
    public string Department { get; } = department;

    /// <summary>Null unless it is an http/https link.</summary>
    public Uri? Unsubscribe { get; } = SafeText.IsWebLink(unsubscribe) ? unsubscribe : null;

    public string Subject { get; } = subject;
}
