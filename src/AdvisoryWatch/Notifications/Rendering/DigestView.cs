namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>A digest as its templates see it: items grouped by severity (most severe first), then by source.</summary>
internal sealed class DigestView(MessageTexts texts, TimeZoneInfo zone, string department, Uri? unsubscribe, string subject, string changesInPeriod, IReadOnlyList<SeverityGroup> severities, IReadOnlyList<FollowUpLine> followUps)
    : MessageView(texts, zone, department, unsubscribe, subject)
{
    /// <summary>"3 endringer 16.11.2026–22.11.2026".</summary>
    public string ChangesInPeriod { get; } = changesInPeriod;

    public IReadOnlyList<SeverityGroup> Severities { get; } = severities;

    /// <summary>The department's open follow-ups, due first.</summary>
    public IReadOnlyList<FollowUpLine> FollowUps { get; } = followUps;
}
