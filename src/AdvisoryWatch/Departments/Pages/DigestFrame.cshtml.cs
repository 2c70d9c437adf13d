using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Notifications.Digests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments.Pages;

/// <summary>
/// The HTML part of a recipient's next digest, exactly as the renderer makes it for the mail, for
/// the department page's frame. Mail HTML carries inline styles the pages' policy forbids, so this
/// document has its own: nothing but those styles and inline images, no script, no forms, no
/// requests, a sandbox, and only the product's own pages may frame it.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class DigestFrameModel(AdvisoryWatchDbContext db, DigestPreview digests) : PageModel
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

    public async Task<IActionResult> OnGetAsync(string id, Guid recipient, CancellationToken ct)
    {
        var department = await db.Set<Department>().AsNoTracking().ReadableBy(Actor.From(User)!, d => d.Id)
            .AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions)
            .SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null)
        {
            return NotFound();
        }

        var preview = await digests.RenderAsync(department, r => r.Id == recipient, emptyWhenNoDigest: false, ct);
        if (preview.Message is not { } message)
        {
            return NotFound();
        }

        SecurityHeaders.FramedBySelf(HttpContext, ContentSecurityPolicy);
        return Content(message.HtmlBody, "text/html; charset=utf-8");
    }
}
