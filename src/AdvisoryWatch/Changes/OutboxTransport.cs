namespace AdvisoryWatch.Changes;

/// <summary>
/// What a returned publish means on the transport in use; registered when the transport is chosen.
/// </summary>
/// <param name="HoldsPublishedMessages">
/// True when a publish returns only once the message is held durably for every consumer, so the
/// row is done when the publish returns; false when the message lives only in this process, so the
/// row is done only when its consumers have recorded it.
/// </param>
public sealed record OutboxTransport(bool HoldsPublishedMessages);
