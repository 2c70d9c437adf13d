using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.FollowUp;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps;

/// <summary>
/// A new or changed advisory tagged with an app's topic: records the mention and opens a
/// "to assess" follow-up for every department using the app. Idempotent on the change id (one
/// follow-up per advisory and department, under a unique index), with its outbox receipt in the
/// same transaction.
/// </summary>
public sealed partial class AppMentionConsumer(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    FollowUps followUps,
    OutboxReceipts receipts,
    TimeProvider time,
    ILogger<AppMentionConsumer> logger) : IConsumer<Batch<ChangeDetected>>
{
    public const int BatchLimit = 100;

    /// <summary>The name of this consumer's outbox receipts.</summary>
    public const string ReceiptName = "app-follow-up";

    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    public async Task Consume(ConsumeContext<Batch<ChangeDetected>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var changes = context.Message.Select(m => m.Message)
            .Where(c => c.Kind is ChangeKind.Published or ChangeKind.Updated or ChangeKind.PageChanged)
            .DistinctBy(c => c.ChangeId)
            .ToList();
        var topics = changes.SelectMany(c => c.Topics).Where(t => t.StartsWith(App.TopicPrefix, StringComparison.Ordinal)).Distinct().ToList();
        var appIds = topics.Select(t => t[App.TopicPrefix.Length..]).ToList();

        await using var connection = await db.Database.KeepConnectionOpenAsync(ct);
        using var write = await gate.EnterAsync(db, ct);
        await db.InTransactionAsync(async c =>
        {
            var apps = appIds.Count == 0 ? [] : await db.Set<App>().AsNoTracking().Include(a => a.Uses).Where(a => appIds.Contains(a.Id) && a.RetiredAtUtc == null).ToListAsync(c);
            var now = time.GetUtcNow();
            foreach (var change in changes)
            {
                foreach (var app in apps.Where(a => change.Topics.Contains(a.TopicId)))
                {
                    await MentionAsync(app.Id, change, now, c);
                    foreach (var use in app.Uses)
                    {
                        if (await followUps.ReassessAsync(change.AdvisoryId, use.DepartmentId, app.Id, app.Name, change.ChangeId, c))
                        {
                            LogReassess(logger, app.Id, use.DepartmentId, change.AdvisoryId);
                        }
                    }
                }
            }

            await receipts.AddAsync(db, context.Message.Select(m => m.MessageId), ReceiptName, now, c);

            // Two nodes taking the same event at once both insert; the unique indexes let one win,
            // and the retry of the other's batch finds its rows and adds nothing.
            return await db.SaveChangesAsync(c);
        }, ct);
        receipts.Recorded();
    }

    private async Task MentionAsync(string appId, ChangeDetected change, DateTimeOffset now, CancellationToken ct)
    {
        var mention = db.Set<AppMention>().Local.SingleOrDefault(m => m.AppId == appId && m.AdvisoryId == change.AdvisoryId)
            ?? await db.Set<AppMention>().SingleOrDefaultAsync(m => m.AppId == appId && m.AdvisoryId == change.AdvisoryId, ct);
        if (mention is null)
        {
            db.Add(new AppMention { AppId = appId, AdvisoryId = change.AdvisoryId, LastChangeId = change.ChangeId, FirstSeenAtUtc = now, LastSeenAtUtc = now });
        }
        else if (mention.LastChangeId != change.ChangeId)
        {
            mention.LastChangeId = change.ChangeId;
            mention.LastSeenAtUtc = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "App {AppId} is named by advisory {AdvisoryId}: department {DepartmentId} has a follow-up to assess")]
    private static partial void LogReassess(ILogger logger, string appId, string departmentId, Guid advisoryId);
}
