using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp;

/// <summary>What a coordinator sets on a follow-up: the whole of it, as a PUT replaces it.</summary>
public sealed record AssessmentEdit(AssessmentState State, string? Note, string? Owner, DateOnly? DueDate);

/// <summary>
/// Records follow-up changes: the row, its history entry and the audit entry go into the caller's
/// unit of work together, so none is saved without the others.
/// </summary>
public sealed class FollowUps(AdvisoryWatchDbContext db, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "follow-up.assessed";

    /// <summary>Creates or changes the follow-up of an advisory in a department; Changed is false when the edit changes nothing.</summary>
    public async Task<(Assessment Assessment, bool Created, bool Changed)> RecordAsync(Guid advisoryId, string departmentId, AssessmentEdit edit, string actorName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var existing = await db.Set<Assessment>().SingleOrDefaultAsync(a => a.AdvisoryId == advisoryId && a.DepartmentId == departmentId, ct);
        var now = time.GetUtcNow();
        if (existing is null)
        {
            var created = New(advisoryId, departmentId, edit, actorName, now);
            db.Add(created);
            AddHistory(created, actorName, now);
            audit.Add(actorName, AuditAction, Target(created), null, Describe(created));
            return (created, true, true);
        }

        if (existing.State == edit.State && existing.Note == edit.Note && existing.Owner == edit.Owner && existing.DueDate == edit.DueDate)
        {
            return (existing, false, false);
        }

        var before = Describe(existing);
        Apply(existing, edit, actorName, now);
        AddHistory(existing, actorName, now);
        audit.Add(actorName, AuditAction, Target(existing), before, Describe(existing));
        return (existing, false, true);
    }

    /// <summary>
    /// Opens (or reopens, when closed) the department's follow-up of an advisory because it names
    /// an app the department uses. The same change event again changes nothing; an open follow-up
    /// stays as the coordinator left it.
    /// </summary>
    public async Task<bool> ReassessAsync(Guid advisoryId, string departmentId, string appId, string appName, Guid changeId, CancellationToken ct)
    {
        var existing = db.Set<Assessment>().Local.SingleOrDefault(a => a.AdvisoryId == advisoryId && a.DepartmentId == departmentId)
            ?? await db.Set<Assessment>().SingleOrDefaultAsync(a => a.AdvisoryId == advisoryId && a.DepartmentId == departmentId, ct);
        var now = time.GetUtcNow();
        var note = $"Reassess the use of {appName}: the advisory names it.";
        if (existing is null)
        {
            var created = New(advisoryId, departmentId, new AssessmentEdit(AssessmentState.ToAssess, note, null, null), Access.CurrentActor.System, now);
            created.AppId = appId;
            created.OpenedByChangeId = changeId;
            db.Add(created);
            AddHistory(created, Access.CurrentActor.System, now);
            audit.Add(Access.CurrentActor.System, AuditAction, Target(created), null, Describe(created));
            return true;
        }

        if (existing.OpenedByChangeId == changeId || existing.State.IsOpen())
        {
            return false;
        }

        var before = Describe(existing);
        Apply(existing, new AssessmentEdit(AssessmentState.ToAssess, note, existing.Owner, null), Access.CurrentActor.System, now);
        existing.AppId = appId;
        existing.OpenedByChangeId = changeId;
        AddHistory(existing, Access.CurrentActor.System, now);
        audit.Add(Access.CurrentActor.System, AuditAction, Target(existing), before, Describe(existing));
        return true;
    }

    private static Assessment New(Guid advisoryId, string departmentId, AssessmentEdit edit, string actorName, DateTimeOffset now)
    {
        var assessment = new Assessment { Id = Guid.CreateVersion7(now), AdvisoryId = advisoryId, DepartmentId = departmentId, CreatedAtUtc = now, UpdatedBy = actorName };
        Apply(assessment, edit, actorName, now);
        return assessment;
    }

    private static void Apply(Assessment assessment, AssessmentEdit edit, string actorName, DateTimeOffset now)
    {
        assessment.State = edit.State;
        assessment.Note = edit.Note;
        assessment.Owner = edit.Owner;
        assessment.DueDate = edit.DueDate;
        assessment.UpdatedAtUtc = now;
        assessment.UpdatedBy = actorName;
    }

    private void AddHistory(Assessment a, string actorName, DateTimeOffset now) =>
        db.Add(new AssessmentChange
        {
            Id = Guid.CreateVersion7(now),
            AssessmentId = a.Id,
            State = a.State,
            Note = a.Note,
            Owner = a.Owner,
            DueDate = a.DueDate,
            ChangedBy = actorName,
            ChangedAtUtc = now,
        });

    private static string Target(Assessment a) => $"{a.DepartmentId}/{a.AdvisoryId}";

    // The note is free text a coordinator may fill with anything: the audit keeps its length, not its words.
    private static string Describe(Assessment a) =>
        $"{Hosting.KebabNames.Format(a.State)}; owner {a.Owner ?? "-"}; due {a.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}; note {a.Note?.Length ?? 0} chars";
}
