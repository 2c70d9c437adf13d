using System.Threading.Channels;
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
    /// <summary>Sends every source holding <paramref name="claimToken"/> to be polled; returns how many.</summary>
    Task<int> DispatchAsync(AdvisoryWatchDbContext db, Guid claimToken, CancellationToken cancellationToken);
}

/// <summary>Through the bus: one <see cref="PollSource"/> command per source, to whichever worker takes it.</summary>
public sealed class BusPollDispatch(IPublishEndpoint bus, TimeProvider time) : IPollDispatch
{
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
/// command. The in-memory bus holds its queue in this process too, so nothing is less durable: a
/// poll lost in a crash comes back when its claim's lease runs out, as before.
/// </summary>
public sealed class LocalPollDispatch : IPollDispatch
{
    private readonly Channel<Source> _queue = Channel.CreateUnbounded<Source>(new UnboundedChannelOptions { SingleWriter = true });

    internal ChannelReader<Source> Reader => _queue.Reader;

    public async Task<int> DispatchAsync(AdvisoryWatchDbContext db, Guid claimToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sources = await db.Set<Source>().AsNoTracking().Where(s => s.ClaimToken == claimToken).ToListAsync(cancellationToken);
        foreach (var source in sources)
        {
            _queue.Writer.TryWrite(source);
        }

        return sources.Count;
    }
}

/// <summary>
/// Polls what <see cref="LocalPollDispatch"/> queues, at most <see cref="PollingOptions.WorkerConcurrency"/>
/// at a time, with the same quick retries the bus gives its consumers.
/// </summary>
public sealed partial class LocalPollWorkers(
    LocalPollDispatch dispatch,
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
            await foreach (var source in dispatch.Reader.ReadAllAsync(stoppingToken))
            {
                await PollAsync(source, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: queued sources come back when their claims' lease runs out.
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
                    // Left to the claim's lease, as a command that exhausts its retries is.
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
