using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>
/// Escalates urgent alerts nobody in the department acknowledged in time to its coordinator, once
/// per (change, coordinator): the unique delivery index makes a second scheduler's attempt a no-op.
/// </summary>
public sealed partial class Escalator(
    AdvisoryWatchDbContext db,
    WriteGate gate,
    TimeProvider time,
    ILogger<Escalator> logger)
{
    /// <summary>Urgent alerts sent to a department that nobody there acknowledged in time go to its coordinator, once.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var departments = await db.Set<Department>().AsNoTracking()
            .Where(d => d.EscalateAfter != null)
            .Include(d => d.Recipients.Where(r => r.Role == RecipientRole.Coordinator))
            .ToListAsync(ct);
        var escalated = 0;
        foreach (var department in departments)
        {
            var coordinator = department.Recipients.FirstOrDefault();
            if (coordinator is null)
            {
                continue;
            }

            var sentBefore = now - department.EscalateAfter!.Value;
            var candidates = await db.Set<Delivery>().AsNoTracking()
                .Where(d => d.DepartmentId == department.Id
                    && d.Mode == DeliveryMode.Immediate
                    && d.Severity == Severity.Urgent
                    && d.State == DeliveryState.Sent
                    && d.SentAtUtc <= sentBefore
                    && !db.Set<Acknowledgement>().Any(a => a.ChangeId == d.ChangeId && a.DepartmentId == d.DepartmentId)
                    && !db.Set<Delivery>().Any(e => e.ChangeId == d.ChangeId && e.RecipientId == coordinator.Id))
                .Select(d => new { d.ChangeId, d.AdvisoryId })
                .Distinct()
                .ToListAsync(ct);
            foreach (var c in candidates)
            {
                using var write = await gate.EnterAsync(db, ct);
                db.ChangeTracker.Clear();
                db.Add(new Delivery
                {
                    Id = Guid.CreateVersion7(now),
                    ChangeId = c.ChangeId,
                    AdvisoryId = c.AdvisoryId,
                    DepartmentId = department.Id,
                    RecipientId = coordinator.Id,
                    Channel = RecipientChannel.Email,
                    Address = coordinator.Address,
                    Mode = DeliveryMode.Escalation,
                    State = DeliveryState.Pending,
                    Severity = Severity.Urgent,
                    CreatedAtUtc = now,
                    DueAtUtc = now,
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                    escalated++;
                    LogEscalated(logger, c.ChangeId, department.Id);
                }
                catch (DbUpdateException)
                {
                    // Another scheduler escalated it a moment ago: once is enough.
                    db.ChangeTracker.Clear();
                }
            }
        }

        return escalated;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Urgent change {ChangeId} was not acknowledged by {DepartmentId} in time: escalated to its coordinator")]
    private static partial void LogEscalated(ILogger logger, Guid changeId, string departmentId);
}
