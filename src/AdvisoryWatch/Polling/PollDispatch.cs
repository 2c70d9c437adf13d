using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>Hands the sources of one claim to workers.</summary>
public interface IPollDispatch
{
    /// <summary>
    /// True when the claimed sources stay in this process until polled, which then holds (and
    /// renews) their claims; false when they wait on the bus for whichever worker takes them.
    /// </summary>
    bool HoldsClaims { get; }

    /// <summary>Sends every source holding <paramref name="claimToken"/> to be polled; returns how many.</summary>
    Task<int> DispatchAsync(AdvisoryWatchDbContext db, Guid claimToken, CancellationToken cancellationToken);
}

/// <summary>Through the bus: one <see cref="PollSource"/> command per source, to whichever worker takes it.</summary>
public sealed class BusPollDispatch(IPublishEndpoint bus, TimeProvider time) : IPollDispatch
{
    /// <summary>The worker that takes a command takes over its claim (see <see cref="PollSourceConsumer"/>).</summary>
    public bool HoldsClaims => false;

    public async Task<int> DispatchAsync(AdvisoryWatchDbContext db, Guid claimToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = await db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken == claimToken).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await bus.Publish(new PollSource(id, claimToken, time.GetUtcNow()), cancellationToken);
        }

        return ids.Count;
    }
}

/// <summary>
/// Within this process, when the bus is in memory and this node is a worker: the claimed rows go
/// straight to <see cref="LocalPollWorkers"/>, read once with the claim rather than once per
/// command, into one line per host (<see cref="HostQueues"/>). This process holds the claims and
/// <see cref="ClaimKeeper"/> renews them until each poll is written; after a crash, the node
/// releases them when it starts again.
/// </summary>
public sealed class LocalPollDispatch(IOptions<PollingOptions> options, ClaimKeeper keeper) : IPollDispatch, IDisposable
{
    // Twice the host's fetches in flight: a poll still extracting or writing after its fetch does
    // not keep the host's next fetch waiting, and a busy host still leaves the other workers free.
    private readonly HostQueues _queues = new(2 * options.Value.PerHostConcurrency);

    public bool HoldsClaims => true;

    internal HostQueues Queues => _queues;

    public async Task<int> DispatchAsync(AdvisoryWatchDbContext db, Guid claimToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sources = await db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken == claimToken).OrderBy(s => s.NextCheckAtUtc).ToListAsync(cancellationToken);
        foreach (var source in sources)
        {
            keeper.Hold(source.Id);
            _queues.Enqueue(source);
        }

        return sources.Count;
    }

    public void Dispose() => _queues.Dispose();
}

/// <summary>
/// Polls what <see cref="LocalPollDispatch"/> queues, at most <see cref="PollingOptions.WorkerConcurrency"/>
/// at a time, with the same quick retries the bus gives its consumers.
/// </summary>
public sealed partial class LocalPollWorkers(
    LocalPollDispatch dispatch,
    ClaimKeeper keeper,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<LocalPollWorkers> logger) : BackgroundService
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.WorkerConcurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var (source, host) = await dispatch.Queues.TakeAsync(stoppingToken);
                try
                {
                    await PollAsync(source, stoppingToken);
                }
                finally
                {
                    keeper.Drop(source.Id);
                    dispatch.Queues.Done(host);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the claim keeper releases what is still queued.
        }
    }

    private async Task PollAsync(Source source, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ClaimedPoll>().RunAsync(source, source.ClaimToken!.Value, stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (attempt == Retries.Length)
                {
                    // No longer renewed: left to the claim's lease, as a command that exhausts its retries is.
                    LogPollFailed(logger, source.Id, e);
                    return;
                }

                await Task.Delay(Retries[attempt], time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of {SourceId} failed after retries; the source is polled again when its claim expires")]
    private static partial void LogPollFailed(ILogger logger, string sourceId, Exception exception);
}
