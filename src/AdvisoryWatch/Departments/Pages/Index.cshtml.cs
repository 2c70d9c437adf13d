using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments.Pages;

/// <summary>The departments the reader may see (all for an Admin), with what each follows and how often.</summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel(AdvisoryWatchDbContext db) : PageModel
{
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        Departments = await db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id)
            .AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions)
            .OrderBy(d => d.Name).ToListAsync(ct);
    }
}
