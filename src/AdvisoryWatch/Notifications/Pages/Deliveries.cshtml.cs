using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Pages;

/// <summary>
/// The delivery audit trail of the reader's departments (all for an Admin): filters, paging, why a
/// delivery failed (the stored reply), and a retry of a failed one through <see cref="DeliveryRetry"/>,
/// as the API does it.
/// </summary>
[Authorize(Policy = AccessPolicies.Coordinator)]
public sealed class DeliveriesModel(AdvisoryWatchDbContext db, DeliveryRetry retry, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    /// <summary>Kebab case, as the API: failed, retry-waiting, ...</summary>
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Mode { get; set; }

    /// <summary>Planned on or after this day (the server's time zone).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    /// <summary>Planned on or before this day.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Advisory { get; set; }

    /// <summary>"p", not "page": Razor Pages keeps "page" for the page's own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public DeliveryPage Rows { get; private set; } = new(1, DeliveryQuery.PageSize, 0, []);

    public IReadOnlyList<string> Departments { get; private set; } = [];

    public Actor Actor => Actor.From(User)!;

    public int LastPage => Math.Max(1, (Rows.Total + Rows.PageSize - 1) / Rows.PageSize);

    public static string StateName(DeliveryState state) => DeliveriesApi.Kebab(state.ToString());

    public async Task OnGetAsync(CancellationToken ct)
    {
        var zone = time.LocalTimeZone;
        var filter = new DeliveryFilter(
            string.IsNullOrEmpty(Department) ? null : Department,
            string.IsNullOrEmpty(State) ? null : DeliveriesApi.ParseEnum<DeliveryState>(State),
            string.IsNullOrEmpty(Mode) ? null : DeliveriesApi.ParseEnum<DeliveryMode>(Mode),
            Advisory: Advisory,
            FromUtc: From is { } from ? CadenceClock.ToUtc(from.ToDateTime(TimeOnly.MinValue), zone) : null,
            ToUtc: To is { } to ? CadenceClock.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone) : null);
        Rows = await DeliveryQuery.PageAsync(db, Actor, filter, Math.Max(1, PageNumber), ct);
        Departments = await db.Set<Department>().AsNoTracking().ReadableBy(Actor, d => d.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
    }

    /// <summary>Back to the same filters, saying what the retry came to.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid deliveryId, CancellationToken ct) =>
        await retry.RetryAsync(Actor, deliveryId, ct) switch
        {
            DeliveryRetryOutcome.Queued => LocalRedirect(Link(PageNumber, "retried")),
            DeliveryRetryOutcome.NotFailed => LocalRedirect(Link(PageNumber, "not-failed")),
            _ => NotFound(),
        };

    /// <summary>This page with the current filters, another page number and optionally a result.</summary>
    public string Link(int page, string? done = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["department"] = Department,
            ["state"] = State,
            ["mode"] = Mode,
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["advisory"] = Advisory?.ToString(),
            ["p"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["done"] = done,
        };
        return QueryHelpers.AddQueryString("/deliveries", query.Where(q => !string.IsNullOrEmpty(q.Value)));
    }
}
