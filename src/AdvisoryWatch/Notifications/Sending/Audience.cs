using AdvisoryWatch.Departments;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>Who a message is for: the recipient, their department, their language and time zone.</summary>
public sealed record Audience(Recipient Recipient, Department Department)
{
    public string Language => Recipient.Language ?? Department.Language;

    public TimeZoneInfo Zone => CadenceClock.Zone(Recipient.TimeZone ?? Department.TimeZone);
}
