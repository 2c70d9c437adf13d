using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps;

/// <summary>
/// The register as the API and the pages read it: every app for everyone with a role, a
/// department's use and assessment of it only for the department's members (scoped in the query).
/// </summary>
public static class AppQueries
{
    public const int MentionLimit = 500;

    /// <summary>The register by name; retired apps only when asked for.</summary>
    public static async Task<List<AppView>> ListAsync(AdvisoryWatchDbContext db, Actor actor, bool includeRetired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var apps = await db.Set<App>().AsNoTracking().Where(a => includeRetired || a.RetiredAtUtc == null).OrderBy(a => a.Name).ToListAsync(ct);
        var uses = await db.Set<AppUse>().AsNoTracking().ReadableBy(actor, u => u.DepartmentId).ToListAsync(ct);
        var byApp = uses.ToLookup(u => u.AppId, StringComparer.Ordinal);
        return [.. apps.Select(a => View(a, byApp[a.Id]))];
    }

    /// <summary>One app (retired or not) with the actor's departments' assessments, their history and the advisories that named it; null when unknown.</summary>
    public static async Task<AppDetailView?> DetailAsync(AdvisoryWatchDbContext db, Actor actor, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Set<App>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } found)
        {
            return null;
        }

        var uses = await db.Set<AppUse>().AsNoTracking().Where(u => u.AppId == id).ReadableBy(actor, u => u.DepartmentId).OrderBy(u => u.DepartmentId).ToListAsync(ct);
        var history = await db.Set<AppUseChange>().AsNoTracking().Where(c => c.AppId == id).ReadableBy(actor, c => c.DepartmentId)
            .OrderBy(c => c.ChangedAtUtc).ThenBy(c => c.Id).ToListAsync(ct);
        var mentions = await db.Set<AppMention>().AsNoTracking().Where(m => m.AppId == id)
            .Join(db.Set<Advisory>(), m => m.AdvisoryId, v => v.Id, (m, v) => new { Mention = m, v.Title, v.Url, v.SourceId })
            .OrderByDescending(x => x.Mention.LastSeenAtUtc)
            .Take(MentionLimit)
            .ToListAsync(ct);
        return new AppDetailView(
            View(found, uses),
            [.. history.Select(c => new AppUseChangeView(c.DepartmentId, c.InUse, KebabNames.Format(c.Protection), KebabNames.Format(c.Verdict), c.Rationale, c.ChangedBy, c.ChangedAtUtc))],
            [.. mentions.Select(x => new AppMentionView(x.Mention.AdvisoryId, x.Title, x.Url, x.SourceId, x.Mention.FirstSeenAtUtc, x.Mention.LastSeenAtUtc))]);
    }

    public static AppView View(App a, IEnumerable<AppUse> uses)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Name, a.Vendor, a.Aliases ?? [], a.TopicId, [.. uses.OrderBy(u => u.DepartmentId, StringComparer.Ordinal).Select(UseView)], a.UpdatedAtUtc, a.UpdatedBy, a.RetiredAtUtc);
    }

    public static AppUseView UseView(AppUse u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return new(u.DepartmentId, KebabNames.Format(u.Protection), KebabNames.Format(u.Verdict), u.Rationale, u.ChangedBy, u.ChangedAtUtc);
    }
}
