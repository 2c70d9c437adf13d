using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

public static class DeliveriesApi
{
    public const int PageSize = 100;

    /// <summary>
    /// <c>GET /api/v1/deliveries?department=&amp;state=&amp;mode=&amp;change=&amp;page=</c> (newest first),
    /// <c>GET /api/v1/digests?department=</c>, <c>GET /api/v1/acknowledgements?department=</c> and
    /// <c>GET /api/v1/notifications/status</c> (the relay's health and counts per state).
    /// </summary>
    public static WebApplication MapDeliveriesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A Reader or Coordinator sees their departments' rows only, filtered in SQL: asking for
        // another department's gives an empty list.
        app.MapGet("/api/v1/deliveries", async (string? department, string? state, string? mode, Guid? change, int? page, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            DeliveryState? wantedState = null;
            DeliveryMode? wantedMode = null;
            if (state is not null)
            {
                if (ParseEnum<DeliveryState>(state) is { } s)
                {
                    wantedState = s;
                }
                else
                {
                    errors["state"] = [$"state is one of {string.Join(", ", Enum.GetNames<DeliveryState>().Select(Kebab))}"];
                }
            }

            if (mode is not null)
            {
                if (ParseEnum<DeliveryMode>(mode) is { } m)
                {
                    wantedMode = m;
                }
                else
                {
                    errors["mode"] = ["mode is immediate, digest or escalation"];
                }
            }

            if (page is < 1)
            {
                errors["page"] = ["page starts at 1"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var query = db.Set<Delivery>().AsNoTracking().ReadableBy(actor, d => d.DepartmentId);
            if (department is not null)
            {
                query = query.Where(d => d.DepartmentId == department);
            }

            if (wantedState is { } ws)
            {
                query = query.Where(d => d.State == ws);
            }

            if (wantedMode is { } wm)
            {
                query = query.Where(d => d.Mode == wm);
            }

            if (change is { } c)
            {
                query = query.Where(d => d.ChangeId == c);
            }

            var number = page ?? 1;
            var total = await query.CountAsync(ct);
            if (Hosting.Paging.Offset(number, PageSize, total) is not { } skip)
            {
                return Results.Ok(new DeliveryPage(number, PageSize, total, []));
            }

            var rows = await (from d in query
                              join v in db.Set<Changes.AdvisoryVersion>() on d.ChangeId equals v.Id into versions
                              from v in versions.DefaultIfEmpty()
                              orderby d.CreatedAtUtc descending, d.Id
                              select new { Delivery = d, Title = v == null ? null : v.Title })
                .Skip(skip).Take(PageSize).ToListAsync(ct);
            return Results.Ok(new DeliveryPage(number, PageSize, total, [.. rows.Select(r => View(r.Delivery, r.Title))]));
        }).RequireReader();

        app.MapGet("/api/v1/digests", async (string? department, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var query = db.Set<Digest>().AsNoTracking().ReadableBy(actor, d => d.DepartmentId);
            if (department is not null)
            {
                query = query.Where(d => d.DepartmentId == department);
            }

            var rows = await query.OrderByDescending(d => d.PeriodEndUtc).Take(500).ToListAsync(ct);
            return Results.Ok(rows.Select(d => new DigestView(d.Id, d.DepartmentId, d.Address, d.PeriodStartUtc, d.PeriodEndUtc, d.ItemCount, Kebab(d.State.ToString()), d.Attempts, d.LastReply, MessageComposer.MessageId(d.Id), d.SentAtUtc)));
        }).RequireReader();

        app.MapGet("/api/v1/acknowledgements", async (string? department, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
        {
            var query = db.Set<Acknowledgement>().AsNoTracking().ReadableBy(actor, a => a.DepartmentId);
            if (department is not null)
            {
                query = query.Where(a => a.DepartmentId == department);
            }

            var rows = await query.OrderByDescending(a => a.AcknowledgedAtUtc).Take(500).ToListAsync(ct);
            return Results.Ok(rows.Select(a => new AcknowledgementView(a.ChangeId, a.DepartmentId, a.Address, a.AcknowledgedAtUtc, a.DeliveryId)));
        }).RequireReader();

        app.MapGet("/api/v1/notifications/status", async (AdvisoryWatchDbContext db, IServiceProvider services, CancellationToken ct) =>
            Results.Ok(await NotificationStatus.ReadAsync(db, services, ct))).RequireAdmin();
        return app;
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
        Kebab(d.State.ToString()),
        d.Severity,
        d.Attempts,
        d.LastReply,
        MessageComposer.MessageId(d.Id),
        d.DigestId,
        d.CreatedAtUtc,
        d.DueAtUtc,
        d.LastAttemptAtUtc,
        d.SentAtUtc);

    /// <summary>RetryWaiting → retry-waiting, the form the API speaks and accepts.</summary>
    internal static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static T? ParseEnum<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && !int.TryParse(text, out _) ? value : null;
}
