namespace AdvisoryWatch.Topics;

/// <summary>Where the background re-application stands, as its status page shows it.</summary>
/// <param name="Examined">Advisories looked at so far.</param>
/// <param name="Total">Advisories to look at; 0 until counted.</param>
/// <param name="Report">What it did, once done.</param>
/// <param name="Failed">Why it stopped, when it failed.</param>
public sealed record ReapplyStatus(
    string StartedBy,
    DateTimeOffset StartedAtUtc,
    int Examined,
    int Total,
    ReapplyReport? Report,
    string? Failed,
    DateTimeOffset? FinishedAtUtc)
{
    public bool Running => FinishedAtUtc is null;
}

/// <summary>
/// Runs <see cref="TopicReapplier"/> in the background for the rules page, one run at a time on
/// this node: re-tagging a large history takes longer than a request may wait. The last run's
/// outcome stays until the next starts.
/// </summary>
public sealed partial class TopicReapplyRunner(IServiceScopeFactory scopes, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<TopicReapplyRunner> logger)
{
    private readonly Lock _gate = new();
    private ReapplyStatus? _status;

    public ReapplyStatus? Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Starts a run unless one is running; false when one is.</summary>
    public bool TryStart(string actorName)
    {
        lock (_gate)
        {
            if (_status is { Running: true })
            {
                return false;
            }

            _status = new ReapplyStatus(actorName, time.GetUtcNow(), 0, 0, null, null, null);
        }

        _ = Task.Run(() => RunAsync(actorName, lifetime.ApplicationStopping));
        return true;
    }

    private async Task RunAsync(string actorName, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var reapplier = scope.ServiceProvider.GetRequiredService<TopicReapplier>();
            var report = await reapplier.ReapplyAsync(actorName, (examined, total) => Update(s => s with { Examined = examined, Total = total }), cancellationToken);
            Update(s => s with { Report = report, FinishedAtUtc = time.GetUtcNow() });
        }
        catch (Exception e)
        {
            // Whatever stopped it, the page must say so and allow another start: batches saved stay saved.
            LogFailed(logger, e);
            Update(s => s with { Failed = e is OperationCanceledException ? "stopped: the service is shutting down" : e.GetType().Name, FinishedAtUtc = time.GetUtcNow() });
        }
    }

    private void Update(Func<ReapplyStatus, ReapplyStatus> change)
    {
        lock (_gate)
        {
            if (_status is { } status)
            {
                _status = change(status);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-applying the topic rules in the background failed; the batches already saved stay")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
