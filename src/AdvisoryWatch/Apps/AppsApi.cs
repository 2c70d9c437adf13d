using System.Text.RegularExpressions;
using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps;

/// <summary>
/// <c>/api/v1/apps</c>: the app register (Admin), each department's use and assessment of an app
/// (its Coordinator or an Admin), read by everyone with a role — a department's assessments only
/// by its members.
/// </summary>
public static partial class AppsApi
{
    public const int IdMaxLength = 60;
    public const int NameMaxLength = 100;
    public const int RationaleMaxLength = 4000;
    public const int MaxAliases = 20;
    public const int MentionLimit = 500;

    public static WebApplication MapAppsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/apps", async (Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var apps = await db.Set<App>().AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
            var uses = await db.Set<AppUse>().AsNoTracking().ReadableBy(actor, u => u.DepartmentId).ToListAsync(ct);
            var byApp = uses.ToLookup(u => u.AppId, StringComparer.Ordinal);
            return Results.Ok(apps.Select(a => View(a, byApp[a.Id])));
        }).RequireReader();

        app.MapGet("/api/v1/apps/{id}", async (string id, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            if (await db.Set<App>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } found)
            {
                return Results.NotFound();
            }

            var uses = await db.Set<AppUse>().AsNoTracking().Where(u => u.AppId == id).ReadableBy(actor, u => u.DepartmentId).OrderBy(u => u.DepartmentId).ToListAsync(ct);
            var history = await db.Set<AppUseChange>().AsNoTracking().Where(c => c.AppId == id).ReadableBy(actor, c => c.DepartmentId)
                .OrderBy(c => c.ChangedAtUtc).ThenBy(c => c.Id).ToListAsync(ct);
            var mentions = await db.Set<AppMention>().AsNoTracking().Where(m => m.AppId == id)
                .Join(db.Set<Advisory>(), m => m.AdvisoryId, v => v.Id, (m, v) => new { Mention = m, v.Title, v.Url, v.SourceId })
                .OrderByDescending(x => x.Mention.LastSeenAtUtc)
                .Take(MentionLimit)
                .ToListAsync(ct);
            return Results.Ok(new AppDetailView(
                View(found, uses),
                [.. history.Select(c => new AppUseChangeView(c.DepartmentId, c.InUse, KebabNames.Format(c.Protection), KebabNames.Format(c.Verdict), c.Rationale, c.ChangedBy, c.ChangedAtUtc))],
                [.. mentions.Select(x => new AppMentionView(x.Mention.AdvisoryId, x.Title, x.Url, x.SourceId, x.Mention.FirstSeenAtUtc, x.Mention.LastSeenAtUtc))]));
        }).RequireReader();

        app.MapPut("/api/v1/apps/{id}", async (string id, AppRequest body, AdvisoryWatchDbContext db, AuditLog audit, TopicRules topics, TimeProvider time, CancellationToken ct) =>
        {
            if (ValidateApp(id, body) is { } problem)
            {
                return problem;
            }

            var now = time.GetUtcNow();
            var aliases = body.Aliases?.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
            var existing = await db.Set<App>().SingleOrDefaultAsync(a => a.Id == id, ct);
            var before = existing is null ? null : Describe(existing);
            var row = existing ?? db.Add(new App { Id = id, Name = "", CreatedAtUtc = now, UpdatedBy = "" }).Entity;
            row.Name = body.Name!.Trim();
            row.Vendor = string.IsNullOrWhiteSpace(body.Vendor) ? null : body.Vendor.Trim();
            row.Aliases = aliases;
            row.UpdatedAtUtc = now;
            row.UpdatedBy = audit.ActorName;
            audit.Add("apps.registered", id, before, Describe(row));
            await db.SaveChangesAsync(ct);

            // The app's topic classifies on this node from now on; other nodes notice on their next refresh.
            await topics.RefreshAsync(ct);
            var uses = await db.Set<AppUse>().AsNoTracking().Where(u => u.AppId == id).ToListAsync(ct);
            return existing is null ? Results.Created($"/api/v1/apps/{id}", View(row, uses)) : Results.Ok(View(row, uses));
        }).RequireAdmin();

        // A Coordinator of the department or an Admin; anyone else is told the department is not there.
        app.MapPut("/api/v1/apps/{id}/departments/{department}", async (string id, string department, AppUseRequest body, Actor actor, AdvisoryWatchDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            if (!actor.CanManage(department)
                || !await db.Set<Department>().AnyAsync(d => d.Id == department, ct)
                || !await db.Set<App>().AnyAsync(a => a.Id == id, ct))
            {
                return Results.NotFound();
            }

            var protection = KebabNames.Parse<ProtectionLevel>(body.Protection);
            var verdict = KebabNames.Parse<AppVerdict>(body.Assessment ?? nameof(AppVerdict.ToAssess));
            var errors = new Dictionary<string, string[]>();
            if (protection is null)
            {
                errors["protection"] = [$"protection is required and is {KebabNames.OneOf<ProtectionLevel>()}"];
            }

            if (verdict is null)
            {
                errors["assessment"] = [$"assessment is {KebabNames.OneOf<AppVerdict>()}"];
            }

            if (body.Rationale?.Length > RationaleMaxLength)
            {
                errors["rationale"] = [$"rationale is at most {RationaleMaxLength} characters"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var now = time.GetUtcNow();
            var rationale = string.IsNullOrWhiteSpace(body.Rationale) ? null : body.Rationale.Trim();
            var use = await db.Set<AppUse>().SingleOrDefaultAsync(u => u.AppId == id && u.DepartmentId == department, ct);
            var before = use is null ? null : Describe(use);
            if (use is not null && use.Protection == protection && use.Verdict == verdict && use.Rationale == rationale)
            {
                return Results.Ok(UseView(use));
            }

            use ??= db.Add(new AppUse { AppId = id, DepartmentId = department, ChangedBy = "" }).Entity;
            use.Protection = protection!.Value;
            use.Verdict = verdict!.Value;
            use.Rationale = rationale;
            use.ChangedBy = actor.Name;
            use.ChangedAtUtc = now;
            db.Add(History(use, inUse: true, now));
            audit.Add("apps.assessed", $"{department}/{id}", before, Describe(use));
            await db.SaveChangesAsync(ct);
            return before is null ? Results.Created($"/api/v1/apps/{id}", UseView(use)) : Results.Ok(UseView(use));
        }).RequireCoordinator();

        app.MapDelete("/api/v1/apps/{id}/departments/{department}", async (string id, string department, Actor actor, AdvisoryWatchDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            if (!actor.CanManage(department)
                || await db.Set<AppUse>().SingleOrDefaultAsync(u => u.AppId == id && u.DepartmentId == department, ct) is not { } use)
            {
                return Results.NotFound();
            }

            var now = time.GetUtcNow();
            use.ChangedBy = actor.Name;
            db.Add(History(use, inUse: false, now));
            db.Remove(use);
            audit.Add("apps.no-longer-used", $"{department}/{id}", Describe(use), null);
            await db.SaveChangesAsync(ct);
            return Results.NoContent();
        }).RequireCoordinator();
        return app;
    }

    private static IResult? ValidateApp(string id, AppRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (id.Length > IdMaxLength || !Slug().IsMatch(id))
        {
            errors["id"] = [$"id is a lower-case slug (a-z, digits, hyphens) of at most {IdMaxLength} characters"];
        }

        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > NameMaxLength)
        {
            errors["name"] = [$"name is required, at most {NameMaxLength} characters"];
        }
        else if (!TopicRuleSet.IsValidKeyword(body.Name.Trim(), out var problem))
        {
            errors["name"] = [$"name is the app's keyword: {problem}"];
        }

        if (body.Vendor?.Length > NameMaxLength)
        {
            errors["vendor"] = [$"vendor is at most {NameMaxLength} characters"];
        }

        var aliases = body.Aliases ?? [];
        if (aliases.Count > MaxAliases)
        {
            errors["aliases"] = [$"at most {MaxAliases} aliases"];
        }

        foreach (var alias in aliases.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            if (alias.Length > NameMaxLength || !TopicRuleSet.IsValidKeyword(alias.Trim(), out _))
            {
                errors["aliases"] = [$"alias '{(alias.Length > NameMaxLength ? alias[..NameMaxLength] : alias)}' is not a valid keyword (words, at most {NameMaxLength} characters; a trailing * matches every word it begins)"];
            }
        }

        return errors.Count > 0 ? Results.ValidationProblem(errors) : null;
    }

    private static AppUseChange History(AppUse use, bool inUse, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        AppId = use.AppId,
        DepartmentId = use.DepartmentId,
        InUse = inUse,
        Protection = use.Protection,
        Verdict = use.Verdict,
        Rationale = use.Rationale,
        ChangedBy = use.ChangedBy,
        ChangedAtUtc = now,
    };

    private static AppView View(App a, IEnumerable<AppUse> uses) =>
        new(a.Id, a.Name, a.Vendor, a.Aliases ?? [], a.TopicId, [.. uses.OrderBy(u => u.DepartmentId, StringComparer.Ordinal).Select(UseView)], a.UpdatedAtUtc, a.UpdatedBy);

    private static AppUseView UseView(AppUse u) =>
        new(u.DepartmentId, KebabNames.Format(u.Protection), KebabNames.Format(u.Verdict), u.Rationale, u.ChangedBy, u.ChangedAtUtc);

    private static string Describe(App a) => $"{a.Name}; vendor {a.Vendor ?? "-"}; aliases {string.Join(", ", a.Aliases ?? [])}";

    // The rationale is free text: the audit keeps its length, not its words.
    private static string Describe(AppUse u) =>
        $"{KebabNames.Format(u.Protection)}; {KebabNames.Format(u.Verdict)}; rationale {u.Rationale?.Length ?? 0} chars";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
