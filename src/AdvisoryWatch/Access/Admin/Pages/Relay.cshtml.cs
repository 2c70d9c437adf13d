using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>The notification relay and the delivery queue per channel: what <c>GET /api/v1/notifications/status</c> reports.</summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class RelayModel(AdvisoryWatchDbContext db, IServiceProvider services) : PageModel
{
    public NotificationStatusView Status { get; private set; } = new(null, 0, new Dictionary<string, int>(), []);

    public async Task OnGetAsync() => Status = await NotificationStatus.ReadAsync(db, services, HttpContext.RequestAborted);
}
