using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Notifications.Sending;

namespace AdvisoryWatch.Notifications.Digests;

/// <summary>The next digest as one recipient will see it, or why there is none.</summary>
/// <param name="Audience">Whose digest it is.</param>
/// <param name="DueAtUtc">When it goes out.</param>
/// <param name="Items">How many changes it carries so far.</param>
public sealed record DigestPreviewResult(Audience? Audience, DateTimeOffset DueAtUtc, int Items, RenderedMessage? Message, DigestPreviewProblem? Problem)
{
    public static DigestPreviewResult Refused(DigestPreviewProblem problem) => new(null, default, 0, null, problem);

    public Recipient? Recipient => Audience?.Recipient;
}
