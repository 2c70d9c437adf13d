using System.Globalization;
using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp.Pages;

/// <summary>
/// One advisory's follow-up in one department: the current assessment, every change with who and
/// when, and the form (its Coordinator's or an Admin's) that saves through the same
/// <see cref="AssessmentRecorder"/> as <c>PUT /api/v1/assessments</c>. A reader of the department
/// sees it read-only; anyone else is told it is not there.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class EditModel(AdvisoryWatchDbContext db, AssessmentRecorder recorder) : PageModel
{
    [BindProperty]
    public string? State { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Owner { get; set; }

    [BindProperty]
    public DateOnly? DueDate { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public Advisory Advisory { get; private set; } = null!;

    public Department Department { get; private set; } = null!;

    public AssessmentView? Current { get; private set; }

    public bool CanEdit { get; private set; }

    /// <summary>Keys of <see cref="FollowUpText"/> for what was wrong with the form.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public string? DueDateValue => DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid advisoryId, string department, CancellationToken ct)
    {
        if (!await LoadAsync(advisoryId, department, ct))
        {
            return NotFound();
        }

        State = Current?.State ?? KebabNames.Format(AssessmentState.ToAssess);
        Note = Current?.Note;
        Owner = Current?.Owner;
        DueDate = Current?.DueDate;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid advisoryId, string department, CancellationToken ct)
    {
        if (!await LoadAsync(advisoryId, department, ct))
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        var outcome = await recorder.RecordAsync(Actor.From(User)!, advisoryId, department, new AssessmentRequest(State, Note, Owner, DueDate), ct);
        switch (outcome)
        {
            case Hosting.WriteOutcome<AssessmentView>.Saved:
                return LocalRedirect($"/follow-up/{advisoryId}/{Uri.EscapeDataString(department)}?done=saved");
            case Hosting.WriteOutcome<AssessmentView>.Invalid invalid:
                ErrorKeys = [.. invalid.Errors.Keys.Select(k => k switch
                {
                    "state" => "ErrorState",
                    "note" => "ErrorNote",
                    "owner" => "ErrorOwner",
                    _ => "ErrorForm",
                })];
                return Page();
            case Hosting.WriteOutcome<AssessmentView>.Conflict:
                ErrorKeys = ["ErrorConflict"];
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>For each history entry (oldest first), the fields it changed from the one before; empty for the first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Changes(IReadOnlyList<AssessmentChangeView> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var result = new List<IReadOnlyList<string>>(history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            if (i == 0)
            {
                result.Add([]);
                continue;
            }

            var (a, b) = (history[i - 1], history[i]);
            var fields = new List<string>();
            if (a.State != b.State)
            {
                fields.Add("state");
            }

            if (a.Owner != b.Owner)
            {
                fields.Add("owner");
            }

            if (a.DueDate != b.DueDate)
            {
                fields.Add("due");
            }

            if (a.Note != b.Note)
            {
                fields.Add("note");
            }

            result.Add(fields);
        }

        return result;
    }

    private async Task<bool> LoadAsync(Guid advisoryId, string department, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        if (!actor.CanRead(department)
            || await db.Set<Department>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == department, ct) is not { } found
            || await db.Set<Advisory>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == advisoryId, ct) is not { } advisory)
        {
            return false;
        }

        Department = found;
        Advisory = advisory;
        CanEdit = actor.CanManage(department);
        Current = await AssessmentQueries.FindAsync(db, actor, a => a.AdvisoryId == advisoryId && a.DepartmentId == department, ct);
        return true;
    }
}
