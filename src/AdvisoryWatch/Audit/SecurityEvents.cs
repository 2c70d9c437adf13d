using System.Collections.Concurrent;
using AdvisoryWatch.Data;

namespace AdvisoryWatch.Audit;

/// <summary>
/// Records refusals (a sign-in, a fetch of a private address) in the audit log at once, in a scope
/// of their own: there is no change to join. The same refusal of the same target is recorded at
/// most once per <see cref="Quiet"/>, so a misconfigured source polled every few minutes does not
/// bury the log; a failure to record is logged and never fails the work that was refused.
/// </summary>
public sealed partial class SecurityEvents(IServiceScopeFactory scopes, TimeProvider time, ILogger<SecurityEvents> logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromHours(1);

    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<(string Action, string? Target, string Actor), DateTimeOffset> _lastRecorded = new();

    public async Task RecordAsync(string actor, string action, string? target, string? detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = (action, target, actor);
        if (_lastRecorded.TryGetValue(key, out var last) && now - last < Quiet)
        {
            return;
        }

        _lastRecorded[key] = now;
        Forget(now);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            using (await scope.ServiceProvider.GetRequiredService<WriteGate>().EnterAsync(db, cancellationToken))
            {
                db.Add(AuditEntry.Create(now, AuditKind.Security, actor, action, target, before: null, after: detail));
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _lastRecorded.TryRemove(key, out _);
            LogNotRecorded(logger, e, action, target);
        }
    }

    // Refusals from many addresses (a spray of sign-ins) must not grow the memory without bound:
    // once there are many, the ones past their quiet period are dropped.
    private void Forget(DateTimeOffset now)
    {
        if (_lastRecorded.Count <= MaxRemembered)
        {
            return;
        }

        foreach (var (key, at) in _lastRecorded)
        {
            if (now - at >= Quiet)
            {
                _lastRecorded.TryRemove(key, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security event {Action} on {Target} could not be written to the audit log")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string action, string? target);
}
