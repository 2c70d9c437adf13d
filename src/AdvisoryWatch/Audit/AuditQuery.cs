using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Audit;

/// <summary>The filters the API and the command share; every one optional, newest first.</summary>
public sealed record AuditQuery(string? Actor = null, string? Target = null, string? Action = null, AuditKind? Kind = null, DateTimeOffset? Since = null)
{
    public IQueryable<AuditEntry> Apply(AdvisoryWatchDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrEmpty(Actor))
        {
            rows = rows.Where(e => e.Actor == Actor);
        }

        if (!string.IsNullOrEmpty(Target))
        {
            rows = rows.Where(e => e.Target == Target);
        }

        if (!string.IsNullOrEmpty(Action))
        {
            rows = rows.Where(e => e.Action == Action);
        }

        if (Kind is { } kind)
        {
            rows = rows.Where(e => e.Kind == kind);
        }

        if (Since is { } since)
        {
            rows = rows.Where(e => e.AtUtc >= since);
        }

        return rows.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id);
    }
}
