using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// <c>/api/v1/assessments</c>: each department's follow-up of advisories. Rows are scoped in the
/// query (<see cref="DepartmentScope"/>): another department's follow-up reads as absent, and
/// changing it answers 404 as if it were not there.
/// </summary>
public static class AssessmentsApi
{
    public const int NoteMaxLength = 4000;
    public const int OwnerMaxLength = 200;

    /// <summary>The most rows a list or an export returns.</summary>
    public const int ListLimit = 5000;

    public static WebApplication MapAssessmentsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/assessments", async (string? department, string? state, bool? all, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Filter(state, all) is { } filter
                ? Results.Ok(await ListAsync(db, actor, department, filter, ct))
                : StateProblem())
            .RequireReader();

        app.MapGet("/api/v1/assessments.csv", async (string? department, string? state, bool? all, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            if (Filter(state, all) is not { } filter)
            {
                return StateProblem();
            }

            var rows = await ListAsync(db, actor, department, filter, ct);
            var name = $"follow-up-{(department is { Length: > 0 } d && d.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? d : "all")}.csv";
            return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(FollowUpCsv.Write(rows))).ToArray(), "text/csv; charset=utf-8; header=present", name);
        }).RequireReader();

        app.MapGet("/api/v1/assessments/{id:guid}", async (Guid id, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var row = await Query(db, actor).SingleOrDefaultAsync(r => r.Assessment.Id == id, ct);
            if (row is null)
            {
                return Results.NotFound();
            }

            var history = await db.Set<AssessmentChange>().AsNoTracking().Where(c => c.AssessmentId == id).OrderBy(c => c.ChangedAtUtc).ThenBy(c => c.Id).ToListAsync(ct);
            return Results.Ok(View(row.Assessment, row.Advisory) with
            {
                History = [.. history.Select(c => new AssessmentChangeView(KebabNames.Format(c.State), c.Note, c.Owner, c.DueDate, c.ChangedBy, c.ChangedAtUtc))],
            });
        }).RequireReader();

        // A Coordinator of the department or an Admin; anyone else is told the department is not there.
        app.MapPut("/api/v1/assessments/{advisoryId:guid}/{department}", async (Guid advisoryId, string department, AssessmentRequest body, Actor actor, AdvisoryWatchDbContext db, FollowUps followUps, WriteGate gate, CancellationToken ct) =>
        {
            if (!actor.CanManage(department)
                || !await db.Set<Department>().AnyAsync(d => d.Id == department, ct)
                || await db.Set<Advisory>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == advisoryId, ct) is not { } advisory)
            {
                return Results.NotFound();
            }

            if (Validate(body) is { } problem)
            {
                return problem;
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
                    return Results.Conflict(new { title = "The follow-up was changed at the same moment; reload it and try again." });
                }
            }

            var view = View(assessment, advisory);
            return created ? Results.Created($"/api/v1/assessments/{assessment.Id}", view) : Results.Ok(view);
        }).RequireCoordinator();
        return app;
    }

    /// <summary>The open follow-ups of a department, for its digest: due first, then oldest.</summary>
    public static async Task<List<AssessmentView>> OpenAsync(AdvisoryWatchDbContext db, string departmentId, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = AssessmentStates.Open.ToList();
        var rows = await db.Set<Assessment>().AsNoTracking()
            .Where(a => a.DepartmentId == departmentId && open.Contains(a.State))
            .Join(db.Set<Advisory>(), a => a.AdvisoryId, v => v.Id, (a, v) => new Row { Assessment = a, Advisory = v })
            .OrderBy(r => r.Assessment.DueDate == null).ThenBy(r => r.Assessment.DueDate).ThenBy(r => r.Assessment.CreatedAtUtc)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => View(r.Assessment, r.Advisory))];
    }

    /// <summary>The follow-ups in these states that the actor may read (of one department, when named), by department and due date.</summary>
    internal static async Task<List<AssessmentView>> ListAsync(AdvisoryWatchDbContext db, Actor actor, string? department, IReadOnlyList<AssessmentState> states, CancellationToken ct, int limit = ListLimit)
    {
        var query = Query(db, actor).Where(r => states.Contains(r.Assessment.State));
        if (department is not null)
        {
            query = query.Where(r => r.Assessment.DepartmentId == department);
        }

        var rows = await query
            .OrderBy(r => r.Assessment.DepartmentId).ThenBy(r => r.Assessment.DueDate == null).ThenBy(r => r.Assessment.DueDate).ThenBy(r => r.Assessment.CreatedAtUtc)
            .Take(limit)
            .ToListAsync(ct);
        return [.. rows.Select(r => View(r.Assessment, r.Advisory))];
    }

    private static IQueryable<Row> Query(AdvisoryWatchDbContext db, Actor actor) =>
        db.Set<Assessment>().AsNoTracking()
            .ReadableBy(actor, a => a.DepartmentId)
            .Join(db.Set<Advisory>(), a => a.AdvisoryId, v => v.Id, (a, v) => new Row { Assessment = a, Advisory = v });

    /// <summary>The states asked for: <c>state=</c> one state; else the open ones, or every one with <c>all=true</c>. Null when the state is unknown.</summary>
    private static List<AssessmentState>? Filter(string? state, bool? all) =>
        state is not null
            ? KebabNames.Parse<AssessmentState>(state) is { } s ? [s] : null
            : all == true ? [.. Enum.GetValues<AssessmentState>()] : [.. AssessmentStates.Open];

    private static IResult StateProblem() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"state is {KebabNames.OneOf<AssessmentState>()}"] });

    private static IResult? Validate(AssessmentRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (KebabNames.Parse<AssessmentState>(body.State) is null)
        {
            errors["state"] = [$"state is required and is {KebabNames.OneOf<AssessmentState>()}"];
        }

        if (body.Note?.Length > NoteMaxLength)
        {
            errors["note"] = [$"note is at most {NoteMaxLength} characters"];
        }

        if (body.Owner?.Length > OwnerMaxLength || body.Owner?.Any(char.IsControl) == true)
        {
            errors["owner"] = [$"owner is one line of at most {OwnerMaxLength} characters"];
        }

        return errors.Count > 0 ? Results.ValidationProblem(errors) : null;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AssessmentView View(Assessment a, Advisory v) => new(
        a.Id, a.AdvisoryId, v.Title, v.Url, v.SourceId, a.DepartmentId, KebabNames.Format(a.State), a.Note, a.Owner, a.DueDate, a.AppId, a.CreatedAtUtc, a.UpdatedAtUtc, a.UpdatedBy);

    private sealed class Row
    {
        public required Assessment Assessment { get; init; }

        public required Advisory Advisory { get; init; }
    }
}
