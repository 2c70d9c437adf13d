using AdvisoryWatch.Notifications.Digests;
using AdvisoryWatch.Notifications.Escalation;
using AdvisoryWatch.Notifications.Sending;
using Quartz;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// The scheduler's notification work: builds the digests that are due (<see cref="DigestBuilder"/>)
/// and escalates urgent alerts nobody acknowledged (<see cref="Escalator"/>), then wakes the sender.
/// Both are safe to run on several schedulers and to run again after a crash.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class NotificationsTickJob(
    DigestBuilder digests,
    Escalator escalator,
    DeliverySignal signal,
    ILogger<NotificationsTickJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var built = await digests.BuildDueAsync(cancellationToken);
            var escalated = await escalator.EscalateDueAsync(cancellationToken);
            if (built + escalated > 0)
            {
                signal.Pulse();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTickFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The notifications tick failed; it runs again at the next interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
