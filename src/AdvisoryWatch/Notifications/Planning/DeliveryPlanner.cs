using System.Data.Common;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Sending;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Planning;

/// <summary>
/// Decides who hears of a change, and when: one delivery row per (change, recipient), written under
/// a unique index, so the same event delivered again adds nothing. Immediate rows wake the sender;
/// digest rows wait for the recipient's next digest time. Takes the events in batches: the
/// departments with their subscriptions and recipients are read once per batch, and its rows are
/// written in one transaction, instead of three queries and a commit per event; the rows go in as
/// plain prepared inserts (<see cref="DeliveryInserts"/>), not as tracked entities.
/// </summary>
public sealed partial class DeliveryPlanner(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    DeliverySignal signal,
    OutboxReceipts receipts,
    Topics.TopicRules topics,
    TimeProvider time,
    ILogger<DeliveryPlanner> logger) : IConsumer<Batch<ChangeDetected>>
{
    public const int BatchLimit = 100;

    /// <summary>The name of this consumer's outbox receipts.</summary>
    public const string ReceiptName = "plan-deliveries";

    /// <summary>The longest an event waits for others to join its batch: short, as an urgent change is sent at once.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    public async Task Consume(ConsumeContext<Batch<ChangeDetected>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var changes = context.Message.Select(m => m.Message).DistinctBy(c => c.ChangeId).ToList();
        var planned = await PlanAsync(changes, [.. context.Message.Select(m => m.MessageId)], context.CancellationToken);
        receipts.Recorded();
        if (planned.Immediate > 0)
        {
            signal.Pulse();
        }
    }

    /// <summary>
    /// Plans the changes and records the outbox receipts of <paramref name="messageIds"/> in the same
    /// transaction, also when nobody is to hear of them: planned is what the receipt says.
    /// </summary>
    public async Task<(int Immediate, int Digest)> PlanAsync(IReadOnlyList<ChangeDetected> changes, IReadOnlyCollection<Guid?> messageIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(messageIds);
        var now = time.GetUtcNow();
        await using var connection = await db.Database.KeepConnectionOpenAsync(ct);
        var departments = await db.Set<Department>().AsNoTracking().AsSplitQuery()
            .Include(d => d.Subscriptions)
            .Include(d => d.Recipients.Where(r => r.Role == RecipientRole.Member && r.UnsubscribedAtUtc == null))
            .ToListAsync(ct);

        // A subscription may name a topic by an alias; events carry topic ids.
        var rules = topics.Current;
        string Resolve(string topic) => rules.Resolve(topic) ?? topic;
        var rows = changes.SelectMany(change => Plan(change, departments, Resolve, now)).ToList();

        using var write = await gate.EnterAsync(db, ct);
        var ids = rows.Select(r => r.ChangeId).Distinct().ToList();
        var known = ids.Count == 0 ? [] : (await db.Set<Delivery>().AsNoTracking()
            .Where(d => ids.Contains(d.ChangeId))
            .Select(d => new { d.ChangeId, d.RecipientId })
            .ToListAsync(ct)).Select(d => (d.ChangeId, d.RecipientId)).ToHashSet();
        var fresh = rows.Where(r => !known.Contains((r.ChangeId, r.RecipientId))).ToList();
        var planning = fresh.Select(r => r.ChangeId).ToHashSet();
        foreach (var id in ids.Where(id => !planning.Contains(id)))
        {
            LogAlreadyPlanned(logger, id);
        }

        var receipted = await receipts.AddAsync(db, messageIds, ReceiptName, now, ct);
        if (fresh.Count == 0 && receipted == 0)
        {
            return (0, 0);
        }

        try
        {
            // The rows and the receipts in one transaction; PostgreSQL's retrying strategy runs it whole again.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(
                async t =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(t);
                    await DeliveryInserts.For(db).ExecuteAsync(db, fresh, t);
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, t);
                    await transaction.CommitAsync(t);
                },
                ct);
            db.ChangeTracker.AcceptAllChanges();
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            // A concurrent delivery of the same events (another worker) planned them first; anything
            // else is a real failure, and the bus retries the batch.
            if (!await AllPlannedAsync(ids, rows.Count, ct))
            {
                throw;
            }

            // Planned is planned, whoever did it: this consumer's receipts say so.
            db.ChangeTracker.Clear();
            await receipts.AddAsync(db, messageIds, ReceiptName, now, ct);
            await db.SaveChangesAsync(ct);
            return (0, 0);
        }

        foreach (var change in fresh.GroupBy(r => r.ChangeId))
        {
            var immediate = change.Count(r => r.Mode == DeliveryMode.Immediate);
            var digest = change.Count() - immediate;
            LogPlanned(logger, change.Key, immediate, digest);
        }

        var immediateCount = fresh.Count(r => r.Mode == DeliveryMode.Immediate);
        return (immediateCount, fresh.Count - immediateCount);
    }

    private static IEnumerable<Delivery> Plan(ChangeDetected change, List<Department> departments, Func<string, string> resolve, DateTimeOffset now)
    {
        foreach (var department in departments)
        {
            var matching = department.Subscriptions.Where(s => s.Matches(change.SourceId, change.Topics, change.Severity, resolve)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            var immediate = matching.Exists(s => s.Cadence == Cadence.Immediate)
                || (change.Severity == Severity.Urgent && matching.Exists(s => s.UrgentImmediately));
            foreach (var recipient in department.Recipients)
            {
                // A Teams channel is for what needs attention now; digests go by mail.
                if (recipient.Channel == RecipientChannel.Teams && !immediate)
                {
                    continue;
                }

                var zone = CadenceClock.Zone(recipient.TimeZone ?? department.TimeZone);
                yield return new Delivery
                {
                    Id = Guid.CreateVersion7(now),
                    ChangeId = change.ChangeId,
                    AdvisoryId = change.AdvisoryId,
                    DepartmentId = department.Id,
                    RecipientId = recipient.Id,
                    Channel = recipient.Channel,
                    Address = recipient.ShownAddress(),
                    Mode = immediate ? DeliveryMode.Immediate : DeliveryMode.Digest,
                    State = immediate ? DeliveryState.Pending : DeliveryState.Queued,
                    Severity = change.Severity,
                    CreatedAtUtc = now,
                    DueAtUtc = immediate ? now : CadenceClock.NextDigest(matching, zone, now),
                };
            }
        }
    }

    private async Task<bool> AllPlannedAsync(List<Guid> changeIds, int expected, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<Delivery>().CountAsync(d => changeIds.Contains(d.ChangeId), ct) >= expected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId}: {Immediate} immediate and {Digest} digest deliveries planned")]
    private static partial void LogPlanned(ILogger logger, Guid changeId, int immediate, int digest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Change {ChangeId} was planned before; redelivery ignored")]
    private static partial void LogAlreadyPlanned(ILogger logger, Guid changeId);
}
