using System.Text.RegularExpressions;
using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps;

/// <summary>
/// Changes to the register, from <c>/api/v1/apps</c> or the app pages: checked, kept in the
/// history where a department's assessment changes, audited, saved together. Registering,
/// changing and retiring an app is an Admin's (the caller's policy says so); a department's
/// assessment is its Coordinator's or an Admin's, and anyone else is told it is not there.
/// </summary>
public sealed partial class AppRegister(AdvisoryWatchDbContext db, AuditLog audit, TopicRules topics, TimeProvider time)
{
    /// <summary>Registers or changes an app; a retired app registered again is back, with its history.</summary>
    public async Task<WriteOutcome<AppView>> SaveAsync(string id, AppRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Validate(id, body) is { Count: > 0 } errors)
        {
            return new WriteOutcome<AppView>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var aliases = body.Aliases?.Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        var existing = await db.Set<App>().SingleOrDefaultAsync(a => a.Id == id, ct);
        var before = existing is null ? null : Describe(existing);
        var row = existing ?? db.Add(new App { Id = id, Name = "", CreatedAtUtc = now, UpdatedBy = "" }).Entity;
        row.Name = body.Name!.Trim();
        row.Vendor = string.IsNullOrWhiteSpace(body.Vendor) ? null : body.Vendor.Trim();
        row.Aliases = aliases;
        row.RetiredAtUtc = null;
        row.UpdatedAtUtc = now;
        row.UpdatedBy = audit.ActorName;
        audit.Add("apps.registered", id, before, Describe(row));
        await db.SaveChangesAsync(ct);

        // The app's topic classifies on this node from now on; other nodes notice on their next refresh.
        await topics.RefreshAsync(ct);
        var uses = await db.Set<AppUse>().AsNoTracking().Where(u => u.AppId == id).ToListAsync(ct);
        return new WriteOutcome<AppView>.Saved(AppQueries.View(row, uses), existing is null);
    }

    /// <summary>
    /// Takes an app out of the register: its topic goes (no new mentions, no new follow-ups), the
    /// row stays with its departments' assessments, their history, its mentions and the follow-ups
    /// it opened. False when there is no such app in the register.
    /// </summary>
    public async Task<bool> RetireAsync(string id, CancellationToken ct)
    {
        if (await db.Set<App>().SingleOrDefaultAsync(a => a.Id == id && a.RetiredAtUtc == null, ct) is not { } app)
        {
            return false;
        }

        var before = Describe(app);
        var now = time.GetUtcNow();
        app.RetiredAtUtc = now;
        app.UpdatedAtUtc = now;
        app.UpdatedBy = audit.ActorName;
        audit.Add("apps.retired", id, before, Describe(app));
        await db.SaveChangesAsync(ct);
        await topics.RefreshAsync(ct);
        return true;
    }

    /// <summary>The department uses the app: its protection level and current assessment, kept in the history when they change.</summary>
    public async Task<WriteOutcome<AppUseView>> AssessAsync(Actor actor, string id, string department, AppUseRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(body);
        if (!actor.CanManage(department)
            || !await db.Set<Department>().AnyAsync(d => d.Id == department, ct)
            || !await db.Set<App>().AnyAsync(a => a.Id == id && a.RetiredAtUtc == null, ct))
        {
            return new WriteOutcome<AppUseView>.NotFound();
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

        if (body.Rationale?.Length > AppsApi.RationaleMaxLength)
        {
            errors["rationale"] = [$"rationale is at most {AppsApi.RationaleMaxLength} characters"];
        }

        if (errors.Count > 0)
        {
            return new WriteOutcome<AppUseView>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var rationale = string.IsNullOrWhiteSpace(body.Rationale) ? null : body.Rationale.Trim();
        var use = await db.Set<AppUse>().SingleOrDefaultAsync(u => u.AppId == id && u.DepartmentId == department, ct);
        var before = use is null ? null : Describe(use);
        if (use is not null && use.Protection == protection && use.Verdict == verdict && use.Rationale == rationale)
        {
            return new WriteOutcome<AppUseView>.Saved(AppQueries.UseView(use), Created: false);
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
        return new WriteOutcome<AppUseView>.Saved(AppQueries.UseView(use), before is null);
    }

    /// <summary>The department no longer uses the app (kept in the history); false when it did not, or is not the actor's.</summary>
    public async Task<bool> StopUsingAsync(Actor actor, string id, string department, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanManage(department)
            || await db.Set<AppUse>().SingleOrDefaultAsync(u => u.AppId == id && u.DepartmentId == department, ct) is not { } use)
        {
            return false;
        }

        var now = time.GetUtcNow();
        use.ChangedBy = actor.Name;
        db.Add(History(use, inUse: false, now));
        db.Remove(use);
        audit.Add("apps.no-longer-used", $"{department}/{id}", Describe(use), null);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static Dictionary<string, string[]> Validate(string id, AppRequest body)
    {
        var errors = new Dictionary<string, string[]>();
        if (id.Length > AppsApi.IdMaxLength || !Slug().IsMatch(id))
        {
            errors["id"] = [$"id is a lower-case slug (a-z, digits, hyphens) of at most {AppsApi.IdMaxLength} characters"];
        }

        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > AppsApi.NameMaxLength)
        {
            errors["name"] = [$"name is required, at most {AppsApi.NameMaxLength} characters"];
        }
        else if (!TopicRuleSet.IsValidKeyword(body.Name.Trim(), out var problem))
        {
            errors["name"] = [$"name is the app's keyword: {problem}"];
        }

        if (body.Vendor?.Length > AppsApi.NameMaxLength)
        {
            errors["vendor"] = [$"vendor is at most {AppsApi.NameMaxLength} characters"];
        }

        var aliases = body.Aliases ?? [];
        if (aliases.Count > AppsApi.MaxAliases)
        {
            errors["aliases"] = [$"at most {AppsApi.MaxAliases} aliases"];
        }

        foreach (var alias in aliases.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            if (alias.Length > AppsApi.NameMaxLength || !TopicRuleSet.IsValidKeyword(alias.Trim(), out _))
            {
                errors["aliases"] = [$"alias '{(alias.Length > AppsApi.NameMaxLength ? alias[..AppsApi.NameMaxLength] : alias)}' is not a valid keyword (words, at most {AppsApi.NameMaxLength} characters; a trailing * matches every word it begins)"];
            }
        }

        return errors;
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

    private static string Describe(App a) =>
        $"{a.Name}; vendor {a.Vendor ?? "-"}; aliases {string.Join(", ", a.Aliases ?? [])}{(a.RetiredAtUtc is null ? "" : "; retired")}";

    // The rationale is free text: the audit keeps its length, not its words.
    private static string Describe(AppUse u) =>
        $"{KebabNames.Format(u.Protection)}; {KebabNames.Format(u.Verdict)}; rationale {u.Rationale?.Length ?? 0} chars";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
