using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// Decides who hears of a change, and when: one delivery row per (change, recipient), written under
/// a unique index, so the same event delivered again adds nothing. Immediate rows wake the sender;
/// digest rows wait for the recipient's next digest time.
/// </summary>
public sealed partial class DeliveryPlanner(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    DeliverySignal signal,
    Topics.TopicRules topics,
    TimeProvider time,
    ILogger<DeliveryPlanner> logger) : IConsumer<ChangeDetected>
{
    public async Task Consume(ConsumeContext<ChangeDetected> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var planned = await PlanAsync(context.Message, context.CancellationToken);
        if (planned.Immediate > 0)
        {
            signal.Pulse();
        }
    }

    public async Task<(int Immediate, int Digest)> PlanAsync(ChangeDetected change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = time.GetUtcNow();
        await using var connection = await db.Database.KeepConnectionOpenAsync(ct);
        var departments = await db.Set<Department>().AsNoTracking().AsSplitQuery()
            .Include(d => d.Subscriptions)
            .Include(d => d.Recipients.Where(r => r.Role == RecipientRole.Member && r.UnsubscribedAtUtc == null))
            .ToListAsync(ct);

        // A subscription may name a topic by an alias; events carry topic ids.
        var rules = topics.Current;
        string Resolve(string topic) => rules.Resolve(topic) ?? topic;
        var rows = new List<Delivery>();
        foreach (var department in departments)
        {
            var matching = department.Subscriptions.Where(s => s.Matches(change.SourceId, change.Topics, change.Severity, Resolve)).ToList();
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
                rows.Add(new Delivery
                {
                    Id = Guid.CreateVersion7(now),
                    ChangeId = change.ChangeId,
                    AdvisoryId = change.AdvisoryId,
                    DepartmentId = department.Id,
                    RecipientId = recipient.Id,
                    Channel = recipient.Channel,
                    Address = recipient.Channel == RecipientChannel.Teams ? "(webhook)" : recipient.Address,
                    Mode = immediate ? DeliveryMode.Immediate : DeliveryMode.Digest,
                    State = immediate ? DeliveryState.Pending : DeliveryState.Queued,
                    Severity = change.Severity,
                    CreatedAtUtc = now,
                    DueAtUtc = immediate ? now : CadenceClock.NextDigest(matching, zone, now),
                });
            }
        }

        if (rows.Count == 0)
        {
            return (0, 0);
        }

        using var write = await gate.EnterAsync(db, ct);
        var known = (await db.Set<Delivery>().AsNoTracking()
            .Where(d => d.ChangeId == change.ChangeId)
            .Select(d => d.RecipientId)
            .ToListAsync(ct)).ToHashSet();
        var fresh = rows.Where(r => !known.Contains(r.RecipientId)).ToList();
        if (fresh.Count == 0)
        {
            LogAlreadyPlanned(logger, change.ChangeId);
            return (0, 0);
        }

        db.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent delivery of the same event (another worker) planned it first; anything
            // else is a real failure, and the bus retries the message.
            if (!await AllPlannedAsync(change.ChangeId, fresh.Count + known.Count, ct))
            {
                throw;
            }

            return (0, 0);
        }

        var immediateCount = fresh.Count(r => r.Mode == DeliveryMode.Immediate);
        LogPlanned(logger, change.ChangeId, immediateCount, fresh.Count - immediateCount);
        return (immediateCount, fresh.Count - immediateCount);
    }

    private async Task<bool> AllPlannedAsync(Guid changeId, int expected, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Set<Delivery>().CountAsync(d => d.ChangeId == changeId, ct) >= expected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change {ChangeId}: {Immediate} immediate and {Digest} digest deliveries planned")]
    private static partial void LogPlanned(ILogger logger, Guid changeId, int immediate, int digest);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Change {ChangeId} was planned before; redelivery ignored")]
    private static partial void LogAlreadyPlanned(ILogger logger, Guid changeId);
}

/// <summary>Wakes the sender when immediate deliveries were planned, instead of waiting for its interval.</summary>
public sealed class DeliverySignal : Hosting.WakeSignal;
