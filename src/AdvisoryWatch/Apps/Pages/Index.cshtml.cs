using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Apps.Pages;

/// <summary>The app register: every app, the reader's departments' use of it; an Admin adds apps here (as <c>PUT /api/v1/apps/{id}</c>).</summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel(AdvisoryWatchDbContext db, AppRegister register) : PageModel
{
    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Vendor { get; set; }

    [BindProperty]
    public string? Aliases { get; set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public IReadOnlyList<AppView> Apps { get; private set; } = [];

    public IReadOnlyList<AppView> Retired { get; private set; } = [];

    /// <summary>Keys of <see cref="AppsText"/> for what was wrong with the form.</summary>
    public IReadOnlyList<string> ErrorKeys { get; private set; } = [];

    public bool IsAdmin => Actor.From(User)?.IsAdmin == true;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        var id = Id?.Trim() ?? "";
        if (await db.Set<App>().AnyAsync(a => a.Id == id && a.RetiredAtUtc == null, ct))
        {
            ErrorKeys = ["ErrorIdTaken"];
        }
        else
        {
            var outcome = await register.SaveAsync(id, new AppRequest(Name, Vendor, AppForm.SplitAliases(Aliases)), ct);
            if (outcome is WriteOutcome<AppView>.Saved saved)
            {
                return LocalRedirect($"/apps/{saved.Value.Id}?done=added");
            }

            ErrorKeys = AppForm.ErrorKeys(outcome);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await AppQueries.ListAsync(db, Actor.From(User)!, includeRetired: true, ct);
        Apps = [.. all.Where(a => a.RetiredAtUtc is null)];
        Retired = [.. all.Where(a => a.RetiredAtUtc is not null)];
    }
}
