using AdvisoryWatch.Access;
using AdvisoryWatch.Data;

namespace AdvisoryWatch.Audit;

public sealed record AuditEntryView(long Id, DateTimeOffset AtUtc, string Kind, string Actor, string Action, string? Target, string? Before, string? After)
{
    public static AuditEntryView From(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.AtUtc, e.Kind.ToString().ToLowerInvariant(), e.Actor, e.Action, e.Target, e.Before, e.After);
    }
}

public sealed record AuditPageView(int Page, int PageSize, int Total, IReadOnlyList<AuditEntryView> Items);

/// <summary>The append-only log of who changed what, and of refused sign-ins and fetches.</summary>
public static class AuditFeature
{
    public const int PageSize = 100;

    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<SecurityEvents>();
        return builder;
    }

    /// <summary><c>GET /api/v1/audit?actor=&amp;target=&amp;action=&amp;kind=&amp;since=&amp;until=&amp;page=</c> (Admin).</summary>
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/audit", async (string? actor, string? target, string? action, string? kind, DateTimeOffset? since, DateTimeOffset? until, int? page, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            AuditKind? wantedKind = null;
            if (kind is not null)
            {
                if (!Enum.TryParse<AuditKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind is change or security"] });
                }

                wantedKind = k;
            }

            if (page is < 1)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["pages count from 1"] });
            }

            var query = new AuditQuery(actor, target, action, wantedKind, since) { Until = until };
            return Results.Ok(await query.PageAsync(db, page ?? 1, PageSize, ct));
        }).RequireAdmin();
        return app;
    }
}
