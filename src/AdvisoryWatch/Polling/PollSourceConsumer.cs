using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// A worker's half of polling: reads the claimed source, records what changed, and moves the
/// source's schedule on — all in one transaction guarded by the claim token, so a redelivered
/// command or a worker whose lease ran out cannot write twice.
/// </summary>
public sealed partial class PollSourceConsumer(
    AdvisoryWatchDbContext db,
    SourcePoller poller,
    ChangeRecorder recorder,
    WriteGate gate,
    OutboxSignal outbox,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<PollSourceConsumer> logger) : IConsumer<PollSource>
{
    public async Task Consume(ConsumeContext<PollSource> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var ct = context.CancellationToken;
        var source = await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == message.SourceId, ct);
        if (source is null || source.ClaimToken != message.ClaimToken)
        {
            LogStaleClaim(logger, message.SourceId);
            return;
        }

        var result = await poller.PollAsync(source, conditional: true, ct);
        var changes = await PollOutcome.ApplyAsync(db, gate, recorder, source, result, message.ClaimToken, time.GetUtcNow(), options.Value, ct);
        if (changes is null)
        {
            LogLostClaim(logger, source.Id);
            return;
        }

        if (changes.Announced > 0)
        {
            outbox.Pulse();
        }

        LogPolled(logger, source.Id, result.GetType().Name, changes.Baseline, changes.Published, changes.Updated, changes.PageEvents);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {SourceId} skipped: the source is gone or claimed by someone else")]
    private static partial void LogStaleClaim(ILogger logger, string sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of {SourceId} discarded: the claim expired before the result was saved")]
    private static partial void LogLostClaim(ILogger logger, string sourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polled {SourceId}: {Outcome}; baseline {Baseline}, published {Published}, updated {Updated}, page events {PageEvents}")]
    private static partial void LogPolled(ILogger logger, string sourceId, string outcome, int baseline, int published, int updated, int pageEvents);
}

/// <summary>What a poll result means for the history and for the source's schedule and health.</summary>
internal static class PollOutcome
{
    /// <summary>Writes everything in one transaction; null when the claim was lost (nothing written).</summary>
    public static async Task<RecordedChanges?> ApplyAsync(
        AdvisoryWatchDbContext db,
        WriteGate gate,
        ChangeRecorder recorder,
        Source source,
        PollResult result,
        Guid claimToken,
        DateTimeOffset now,
        PollingOptions options,
        CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var onlySchedule = result is PollResult.NotModified or PollResult.Failed or PollResult.RateLimited
            && !(source.Kind == SourceKind.Page && result.PermanentRedirect is not null);
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            using var write = await gate.EnterAsync(db, ct);

            // Most polls answer 304: they change only the source row, one statement, no transaction.
            await using var tx = onlySchedule ? null : await db.Database.BeginTransactionAsync(ct);
            var changes = new RecordedChanges(0, 0, 0, 0);
            var redirect = result.PermanentRedirect?.AbsoluteUri;
            if (source.Kind == SourceKind.Page && redirect is not null && redirect != source.PermanentRedirectTo)
            {
                changes = Add(changes, await recorder.RecordPageEventAsync(source, ChangeKind.PageMoved, $"the page moved permanently to {redirect}", ct));
            }

            switch (result)
            {
                case PollResult.Read read:
                    changes = Add(changes, await recorder.RecordAsync(source, read.Feed, ct));
                    break;
                case PollResult.PageGone gone:
                    changes = Add(changes, await recorder.RecordPageEventAsync(source, ChangeKind.PageGone, $"the page answers {result.StatusCode}: {gone.Reason}", ct));
                    break;
            }

            if (!onlySchedule)
            {
                await db.SaveChangesAsync(ct);
            }

            var interval = TimeSpan.FromMinutes(source.IntervalMinutes);
            var random = Random.Shared.NextDouble();
            var newest = result is PollResult.Read r ? r.Feed.Items.Max(i => i.Published?.Utc ?? i.Updated?.Utc) : null;
            var rows = await db.Set<Source>()
                .Where(s => s.Id == source.Id && s.ClaimToken == claimToken)
                .ExecuteUpdateAsync(
                    set =>
                    {
                        set.SetProperty(s => s.ClaimToken, (Guid?)null);
                        set.SetProperty(s => s.ClaimedUntilUtc, (DateTimeOffset?)null);
                        set.SetProperty(s => s.LastAttemptAtUtc, now);
                        set.SetProperty(s => s.LastStatusCode, result.StatusCode);
                        set.SetProperty(s => s.FinalUrl, result.FinalUrl == null ? source.FinalUrl : result.FinalUrl.AbsoluteUri);
                        if (result is not PollResult.Failed)
                        {
                            set.SetProperty(s => s.PermanentRedirectTo, redirect);
                        }

                        switch (result)
                        {
                            case PollResult.Read read:
                                set.SetProperty(s => s.LastSuccessAtUtc, now);
                                set.SetProperty(s => s.ConsecutiveFailures, 0);
                                set.SetProperty(s => s.RetryAfterUtc, (DateTimeOffset?)null);
                                set.SetProperty(s => s.LastError, read.UsedFallback);
                                set.SetProperty(s => s.ItemsSeen, read.Feed.Items.Count);
                                set.SetProperty(s => s.ETag, read.ETag);
                                set.SetProperty(s => s.LastModified, read.LastModified);
                                set.SetProperty(s => s.BaselineTakenAtUtc, source.BaselineTakenAtUtc ?? now);
                                if (newest is { } n && (source.NewestItemAtUtc is null || n > source.NewestItemAtUtc))
                                {
                                    set.SetProperty(s => s.NewestItemAtUtc, n);
                                }

                                set.SetProperty(s => s.NextCheckAtUtc, Schedule.AfterSuccess(now, interval, options.Jitter, random));
                                break;
                            case PollResult.NotModified:
                                set.SetProperty(s => s.LastSuccessAtUtc, now);
                                set.SetProperty(s => s.ConsecutiveFailures, 0);
                                set.SetProperty(s => s.RetryAfterUtc, (DateTimeOffset?)null);
                                set.SetProperty(s => s.LastError, (string?)null);
                                set.SetProperty(s => s.NextCheckAtUtc, Schedule.AfterSuccess(now, interval, options.Jitter, random));
                                break;
                            case PollResult.RateLimited limited:
                                var until = Schedule.AfterRateLimit(now, interval, limited.RetryAfter, options.MaxBackoff);
                                set.SetProperty(s => s.RetryAfterUtc, until);
                                set.SetProperty(s => s.LastError, $"rate limited ({result.StatusCode}); next attempt after {until:O}");
                                set.SetProperty(s => s.NextCheckAtUtc, until);
                                break;
                            case PollResult.PageGone gone:
                                // Keep checking at the usual pace: a page that comes back is news too.
                                set.SetProperty(s => s.ConsecutiveFailures, source.ConsecutiveFailures + 1);
                                set.SetProperty(s => s.LastError, gone.Reason);
                                set.SetProperty(s => s.NextCheckAtUtc, Schedule.AfterSuccess(now, interval, options.Jitter, random));
                                break;
                            case PollResult.Failed failed:
                                set.SetProperty(s => s.ConsecutiveFailures, source.ConsecutiveFailures + 1);
                                set.SetProperty(s => s.LastError, Truncate(failed.Reason, 2000));
                                set.SetProperty(s => s.NextCheckAtUtc, Schedule.AfterFailure(now, interval, source.ConsecutiveFailures + 1, options.MaxBackoff, options.Jitter, random));
                                break;
                        }
                    },
                    ct);
            if (rows == 0)
            {
                if (tx is not null)
                {
                    await tx.RollbackAsync(ct);
                }

                return null;
            }

            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            return changes;
        });
    }

    private static RecordedChanges Add(RecordedChanges a, RecordedChanges b) =>
        new(a.Baseline + b.Baseline, a.Published + b.Published, a.Updated + b.Updated, a.PageEvents + b.PageEvents);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
