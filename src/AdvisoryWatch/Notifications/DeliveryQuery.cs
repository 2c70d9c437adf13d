using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// One page of the delivery audit trail, newest first, with each change's title: what the API and
/// the deliveries page show. A Reader or Coordinator gets their departments' rows only, filtered in
/// SQL, so asking for another department's gives an empty page.
/// </summary>
public static class DeliveryQuery
{
    public const int PageSize = 100;

    public static async Task<DeliveryPage> PageAsync(AdvisoryWatchDbContext db, Actor actor, DeliveryFilter filter, int page, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Set<Delivery>().AsNoTracking().ReadableBy(actor, d => d.DepartmentId);
        if (filter.Department is { } department)
        {
            query = query.Where(d => d.DepartmentId == department);
        }

        if (filter.State is { } state)
        {
            query = query.Where(d => d.State == state);
        }

        if (filter.Mode is { } mode)
        {
            query = query.Where(d => d.Mode == mode);
        }

        if (filter.Change is { } change)
        {
            query = query.Where(d => d.ChangeId == change);
        }

        if (filter.Advisory is { } advisory)
        {
            query = query.Where(d => d.AdvisoryId == advisory);
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(d => d.CreatedAtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(d => d.CreatedAtUtc < to);
        }

        var total = await query.CountAsync(ct);
        if (Hosting.Paging.Offset(page, PageSize, total) is not { } skip)
        {
            return new DeliveryPage(page, PageSize, total, []);
        }

        var rows = await (from d in query
                          join v in db.Set<Changes.AdvisoryVersion>() on d.ChangeId equals v.Id into versions
                          from v in versions.DefaultIfEmpty()
                          orderby d.CreatedAtUtc descending, d.Id
                          select new { Delivery = d, Title = v == null ? null : v.Title })
            .Skip(skip).Take(PageSize).ToListAsync(ct);
        return new DeliveryPage(page, PageSize, total, [.. rows.Select(r => View(r.Delivery, r.Title))]);
    }

    private static DeliveryView View(Delivery d, string? title) => new(
        d.Id,
        d.ChangeId,
        d.AdvisoryId,
        title,
        d.DepartmentId,
        d.Channel.ToString().ToLowerInvariant(),
        d.Address,
        d.Mode.ToString().ToLowerInvariant(),
        DeliveriesApi.Kebab(d.State.ToString()),
        d.Severity,
        d.Attempts,
        d.LastReply,
        MessageComposer.MessageId(d.Id),
        d.DigestId,
        d.CreatedAtUtc,
        d.DueAtUtc,
        d.LastAttemptAtUtc,
        d.SentAtUtc);
}
