using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Changes;

/// <summary><c>AdvisoryWatch:Changes:*</c>.</summary>
public sealed class ChangesOptions
{
    public const string Section = "AdvisoryWatch:Changes";

    /// <summary>
    /// How long a done outbox row and its consumers' receipts are kept before the dispatcher deletes
    /// them. The change log, the advisories and the deliveries are the record; the outbox is a queue.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);
}
