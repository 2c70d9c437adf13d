using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Audit;

/// <summary>The filters the API and the command share; every one optional, newest first.</summary>
public sealed record AuditQuery(string? Actor = null, string? Target = null, string? Action = null, AuditKind? Kind = null, DateTimeOffset? Since = null)
{
    /// <summary>Only entries before this time (the end of a date range).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Page <paramref name="page"/> (from 1) of the matching entries, newest first, with their total.</summary>
    public async Task<AuditPageView> PageAsync(AdvisoryWatchDbContext db, int page, int pageSize, CancellationToken cancellationToken)
    {
        var rows = Apply(db);
        var total = await rows.CountAsync(cancellationToken);
        var items = Hosting.Paging.Offset(page, pageSize, total) is { } offset
            ? await rows.Skip(offset).Take(pageSize).ToListAsync(cancellationToken)
            : [];
        return new AuditPageView(page, pageSize, total, [.. items.Select(AuditEntryView.From)]);
    }

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

        if (Until is { } until)
        {
            rows = rows.Where(e => e.AtUtc < until);
        }

        return rows.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id);
    }
}
