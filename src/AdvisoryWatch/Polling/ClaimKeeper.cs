using System.Collections.Concurrent;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// This node's hold on its claims. A claim's lease is short (<see cref="PollingOptions.ClaimLease"/>)
/// and renewed here, every third of it, for each source this process holds (queued for its workers
/// or being polled): a queue longer than the lease loses nothing, and the sources of a node that
/// dies come back within one lease. Claims carry the node's id (<see cref="Source.ClaimedBy"/>). The
/// id is kept in the data directory under an exclusive lock, which the operating system drops when
/// the process dies however it dies: a node that restarts takes the same id and releases its
/// previous claims at once, and a second process on the same directory, finding the lock taken,
/// gets an id of its own and releases nothing of the first's. Nodes with their own directories
/// (several nodes on PostgreSQL) never touch each other's claims.
/// </summary>
public sealed partial class ClaimKeeper(
    IServiceScopeFactory scopes,
    WriteGate gate,
    TimeProvider time,
    IOptions<PollingOptions> options,
    IOptions<HostingOptions> hosting,
    ILogger<ClaimKeeper> logger) : IHostedService, IDisposable
{
    private const string NodeIdFile = "polling-node.id";

    /// <summary>Ids per renewing statement, well inside every provider's parameter limit.</summary>
    private const int Chunk = 500;

    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private FileStream? _lock;
    private string? _nodeId;
    private Task _renewing = Task.CompletedTask;

    /// <summary>This node's id, as its claims carry it.</summary>
    public string NodeId => _nodeId ?? throw new InvalidOperationException("The claim keeper has not started.");

    /// <summary>Sources this process holds now.</summary>
    public int HeldCount => _held.Count;

    /// <summary>Renews the source's claim until <see cref="Drop"/>.</summary>
    public void Hold(string sourceId) => _held.TryAdd(sourceId, 0);

    /// <summary>Stops renewing: the poll wrote its outcome, or gave up and leaves the source to its lease.</summary>
    public void Drop(string sourceId) => _held.TryRemove(sourceId, out _);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the scheduler's first tick and the workers start: they claim under this id.
        (_nodeId, _lock) = TakeNodeId(hosting.Value.DataDirectoryFullPath);
        if (_lock is null)
        {
            LogSharedDirectory(logger, _nodeId);
        }
        else if (await ReleaseAsync(cancellationToken) is > 0 and var released)
        {
            LogReleased(logger, released, _nodeId);
        }

        _renewing = Task.Run(() => RenewLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _renewing;

        // The workers stopped first (registered later): what they still held goes back now,
        // rather than when the lease runs out.
        try
        {
            await ReleaseAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReleaseFailed(logger, e);
        }

        _held.Clear();
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _lock?.Dispose();
    }

    /// <summary>The id kept in the data directory when this process can lock it; a fresh one (and no lock) when it cannot.</summary>
    private static (string Id, FileStream? Lock) TakeNodeId(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var file = new FileStream(Path.Combine(directory, NodeIdFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            using var reader = new StreamReader(file, leaveOpen: true);
            var text = reader.ReadToEnd().Trim();
            if (!Guid.TryParseExact(text, "N", out _))
            {
                text = Guid.NewGuid().ToString("N");
                file.SetLength(0);
                file.Write(System.Text.Encoding.ASCII.GetBytes(text));
                file.Flush(flushToDisk: true);
            }

            return (text, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Guid.NewGuid().ToString("N"), null);
        }
    }

    private async Task<int> ReleaseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var node = NodeId;
        using (await gate.EnterAsync(db, ct))
        {
            return await db.Set<Source>()
                .Where(s => s.ClaimedBy == node)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(s => s.ClaimToken, (Guid?)null).SetProperty(s => s.ClaimedUntilUtc, (DateTimeOffset?)null).SetProperty(s => s.ClaimedBy, (string?)null),
                    ct);
        }
    }

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        var every = TimeSpan.FromTicks(Math.Max(options.Value.ClaimLease.Ticks / 3, TimeSpan.TicksPerSecond));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stopping);
                await RenewAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next round tries again; a lease is three rounds long.
                LogRenewFailed(logger, e);
            }
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var ids = _held.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var node = NodeId;
        var until = time.GetUtcNow() + options.Value.ClaimLease;
        foreach (var chunk in ids.Chunk(Chunk))
        {
            using (await gate.EnterAsync(db, ct))
            {
                await db.Set<Source>()
                    .Where(s => chunk.Contains(s.Id) && s.ClaimedBy == node && s.ClaimToken != null)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.ClaimedUntilUtc, until), ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} claims this node ({NodeId}) held when it last stopped")]
    private static partial void LogReleased(ILogger logger, int count, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another process holds this data directory's polling node id; this one claims as {NodeId} and releases no earlier claims")]
    private static partial void LogSharedDirectory(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing this node's claims failed; the next round retries")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing this node's claims at stop failed; they are released when it starts again, or when their lease runs out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
