namespace AdvisoryWatch.Notifications;

/// <summary>What the audit trail is narrowed to (the API's query and the deliveries page's filters); null: any.</summary>
/// <param name="FromUtc">Planned at or after.</param>
/// <param name="ToUtc">Planned before.</param>
public sealed record DeliveryFilter(
    string? Department = null,
    DeliveryState? State = null,
    DeliveryMode? Mode = null,
    Guid? Change = null,
    Guid? Advisory = null,
    DateTimeOffset? FromUtc = null,
    DateTimeOffset? ToUtc = null);
