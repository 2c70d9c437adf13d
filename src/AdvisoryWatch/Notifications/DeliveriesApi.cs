using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

public static class DeliveriesApi
{
    public const int PageSize = DeliveryQuery.PageSize;

    /// <summary>
    /// <c>GET /api/v1/deliveries?department=&amp;state=&amp;mode=&amp;change=&amp;advisory=&amp;from=&amp;to=&amp;page=</c> (newest first),
    /// <c>POST /api/v1/deliveries/{id}/retry</c> (a failed one, by a Coordinator of its department),
    /// <c>GET /api/v1/digests?department=</c>, <c>GET /api/v1/acknowledgements?department=</c> and
    /// <c>GET /api/v1/notifications/status</c> (the relay's health and counts per state).
    /// </summary>
    public static WebApplication MapDeliveriesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A Reader or Coordinator sees their departments' rows only, filtered in SQL: asking for
        // another department's gives an empty list.
        app.MapGet("/api/v1/deliveries", async (string? department, string? state, string? mode, Guid? change, Guid? advisory, DateTimeOffset? from, DateTimeOffset? to, int? page, Actor actor, AdvisoryWatchDbContext db, CancellationToken ct) =>
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

            var filter = new DeliveryFilter(department, wantedState, wantedMode, change, advisory, from, to);
            return Results.Ok(await DeliveryQuery.PageAsync(db, actor, filter, page ?? 1, ct));
        }).RequireReader();

        // 202: queued again; 409: not failed (nothing changed, nothing is sent); 404: not one of the caller's departments.
        app.MapPost("/api/v1/deliveries/{id:guid}/retry", async (Guid id, Actor actor, DeliveryRetry retry, CancellationToken ct) =>
            await retry.RetryAsync(actor, id, ct) switch
            {
                DeliveryRetryOutcome.Queued => Results.Accepted(value: new { State = Kebab(nameof(DeliveryState.Pending)) }),
                DeliveryRetryOutcome.NotFailed => Results.Conflict(new { Problem = "Only a failed delivery can be retried; this one is not failed, so nothing was changed." }),
                _ => Results.NotFound(),
            }).RequireCoordinator();

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

    /// <summary>RetryWaiting → retry-waiting, the form the API speaks and accepts.</summary>
    internal static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    internal static T? ParseEnum<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && !int.TryParse(text, out _) ? value : null;
}
