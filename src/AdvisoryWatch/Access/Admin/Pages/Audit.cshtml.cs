using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>
/// The audit log, newest first, filtered by action, actor and a range of days (in the server's
/// time zone, as the times are shown), a page at a time: the query of <c>GET /api/v1/audit</c>.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class AuditModel(AdvisoryWatchDbContext db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>The page of entries (<c>?p=</c>: "page" is the route value naming the Razor page).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditPageView Result { get; private set; } = new(1, AuditFeature.PageSize, 0, []);

    /// <summary>The actions the log holds, offered while typing.</summary>
    public IReadOnlyList<string> KnownActions { get; private set; } = [];

    public string? ErrorKey { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        KnownActions = await db.Set<AuditEntry>().AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).Take(500).ToListAsync(ct);
        if (!ModelState.IsValid)
        {
            ErrorKey = "AuditBadFilter";
            return;
        }

        if (From > To)
        {
            ErrorKey = "AuditRangeReversed";
            return;
        }

        var query = new AuditQuery(Actor: Blank(Actor), Action: Blank(Action), Since: StartOf(From)) { Until = StartOf(To?.AddDays(1)) };
        Result = await query.PageAsync(db, Math.Max(1, PageNumber), AuditFeature.PageSize, ct);
    }

    /// <summary>This page's address for page <paramref name="number"/>, with the same filters.</summary>
    public string PageLink(int number)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = Blank(Action),
            ["actor"] = Blank(Actor),
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["p"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString("/admin/audit", query.Where(kv => kv.Value is not null));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The start of <paramref name="day"/> in the server's time zone.</summary>
    private DateTimeOffset? StartOf(DateOnly? day)
    {
        if (day is not { } d)
        {
            return null;
        }

        var local = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, time.LocalTimeZone.GetUtcOffset(local));
    }
}
