using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments.Pages;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Departments;

public static partial class DepartmentsFeature
{
    public static WebApplicationBuilder AddDepartments(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<DepartmentImporter>();
        builder.Services.AddScoped<DepartmentEditor>();
        builder.Services.AddNavigation(new NavigationEntry("/departments", typeof(DepartmentsText), "MenuDepartments", AccessRole.Reader, 50));
        builder.Services.AddSingleton<IStartupTask, SeedImportTask>();
        return builder;
    }

    /// <summary><c>GET /api/v1/departments</c> and <c>/{id}</c>. Teams webhook URLs and webhook secrets are not shown.</summary>
    public static WebApplication MapDepartmentsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/departments").RequireReader();
        group.MapGet("/", async (Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var rows = await Query(db, actor).OrderBy(d => d.Id).ToListAsync(ct);
            return Results.Ok(rows.Select(View));
        });

        // Another department's id reads as absent: 404, as for one that does not exist.
        group.MapGet("/{id}", async (string id, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            await Query(db, actor).SingleOrDefaultAsync(d => d.Id == id, ct) is { } d ? Results.Ok(View(d)) : Results.NotFound());
        MapChanges(app.MapGroup("/api/v1/departments/{id}").RequireCoordinator());
        return app;
    }

    /// <summary>
    /// A Coordinator's changes to their own department (an Admin's to any), through
    /// <see cref="DepartmentEditor"/> as the department page makes them: 404 for another department,
    /// 400 with every problem, the department as it now is otherwise.
    /// </summary>
    private static void MapChanges(RouteGroupBuilder group)
    {
        group.MapPut("", (string id, DepartmentSettingsInput body, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.SaveSettingsAsync(actor, id, body, ct), id, actor, db, created: false, ct));
        group.MapPost("/recipients", (string id, RecipientInput body, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.AddRecipientAsync(actor, id, body, ct), id, actor, db, created: true, ct));
        group.MapDelete("/recipients/{recipientId:guid}", (string id, Guid recipientId, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.RemoveRecipientAsync(actor, id, recipientId, ct), id, actor, db, created: false, ct));
        group.MapPost("/subscriptions", (string id, SubscriptionDefinition body, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.SaveSubscriptionAsync(actor, id, null, body, ct), id, actor, db, created: true, ct));
        group.MapPut("/subscriptions/{subscriptionId:guid}", (string id, Guid subscriptionId, SubscriptionDefinition body, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.SaveSubscriptionAsync(actor, id, subscriptionId, body, ct), id, actor, db, created: false, ct));
        group.MapDelete("/subscriptions/{subscriptionId:guid}", (string id, Guid subscriptionId, Actor actor, DepartmentEditor editor, AdvisoryWatchDbContext db, CancellationToken ct) =>
            Answer(editor.RemoveSubscriptionAsync(actor, id, subscriptionId, ct), id, actor, db, created: false, ct));

        // Sent at once through the mail transport; 200 with the outcome either way (a refusal is an answer, not an error).
        group.MapPost("/recipients/{recipientId:guid}/test", async (string id, Guid recipientId, Actor actor, Notifications.TestMessageSender sender, CancellationToken ct) =>
            await sender.SendAsync(actor, id, recipientId, ct) switch
            {
                { Status: Notifications.TestMessageStatus.NotFound } => Results.NotFound(),
                { Status: Notifications.TestMessageStatus.NotEmail } => Results.ValidationProblem(new Dictionary<string, string[]> { ["recipient"] = ["test messages go to email recipients only"] }),
                var outcome => Results.Ok(new { Status = outcome.Status.ToString().ToLowerInvariant(), outcome.Reply }),
            });
    }

    private static async Task<IResult> Answer(Task<DepartmentEdit> edit, string id, Actor actor, AdvisoryWatchDbContext db, bool created, CancellationToken ct)
    {
        switch (await edit)
        {
            case DepartmentEdit.Invalid invalid:
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["department"] = [.. invalid.Problems] });
            case DepartmentEdit.Saved saved:
                var view = View(await Query(db, actor).SingleAsync(d => d.Id == id, ct));
                return created ? Results.Created($"/api/v1/departments/{id}", new { saved.Id, Department = view }) : Results.Ok(view);
            default:
                return Results.NotFound();
        }
    }

    private static IQueryable<Department> Query(AdvisoryWatchDbContext db, Actor actor) =>
        db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id).AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions);

    private static object View(Department d) => new
    {
        d.Id,
        d.Name,
        d.Language,
        d.TimeZone,
        EscalateAfter = d.EscalateAfter is { } e ? DepartmentDefinition.FormatDuration(e) : null,
        d.AdminOwned,
        Recipients = d.Recipients.OrderBy(r => r.Role).ThenBy(r => r.Address, StringComparer.Ordinal).Select(r => new
        {
            r.Id,
            Role = r.Role.ToString().ToLowerInvariant(),
            Channel = r.Channel.ToString().ToLowerInvariant(),
            Address = r.ShownAddress(),
            r.Name,
            r.Language,
            r.TimeZone,
            r.UnsubscribedAtUtc,
        }),
        Subscriptions = d.Subscriptions.Select(s => (s.Id, Definition: SubscriptionDefinition.From(s))).Select(s => new
        {
            s.Id,
            s.Definition.Sources,
            s.Definition.Topics,
            s.Definition.MinimumSeverity,
            s.Definition.Cadence,
            s.Definition.UrgentImmediately,
        }),
    };

    private sealed partial class SeedImportTask(IOptions<SeedOptions> options, ILogger<SeedImportTask> logger) : IStartupTask
    {
        // After the sources, which subscriptions name.
        public int Order => 110;

        public bool ServiceOnly => true;

        public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            if (!options.Value.Enabled)
            {
                return;
            }

            var read = DepartmentCatalogue.Read(DepartmentCatalogue.ReadEmbeddedSeeds());
            if (read.Problems.Count > 0)
            {
                throw new InvalidOperationException("The shipped departments are invalid: " + string.Join("; ", read.Problems));
            }

            var report = await services.GetRequiredService<DepartmentImporter>().ImportSeedsAsync(read.Departments, cancellationToken);
            LogSeeded(logger, report.Added.Count, report.Updated.Count, report.Kept.Count);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Seed departments imported: {Added} added, {Updated} updated, {Kept} kept as an admin changed them")]
        private static partial void LogSeeded(ILogger logger, int added, int updated, int kept);
    }
}
