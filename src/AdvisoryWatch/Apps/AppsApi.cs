using AdvisoryWatch.Access;
using AdvisoryWatch.Data;

namespace AdvisoryWatch.Apps;

/// <summary>
/// <c>/api/v1/apps</c>: the app register (Admin), each department's use and assessment of an app
/// (its Coordinator or an Admin), read by everyone with a role — a department's assessments only
/// by its members. The reads are <see cref="AppQueries"/>, the changes <see cref="AppRegister"/>.
/// </summary>
public static class AppsApi
{
    public const int IdMaxLength = 60;
    public const int NameMaxLength = 100;
    public const int RationaleMaxLength = 4000;
    public const int MaxAliases = 20;

    public static WebApplication MapAppsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/apps", async (bool? retired, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Results.Ok(await AppQueries.ListAsync(db, actor, retired == true, ct)))
            .RequireReader();

        app.MapGet("/api/v1/apps/{id}", async (string id, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            await AppQueries.DetailAsync(db, actor, id, ct) is { } found ? Results.Ok(found) : Results.NotFound())
            .RequireReader();

        app.MapPut("/api/v1/apps/{id}", async (string id, AppRequest body, AppRegister register, CancellationToken ct) =>
            (await register.SaveAsync(id, body, ct)).ToResult(v => $"/api/v1/apps/{v.Id}"))
            .RequireAdmin();

        app.MapDelete("/api/v1/apps/{id}", async (string id, AppRegister register, CancellationToken ct) =>
            await register.RetireAsync(id, ct) ? Results.NoContent() : Results.NotFound())
            .RequireAdmin();

        // A Coordinator of the department or an Admin; anyone else is told the department is not there.
        app.MapPut("/api/v1/apps/{id}/departments/{department}", async (string id, string department, AppUseRequest body, Actor actor, AppRegister register, CancellationToken ct) =>
            (await register.AssessAsync(actor, id, department, body, ct)).ToResult(_ => $"/api/v1/apps/{id}"))
            .RequireCoordinator();

        app.MapDelete("/api/v1/apps/{id}/departments/{department}", async (string id, string department, Actor actor, AppRegister register, CancellationToken ct) =>
            await register.StopUsingAsync(actor, id, department, ct) ? Results.NoContent() : Results.NotFound())
            .RequireCoordinator();
        return app;
    }
}
