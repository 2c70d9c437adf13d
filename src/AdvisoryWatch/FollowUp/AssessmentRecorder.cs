using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// A coordinator's assessment, from <c>PUT /api/v1/assessments</c> or the follow-up page: checked,
/// recorded with its history and audit entry (<see cref="FollowUps"/>), saved once. Only a
/// Coordinator of the department or an Admin may; anyone else is told it is not there.
/// </summary>
public sealed class AssessmentRecorder(AdvisoryWatchDbContext db, FollowUps followUps, WriteGate gate)
{
    public async Task<WriteOutcome<AssessmentView>> RecordAsync(Actor actor, Guid advisoryId, string department, AssessmentRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(body);
        if (!actor.CanManage(department)
            || !await db.Set<Department>().AnyAsync(d => d.Id == department, ct)
            || await db.Set<Advisory>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == advisoryId, ct) is not { } advisory)
        {
            return new WriteOutcome<AssessmentView>.NotFound();
        }

        if (Validate(body) is { Count: > 0 } errors)
        {
            return new WriteOutcome<AssessmentView>.Invalid(errors);
        }

        var edit = new AssessmentEdit(KebabNames.Parse<AssessmentState>(body.State)!.Value, Trimmed(body.Note), Trimmed(body.Owner), body.DueDate);
        using var write = await gate.EnterAsync(db, ct);
        var (assessment, created, changed) = await followUps.RecordAsync(advisoryId, department, edit, actor.Name, ct);
        if (changed)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request created this follow-up at the same moment: theirs stands; read it and try again.
                return new WriteOutcome<AssessmentView>.Conflict("The follow-up was changed at the same moment; reload it and try again.");
            }
        }

        return new WriteOutcome<AssessmentView>.Saved(AssessmentQueries.View(assessment, advisory), created);
    }

    private static Dictionary<string, string[]> Validate(AssessmentRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (KebabNames.Parse<AssessmentState>(body.State) is null)
        {
            errors["state"] = [$"state is required and is {KebabNames.OneOf<AssessmentState>()}"];
        }

        if (body.Note?.Length > AssessmentsApi.NoteMaxLength)
        {
            errors["note"] = [$"note is at most {AssessmentsApi.NoteMaxLength} characters"];
        }

        if (body.Owner?.Length > AssessmentsApi.OwnerMaxLength || body.Owner?.Any(char.IsControl) == true)
        {
            errors["owner"] = [$"owner is one line of at most {AssessmentsApi.OwnerMaxLength} characters"];
        }

        return errors;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
