using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// <c>/api/v1/assessments</c>: each department's follow-up of advisories. Rows are scoped in the
/// query (<see cref="AssessmentQueries"/>): another department's follow-up reads as absent, and
/// changing it answers 404 as if it were not there (<see cref="AssessmentRecorder"/>).
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
            AssessmentFilter.StatesOf(state, all) is { } states
                ? Results.Ok(await AssessmentQueries.ListAsync(db, actor, new AssessmentFilter(department, states), ct))
                : StateProblem())
            .RequireReader();

        app.MapGet("/api/v1/assessments.csv", async (string? department, string? state, bool? all, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            if (AssessmentFilter.StatesOf(state, all) is not { } states)
            {
                return StateProblem();
            }

            var rows = await AssessmentQueries.ListAsync(db, actor, new AssessmentFilter(department, states), ct);
            return Results.File(FollowUpCsv.Bytes(rows), FollowUpCsv.ContentType, FollowUpCsv.FileName(department));
        }).RequireReader();

        app.MapGet("/api/v1/assessments/{id:guid}", async (Guid id, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            await AssessmentQueries.FindAsync(db, actor, a => a.Id == id, ct) is { } found ? Results.Ok(found) : Results.NotFound())
            .RequireReader();

        // A Coordinator of the department or an Admin; anyone else is told the department is not there.
        app.MapPut("/api/v1/assessments/{advisoryId:guid}/{department}", async (Guid advisoryId, string department, AssessmentRequest body, Actor actor, AssessmentRecorder recorder, CancellationToken ct) =>
            (await recorder.RecordAsync(actor, advisoryId, department, body, ct)).ToResult(v => $"/api/v1/assessments/{v.Id}"))
            .RequireCoordinator();
        return app;
    }

    private static IResult StateProblem() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"state is {KebabNames.OneOf<AssessmentState>()}"] });
}
