using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>
/// A worker's half of polling over the bus: takes over the source's claim (this node now holds and
/// renews it), reads the source and polls it. A source that is gone or claimed by someone else
/// since the command was sent is skipped.
/// </summary>
public sealed partial class PollSourceConsumer(
    AdvisoryWatchDbContext db,
    ClaimedPoll poll,
    ClaimKeeper keeper,
    WriteGate gate,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<PollSourceConsumer> logger) : IConsumer<PollSource>
{
    public async Task Consume(ConsumeContext<PollSource> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var ct = context.CancellationToken;
        var node = keeper.NodeId;
        var until = time.GetUtcNow() + options.Value.ClaimLease;
        int taken;
        using (await gate.EnterAsync(db, ct))
        {
            taken = await db.Set<Source>()
                .Where(s => s.Id == message.SourceId && s.ClaimToken == message.ClaimToken)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ClaimedBy, node).SetProperty(s => s.ClaimedUntilUtc, until), ct);
        }

        if (taken == 0)
        {
            LogStaleClaim(logger, message.SourceId);
            return;
        }

        keeper.Hold(message.SourceId);
        try
        {
            var source = await db.Set<Source>().AsNoTracking().SingleAsync(s => s.Id == message.SourceId, ct);
            await poll.RunAsync(source, message.ClaimToken, ct);
        }
        finally
        {
            keeper.Drop(message.SourceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {SourceId} skipped: the source is gone or claimed by someone else")]
    private static partial void LogStaleClaim(ILogger logger, string sourceId);
}

/// <summary>
/// Polls one claimed source and records what changed, moving the source's schedule on — guarded
/// by the claim token, so a redelivered command or a worker whose lease ran out cannot write twice.
/// </summary>
public sealed partial class ClaimedPoll(
    AdvisoryWatchDbContext db,
    SourcePoller poller,
    ChangeRecorder recorder,
    ScheduleWriter writer,
    OutboxSignal outbox,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<ClaimedPoll> logger)
{
    /// <param name="source">The source as read with the claim (its <see cref="Source.ClaimToken"/> is <paramref name="claimToken"/>).</param>
    public async Task RunAsync(Source source, Guid claimToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = await poller.PollAsync(source, conditional: true, ct);
        var changes = await PollOutcome.ApplyAsync(db, writer, recorder, source, result, claimToken, time.GetUtcNow(), options.Value, ct);
        if (changes is null)
        {
            LogLostClaim(logger, source.Id);
            return;
        }

        if (changes.Announced > 0)
        {
            outbox.Pulse();
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            LogPolled(logger, source.Id, result.GetType().Name, changes.Baseline, changes.Published, changes.Updated, changes.PageEvents);
        }
    }

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
        ScheduleWriter writer,
        ChangeRecorder recorder,
        Source source,
        PollResult result,
        Guid claimToken,
        DateTimeOffset now,
        PollingOptions options,
        CancellationToken ct)
    {
        var redirect = result.PermanentRedirect?.AbsoluteUri;
        var newest = result is PollResult.Read r ? r.Feed.Items.Max(i => i.Published?.Utc ?? i.Updated?.Utc) : null;
        var schedule = ScheduleAfter(source, result, redirect, newest, now, options, Random.Shared.NextDouble());

        var onlySchedule = result is PollResult.NotModified or PollResult.Failed or PollResult.RateLimited
            && result.Baselines.Count == 0
            && !(source.Kind == SourceKind.Page && result.PermanentRedirect is not null);
        if (onlySchedule)
        {
            // Most polls answer 304: they change only the source row, so they are written together
            // with the other polls that finished meanwhile.
            return await writer.WriteAsync(db, source.Id, claimToken, schedule, ct) ? new RecordedChanges(0, 0, 0, 0) : null;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();

            // Reading the history and working out the changes happens before the write: only the
            // claim holder adds to a source's history, and diffing and classifying while holding
            // the write gate held up every other poll's write.
            var changes = new RecordedChanges(0, 0, 0, 0);
            if (source.Kind == SourceKind.Page && redirect is not null && redirect != source.PermanentRedirectTo)
            {
                changes = Add(changes, await recorder.RecordPageEventAsync(source, ChangeKind.PageMoved, $"the page moved permanently to {redirect}", ct));
            }

            switch (result)
            {
                case PollResult.Read read:
                    changes = Add(changes, await recorder.RecordAsync(source, [new ReaderRead(read.Reader, read.Feed), .. result.Baselines], ct));
                    break;
                case PollResult.PageGone gone:
                    changes = Add(changes, await recorder.RecordPageEventAsync(source, ChangeKind.PageGone, $"the page answers {result.StatusCode}: {gone.Reason}", ct));
                    break;
                case PollResult.NotModified when result.Baselines.Count > 0:
                    changes = Add(changes, await recorder.RecordAsync(source, result.Baselines, ct));
                    break;
            }

            return await writer.WriteWithFactsAsync(db, source.Id, claimToken, schedule, ct) ? changes : null;
        });
    }

    /// <summary>The source row after a poll: the claim released, health and validators, the next check.</summary>
    private static SourceRowUpdate ScheduleAfter(Source source, PollResult result, string? redirect, DateTimeOffset? newest, DateTimeOffset now, PollingOptions options, double random)
    {
        var interval = TimeSpan.FromMinutes(source.IntervalMinutes);
        var set = new SourceRowUpdate();
        set.Set(nameof(Source.ClaimToken), (Guid?)null);
        set.Set(nameof(Source.ClaimedUntilUtc), (DateTimeOffset?)null);
        set.Set(nameof(Source.ClaimedBy), (string?)null);
        set.Set(nameof(Source.LastAttemptAtUtc), now);
        set.Set(nameof(Source.LastStatusCode), result.StatusCode);
        set.Set(nameof(Source.FinalUrl), result.FinalUrl == null ? source.FinalUrl : result.FinalUrl.AbsoluteUri);
        if (result is not PollResult.Failed)
        {
            set.Set(nameof(Source.PermanentRedirectTo), redirect);
        }

        // Each reader read now has its baseline: the next read through it announces what is new.
        foreach (var reader in result.Baselines.Select(b => b.Reader).Append((result as PollResult.Read)?.Reader))
        {
            if (reader is not null)
            {
                set.Set(reader.BaselineColumn, reader.Key);
            }
        }

        switch (result)
        {
            case PollResult.Read read:
                set.Set(nameof(Source.LastSuccessAtUtc), now);
                set.Set(nameof(Source.ConsecutiveFailures), 0);
                set.Set(nameof(Source.RetryAfterUtc), (DateTimeOffset?)null);
                set.Set(nameof(Source.LastError), read.UsedFallback);
                set.Set(nameof(Source.ItemsSeen), read.Feed.Items.Count);
                set.Set(nameof(Source.LastReadWarnings), ReadWarnings.Summarise(read.Feed));
                set.Set(nameof(Source.ETag), read.ETag);
                set.Set(nameof(Source.LastModified), read.LastModified);
                set.Set(nameof(Source.BaselineTakenAtUtc), source.BaselineTakenAtUtc ?? now);
                if (newest is { } n && (source.NewestItemAtUtc is null || n > source.NewestItemAtUtc))
                {
                    set.Set(nameof(Source.NewestItemAtUtc), n);
                }

                set.Set(nameof(Source.NextCheckAtUtc), Polling.Schedule.AfterSuccess(now, interval, options.Jitter, random));
                break;
            case PollResult.NotModified:
                set.Set(nameof(Source.LastSuccessAtUtc), now);
                set.Set(nameof(Source.ConsecutiveFailures), 0);
                set.Set(nameof(Source.RetryAfterUtc), (DateTimeOffset?)null);
                set.Set(nameof(Source.LastError), (string?)null);
                set.Set(nameof(Source.NextCheckAtUtc), Polling.Schedule.AfterSuccess(now, interval, options.Jitter, random));
                break;
            case PollResult.RateLimited limited:
                var until = Polling.Schedule.AfterRateLimit(now, interval, limited.RetryAfter, options.MaxBackoff);
                set.Set(nameof(Source.RetryAfterUtc), until);
                set.Set(nameof(Source.LastError), $"rate limited ({result.StatusCode}); next attempt after {until:O}");
                set.Set(nameof(Source.NextCheckAtUtc), until);
                break;
            case PollResult.PageGone gone:
                // Keep checking at the usual pace: a page that comes back is news too.
                set.Set(nameof(Source.ConsecutiveFailures), source.ConsecutiveFailures + 1);
                set.Set(nameof(Source.LastError), gone.Reason);
                set.Set(nameof(Source.NextCheckAtUtc), Polling.Schedule.AfterSuccess(now, interval, options.Jitter, random));
                break;
            case PollResult.Failed failed:
                set.Set(nameof(Source.ConsecutiveFailures), source.ConsecutiveFailures + 1);
                set.Set(nameof(Source.LastError), Truncate(failed.Reason, 2000));
                set.Set(nameof(Source.NextCheckAtUtc), Polling.Schedule.AfterFailure(now, interval, source.ConsecutiveFailures + 1, options.MaxBackoff, options.Jitter, random));
                break;
        }

        return set;
    }

    private static RecordedChanges Add(RecordedChanges a, RecordedChanges b) =>
        new(a.Baseline + b.Baseline, a.Published + b.Published, a.Updated + b.Updated, a.PageEvents + b.PageEvents);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
