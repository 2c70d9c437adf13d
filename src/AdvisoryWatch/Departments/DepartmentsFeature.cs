using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
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
        return app;
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
        Subscriptions = d.Subscriptions.Select(SubscriptionDefinition.From),
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
